import { Module } from '@nestjs/common';
import { PilotsController } from './pilots.controller';
import { PilotsRepository } from './pilots.repository';
import { PilotsService } from './pilots.service';
import { RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';

@Module({
  controllers: [PilotsController, RegistryController],
  providers: [PilotsService, PilotsRepository, RegistryService],
  exports: [PilotsService],
})
export class PilotsModule {}
