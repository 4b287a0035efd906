import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChallengesService } from '../challenges/challenges.service';
import { isCityStaffOf } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Forbidden } from '../common/errors';
import { SharedComputations } from '../common/shared-computation';
import type { PartnerStatus, ProposalStatus } from '../proposals/proposal-state';
import { RankingDto } from './dto/evaluation.dto';
import { interestOf, interestSql, interestView } from './conflict-of-interest';
import type { InterestRow } from './conflict-of-interest';
import { DISAGREEMENT_SPREAD } from './ranking';

/**
 * The ranking of docs/product.md §3.4.6 in one statement (ranking.ts defines the same maths in
 * TypeScript): each submitted review's total from the challenge's criteria weights (kept on the
 * review when it is submitted, migration ReviewTotals), each
 * evaluator's z-scores over the proposals of this challenge they reviewed (population standard
 * deviation; 0 for fewer than two or equal totals), then per proposal the means, spread and counts.
 * A review whose evaluator has a conflict of interest in the proposal (conflict-of-interest.ts)
 * counts nowhere: it is listed per proposal under `excluded`. Each counted review's total and z-score
 * are listed per proposal too (`calibrated`), so the department sees how each evaluator's scale
 * moved the result; with the overdue assignments and the consortium, the department's overview of
 * a challenge's proposals needs no other request.
 */
const RANKING_SQL = `
WITH ranked AS (
  SELECT p.id, p.title, p.status, p.lead_organization_id, p.created_at
  FROM proposals p WHERE p.challenge_id = $1 AND p.status IN ('submitted', 'accepted', 'rejected')
),
evaluations AS (
  SELECT a.id AS assignment_id, a.proposal_id, a.evaluator_id, a.status, a.due_at, r.total, r.recommendation, r.submitted_at,
         ci.interest_organization_id, ci.interest_organization_name, ci.interest_relation
  FROM ranked rp
  JOIN assignments a ON a.proposal_id = rp.id
  LEFT JOIN reviews r ON r.assignment_id = a.id
  LEFT JOIN LATERAL (${interestSql('a.evaluator_id', 'a.proposal_id')}) ci ON true
),
counted AS (SELECT * FROM evaluations WHERE submitted_at IS NOT NULL AND interest_relation IS NULL),
totals AS (SELECT proposal_id, evaluator_id, assignment_id, total FROM counted WHERE total IS NOT NULL),
excluded AS (
  SELECT ev.proposal_id,
         jsonb_agg(jsonb_build_object('assignmentId', ev.assignment_id, 'evaluatorId', ev.evaluator_id,
                     'evaluatorName', u.name, 'interest_organization_id', ev.interest_organization_id,
                     'interest_organization_name', ev.interest_organization_name,
                     'interest_relation', ev.interest_relation)
                   ORDER BY u.name, ev.assignment_id) AS items
  FROM evaluations ev JOIN users u ON u.id = ev.evaluator_id
  WHERE ev.submitted_at IS NOT NULL AND ev.interest_relation IS NOT NULL
  GROUP BY ev.proposal_id
),
scored AS (
  SELECT proposal_id, evaluator_id, assignment_id, total,
         CASE WHEN count(*) OVER e < 2 OR stddev_pop(total) OVER e = 0 THEN 0
              ELSE (total - avg(total) OVER e) / stddev_pop(total) OVER e END AS z
  FROM totals WINDOW e AS (PARTITION BY evaluator_id)
),
scores AS (
  SELECT proposal_id, avg(total) AS weighted_score, avg(z) AS normalized_score,
         max(total) - min(total) AS spread, count(*)::int AS reviews_submitted
  FROM scored GROUP BY proposal_id
),
calibrated AS (
  SELECT sc.proposal_id,
         jsonb_agg(jsonb_build_object('assignmentId', sc.assignment_id, 'evaluatorId', sc.evaluator_id,
                     'evaluatorName', u.name, 'total', sc.total, 'zScore', sc.z)
                   ORDER BY u.name, sc.assignment_id) AS items
  FROM scored sc JOIN users u ON u.id = sc.evaluator_id
  GROUP BY sc.proposal_id
),
assigned AS (
  SELECT proposal_id,
         count(*) FILTER (WHERE status <> 'recused' AND interest_relation IS NULL)::int AS reviews_assigned,
         count(*) FILTER (WHERE status = 'recused')::int AS recusals,
         count(*) FILTER (WHERE status = 'assigned' AND interest_relation IS NULL AND due_at < now())::int AS overdue,
         count(*) FILTER (WHERE submitted_at IS NOT NULL AND interest_relation IS NULL AND recommendation = 'yes')::int AS yes,
         count(*) FILTER (WHERE submitted_at IS NOT NULL AND interest_relation IS NULL AND recommendation = 'maybe')::int AS maybe,
         count(*) FILTER (WHERE submitted_at IS NOT NULL AND interest_relation IS NULL AND recommendation = 'no')::int AS no
  FROM evaluations GROUP BY proposal_id
)
SELECT rp.id, rp.title, rp.status, o.id AS lead_id, o.name AS lead_name,
       s.weighted_score, s.normalized_score, s.spread, coalesce(s.reviews_submitted, 0) AS reviews_submitted,
       coalesce(x.reviews_assigned, 0) AS reviews_assigned, coalesce(x.recusals, 0) AS recusals,
       coalesce(x.overdue, 0) AS overdue, coalesce(cal.items, '[]'::jsonb) AS calibrated,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', po.id, 'name', po.name, 'status', pp.status)
                                  ORDER BY po.name, po.id), '[]'::jsonb)
        FROM proposal_partners pp JOIN organizations po ON po.id = pp.organization_id
        WHERE pp.proposal_id = rp.id) AS partners,
       coalesce(x.yes, 0) AS yes, coalesce(x.maybe, 0) AS maybe, coalesce(x.no, 0) AS no,
       coalesce(ex.items, '[]'::jsonb) AS excluded
FROM ranked rp
JOIN organizations o ON o.id = rp.lead_organization_id
LEFT JOIN scores s ON s.proposal_id = rp.id
LEFT JOIN assigned x ON x.proposal_id = rp.id
LEFT JOIN excluded ex ON ex.proposal_id = rp.id
LEFT JOIN calibrated cal ON cal.proposal_id = rp.id
ORDER BY s.weighted_score DESC NULLS LAST, rp.id`;

interface RankingRow {
  id: string;
  title: string;
  status: ProposalStatus;
  lead_id: string;
  lead_name: string;
  weighted_score: number | null;
  normalized_score: number | null;
  spread: number | null;
  reviews_submitted: number;
  reviews_assigned: number;
  recusals: number;
  overdue: number;
  calibrated: { assignmentId: string; evaluatorId: string; evaluatorName: string; total: number; zScore: number }[];
  partners: { id: string; name: string; status: PartnerStatus }[];
  yes: number;
  maybe: number;
  no: number;
  excluded: ({ assignmentId: string; evaluatorId: string; evaluatorName: string } & InterestRow)[];
}

@Injectable()
export class RankingService {
  /** Rankings under way, by challenge: staff opening one challenge's ranking together share one. */
  private readonly inFlight = new SharedComputations<RankingDto>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly challenges: ChallengesService,
  ) {}

  /**
   * The challenge's department staff, directors and admins; 404 for a challenge the caller cannot
   * see. The ranking is the same for everyone allowed to see it, so callers asking for one
   * challenge's ranking at the same time share one computation (a department's meeting opening
   * it together), each after its own permission check.
   */
  async ranking(actor: AuthUser, challengeId: string): Promise<RankingDto> {
    const terms = await this.challenges.proposalTerms(this.db.manager, actor, challengeId, 'none');
    if (!isCityStaffOf(actor, terms.departmentId)) {
      throw new Forbidden("The ranking is for the challenge's department staff, directors and admins.");
    }
    return this.inFlight.run(challengeId, () => this.compute(challengeId));
  }

  private async compute(challengeId: string): Promise<RankingDto> {
    const rows = await this.db.query<RankingRow[]>(RANKING_SQL, [challengeId]);
    return {
      challengeId,
      items: rows.map((r) => ({
        proposalId: r.id,
        title: r.title,
        leadOrganization: { id: r.lead_id, name: r.lead_name },
        status: r.status,
        weightedScore: r.weighted_score,
        normalizedScore: r.normalized_score,
        spread: r.spread,
        disagreement: r.spread !== null && r.spread >= DISAGREEMENT_SPREAD,
        reviewsSubmitted: r.reviews_submitted,
        reviewsAssigned: r.reviews_assigned,
        recusals: r.recusals,
        overdue: r.overdue,
        partners: r.partners,
        evaluations: r.calibrated.map((e) => ({
          assignmentId: e.assignmentId,
          evaluator: { id: e.evaluatorId, name: e.evaluatorName },
          total: e.total,
          zScore: e.zScore,
        })),
        recommendations: { yes: r.yes, maybe: r.maybe, no: r.no },
        excludedReviews: r.excluded.map((e) => ({
          assignmentId: e.assignmentId,
          evaluator: { id: e.evaluatorId, name: e.evaluatorName },
          ...interestView(e.evaluatorName, interestOf(e)!),
        })),
      })),
    };
  }
}
