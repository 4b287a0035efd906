import { Module } from '@nestjs/common';
import { PilotsController } from './pilots.controller';
import { PilotsService } from './pilots.service';
import { RegistryController } from './registry.controller';

@Module({ controllers: [PilotsController, RegistryController], providers: [PilotsService], exports: [PilotsService] })
export class PilotsModule {}
