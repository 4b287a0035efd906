import { PILOT_STAGES } from '../pilots/pilot-stage';
import type { PipelineDto } from './dto/pipeline.dto';
import type { PipelineRows } from './pipeline.repository';

/** Days to one decimal: a median age in days needs no more (docs/product.md §3.6.2). */
export const oneDecimal = (days: number | null): number | null => (days === null ? null : Math.round(days * 10) / 10);

/** The pipeline's rows → its response. */
export function pipelineView(
  scope: PipelineDto['scope'],
  { funnel, stages, areas, stalled, backlog }: PipelineRows,
): Omit<PipelineDto, 'events'> {
  return {
    scope,
    funnel: {
      challengesPublished: funnel.challenges_published,
      proposalsSubmitted: funnel.proposals_submitted,
      proposalsAccepted: funnel.proposals_accepted,
      pilotsReached: {
        explore_idea: funnel.pilots.explore_idea,
        explore_setup: funnel.pilots.explore_setup,
        develop_pilot: funnel.pilots.develop_pilot,
        scale: funnel.pilots.scale,
      },
      implemented: funnel.pilots.implemented,
      discontinued: funnel.pilots.discontinued,
    },
    stages: PILOT_STAGES.map((stage) => {
      const row = stages.find((s) => s.stage === stage);
      return {
        stage,
        active: row?.active ?? 0,
        onHold: row?.on_hold ?? 0,
        medianDaysInStage: oneDecimal(row?.median_days ?? null),
      };
    }),
    areas: areas.map((a) => ({
      area: a.area,
      challengesPublished: a.challenges_published,
      proposalsSubmitted: a.proposals_submitted,
      pilots: a.pilots,
    })),
    stalled: stalled.map((s) => ({
      pilotId: s.id,
      title: s.title,
      department: s.department,
      stage: s.stage,
      status: s.status,
      daysWithoutDecision: s.days,
    })),
    evaluatorBacklog: backlog.map((b) => ({
      evaluatorId: b.id,
      name: b.name,
      assigned: b.assigned,
      submitted: b.submitted,
      overdue: b.overdue,
    })),
  };
}
