import { Module } from '@nestjs/common';
import { PilotsService } from './pilots.service';

@Module({ providers: [PilotsService], exports: [PilotsService] })
export class PilotsModule {}
