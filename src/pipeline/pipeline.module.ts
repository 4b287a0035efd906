import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { PipelineController } from './pipeline.controller';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';

@Module({
  imports: [EventsModule],
  controllers: [PipelineController],
  providers: [PipelineService, PipelineRepository],
})
export class PipelineModule {}
