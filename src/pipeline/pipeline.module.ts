import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { PipelineController } from './pipeline.controller';
import { PipelineService } from './pipeline.service';

@Module({ imports: [EventsModule], controllers: [PipelineController], providers: [PipelineService] })
export class PipelineModule {}
