import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createdAtKey, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { RegistryPageDto, RegistryQueryDto } from './dto/pilot.dto';
import type { PilotStage, PilotStatus } from './pilot-stage';
import { effectGoalsOf } from './pilots.repository';

/** The public registry of pilots (docs/product.md §3.6.3): its own unit, read by anyone, no sign-in. */
@Injectable()
export class RegistryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The public registry: two statements whatever the page size (the page, then its effect goals).
   * Built from an explicit list of public fields: no person, email or orgNumber can reach it,
   * and a resident-led pilot shows "Resident initiative" instead of the residents' group name.
   */
  async registry(query: RegistryQueryDto): Promise<RegistryPageDto> {
    const filter = new SqlFilter();
    if (query.area) filter.add('c.welfare_area_code = ?', query.area);
    if (query.stage) filter.add('pl.stage = ?', query.stage);
    filter.after(query.cursor, 'pl');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<
      {
        id: string;
        title: string;
        summary: string;
        welfare_area: string;
        department: string;
        stage: PilotStage;
        status: PilotStatus;
        lead: string;
        created_key: string;
      }[]
    >(
      `SELECT pl.id, pr.title, pr.summary, c.welfare_area_code AS welfare_area, d.name AS department, pl.stage, pl.status,
              CASE WHEN o.kind = 'resident' THEN 'Resident initiative' ELSE o.name END AS lead,
              ${createdAtKey('pl')} AS created_key
       FROM pilots pl
       JOIN proposals pr ON pr.id = pl.proposal_id
       JOIN challenges c ON c.id = pl.challenge_id
       JOIN departments d ON d.id = pl.department_id
       JOIN organizations o ON o.id = pr.lead_organization_id
       WHERE ${filter.where}
       ORDER BY pl.created_at DESC, pl.id DESC LIMIT ${limit}`,
      filter.params,
    );
    const page = toPage(
      rows,
      query.limit,
      (r) => [r.created_key, r.id],
      (r) => r,
    );
    const goals = await effectGoalsOf(
      this.db.manager,
      page.items.map((r) => r.id),
    );
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        id: r.id,
        title: r.title,
        summary: r.summary,
        welfareArea: r.welfare_area,
        department: r.department,
        stage: r.stage,
        status: r.status,
        lead: r.lead,
        effectGoals: goals
          .filter((g) => g.pilotId === r.id)
          .map(({ goal }) => ({
            name: goal.name,
            unit: goal.unit,
            baseline: goal.baseline,
            target: goal.target,
            direction: goal.direction,
            latestValue: goal.latestMeasurement?.value ?? null,
            progress: goal.progress,
          })),
      })),
    };
  }
}
