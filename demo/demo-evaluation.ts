import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvaluationService } from '../src/evaluation/evaluation.service';
import type { Recommendation } from '../src/evaluation/review-rules';
import { UsersService } from '../src/users/users.service';

interface DemoReview {
  evaluator: string;
  /** A conflict of interest declared (recusal) instead of a review. */
  conflict?: string;
  /** One score per criterion, in the challenge's criteria order; fewer in a draft. */
  scores?: number[];
  recommendation?: Recommendation;
  comment?: string;
  submit?: boolean;
}

/**
 * The evaluation of the demo proposals: a strong disagreement with a recusal ending in an
 * acceptance (and so a pilot), a review still in draft, and a rejection without reviews.
 */
const DEMO_EVALUATIONS: {
  proposal: string;
  reviews: DemoReview[];
  decision?: { outcome: 'accepted' | 'rejected'; reason: string };
}[] = [
  {
    proposal: 'Samlastning med eldrivna lastcyklar i stadskärnan',
    reviews: [
      {
        evaluator: 'evaluator@demo.testbed.se',
        scores: [5, 5, 4, 4],
        recommendation: 'yes',
        comment: 'Tydlig effektlogik och en realistisk plan med handlarna.',
        submit: true,
      },
      {
        evaluator: 'evaluator2@demo.testbed.se',
        scores: [1, 2, 1, 2],
        recommendation: 'no',
        comment: 'Unclear who pays for the hub after the pilot; the volumes look optimistic.',
        submit: true,
      },
      { evaluator: 'evaluator3@demo.testbed.se', conflict: 'Jag var anställd hos Öresund Mobility AB till 2025.' },
    ],
    decision: {
      outcome: 'accepted',
      reason: 'Hög potentiell klimateffekt; finansieringsfrågan utreds i explore setup.',
    },
  },
  {
    proposal: 'Trygghetsvandringar med grannar på Drottninghög',
    reviews: [
      { evaluator: 'evaluator@demo.testbed.se', scores: [4, 3], comment: 'Utkast – läser vidare.', submit: false },
      { evaluator: 'evaluator2@demo.testbed.se' },
    ],
  },
  {
    proposal: 'Regional kameraövervakning av Knutpunkten',
    reviews: [],
    decision: {
      outcome: 'rejected',
      reason: 'The challenge asks for safety without more camera surveillance.',
    },
  },
];

/** Through the real services, as the demo admin and evaluators. Skips proposals that already have assignments. */
export async function seedEvaluation(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  const evaluation = app.get(EvaluationService);
  const admin = await users.findActiveByEmail('admin@demo.testbed.se');
  if (!admin) return;
  for (const demo of DEMO_EVALUATIONS) {
    const [proposal] = await db.query<{ id: string; status: string; criteria: { id: string }[] }[]>(
      `SELECT p.id, p.status, c.criteria FROM proposals p JOIN challenges c ON c.id = p.challenge_id WHERE p.title = $1`,
      [demo.proposal],
    );
    if (!proposal || proposal.status !== 'submitted') continue;
    const [started] = await db.query<unknown[]>(`SELECT 1 FROM assignments WHERE proposal_id = $1`, [proposal.id]);
    if (started) continue;
    for (const review of demo.reviews) {
      const evaluator = await users.findActiveByEmail(review.evaluator);
      if (!evaluator) continue;
      const dueAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
      const assignment = await evaluation.assign(admin, proposal.id, { evaluatorId: evaluator.id, dueAt });
      if (!review.scores && !review.conflict) continue;
      await evaluation.declare(evaluator, assignment.id, {
        conflict: review.conflict !== undefined,
        reason: review.conflict,
      });
      if (!review.scores) continue;
      await evaluation.saveReview(evaluator, assignment.id, {
        scores: review.scores.map((score, i) => ({ criterionId: proposal.criteria[i].id, score })),
        comment: review.comment,
        recommendation: review.recommendation,
        submit: review.submit ?? false,
      });
    }
    if (demo.decision) await evaluation.decide(admin, proposal.id, demo.decision);
  }
}
