import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pipelineScope } from '../common/access-policy';
import { SharedComputations } from '../common/shared-computation';
import type { AuthUser } from '../common/auth.decorators';
import { EventsService } from '../events/events.service';
import { PipelineDto, PipelineQueryDto } from './dto/pipeline.dto';
import { pipelineView } from './pipeline-views';
import { PipelineRepository } from './pipeline.repository';

@Injectable()
export class PipelineService {
  /** Computations under way, by scope: callers asking for the same scope meanwhile share the one answer. */
  private readonly inFlight = new SharedComputations<PipelineDto>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pipelineRows: PipelineRepository,
    private readonly events: EventsService,
  ) {}

  /**
   * A dashboard that many directors and staff open at once (a Monday-morning meeting) asks the
   * same question many times over: concurrent requests for one scope share one computation, so
   * an answer is never older than the computation the caller waited for, and the database does
   * the work once instead of once per caller.
   */
  pipeline(actor: AuthUser, query: PipelineQueryDto): Promise<PipelineDto> {
    const departmentId = pipelineScope(actor, query.departmentId);
    const key = JSON.stringify([departmentId, query.area ?? null, query.stalledDays]);
    return this.inFlight.run(key, () => this.compute(departmentId, query));
  }

  private async compute(departmentId: string | null, query: PipelineQueryDto): Promise<PipelineDto> {
    const rows = await this.pipelineRows.read(this.db.manager, departmentId, query.area ?? null, query.stalledDays);
    // The innovation centre's events held and people reached (docs/product.md, events).
    const events = await this.events.figures(departmentId, query.area ?? null);
    return {
      ...pipelineView({ departmentId, area: query.area ?? null, stalledDays: query.stalledDays }, rows),
      events,
    };
  }
}
