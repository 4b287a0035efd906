/**
 * The ranking maths of docs/product.md §3.4.6, as plain functions. The ranking endpoint computes the same
 * in SQL; these define it, are unit-tested on hand-computed numbers, and the e2e test checks
 * the SQL against them.
 */
export const DISAGREEMENT_SPREAD = 30;

export interface WeightedCriterion {
  id: string;
  weight: number;
}

/** An evaluator's total for a proposal: 100 × Σ(weight × score) / (5 × Σ weight), 0–100. */
export function reviewTotal(
  criteria: readonly WeightedCriterion[],
  scores: readonly { criterionId: string; score: number }[],
): number {
  const weights = new Map(criteria.map((c) => [c.id, c.weight]));
  const weighted = scores.reduce((sum, s) => sum + (weights.get(s.criterionId) ?? 0) * s.score, 0);
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  return (100 * weighted) / (5 * totalWeight);
}

export interface Total {
  proposalId: string;
  evaluatorId: string;
  total: number;
}

/**
 * Each evaluator's z-score of each of their totals among the proposals they reviewed (population
 * standard deviation): 0 where they reviewed fewer than 2, or gave every proposal the same total.
 */
export function zScores(totals: readonly Total[]): Map<Total, number> {
  const byEvaluator = new Map<string, Total[]>();
  for (const t of totals) byEvaluator.set(t.evaluatorId, [...(byEvaluator.get(t.evaluatorId) ?? []), t]);
  const z = new Map<Total, number>();
  for (const own of byEvaluator.values()) {
    const mean = own.reduce((s, t) => s + t.total, 0) / own.length;
    const sd = Math.sqrt(own.reduce((s, t) => s + (t.total - mean) ** 2, 0) / own.length);
    for (const t of own) z.set(t, own.length < 2 || sd === 0 ? 0 : (t.total - mean) / sd);
  }
  return z;
}

export interface RankedScores {
  proposalId: string;
  weightedScore: number | null;
  normalizedScore: number | null;
  spread: number | null;
  disagreement: boolean;
  reviewsSubmitted: number;
}

/** Per proposal: mean total, mean z-score, spread and disagreement; sorted by weightedScore, unreviewed last. */
export function rank(proposalIds: readonly string[], totals: readonly Total[]): RankedScores[] {
  const z = zScores(totals);
  const rows = proposalIds.map((proposalId): RankedScores => {
    const own = totals.filter((t) => t.proposalId === proposalId);
    if (own.length === 0) {
      return {
        proposalId,
        weightedScore: null,
        normalizedScore: null,
        spread: null,
        disagreement: false,
        reviewsSubmitted: 0,
      };
    }
    const values = own.map((t) => t.total);
    const spread = Math.max(...values) - Math.min(...values);
    return {
      proposalId,
      weightedScore: values.reduce((s, v) => s + v, 0) / values.length,
      normalizedScore: own.reduce((s, t) => s + (z.get(t) ?? 0), 0) / own.length,
      spread,
      disagreement: spread >= DISAGREEMENT_SPREAD,
      reviewsSubmitted: own.length,
    };
  });
  return rows.sort(
    (a, b) =>
      (b.weightedScore ?? -Infinity) - (a.weightedScore ?? -Infinity) ||
      (a.proposalId < b.proposalId ? -1 : a.proposalId > b.proposalId ? 1 : 0),
  );
}
