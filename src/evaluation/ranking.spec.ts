import { rank, reviewTotal, zScores } from './ranking';
import type { Total } from './ranking';

/** Criteria with unequal weights: a 50, b 30, c 20. */
const CRITERIA = [
  { id: 'a', weight: 50 },
  { id: 'b', weight: 30 },
  { id: 'c', weight: 20 },
];
const scores = (a: number, b: number, c: number) => [
  { criterionId: 'a', score: a },
  { criterionId: 'b', score: b },
  { criterionId: 'c', score: c },
];

describe('reviewTotal = 100 × Σ(weight × score) / (5 × Σ weight)', () => {
  it('weighs unequal weights: a=4, b=2, c=5 → 100 × (200 + 60 + 100) / 500 = 72', () => {
    expect(reviewTotal(CRITERIA, scores(4, 2, 5))).toBe(72);
  });
  it('a high score on the heavy criterion counts more: a=5, b=0, c=0 → 100 × 250 / 500 = 50', () => {
    expect(reviewTotal(CRITERIA, scores(5, 0, 0))).toBe(50);
    expect(reviewTotal(CRITERIA, scores(0, 0, 5))).toBe(20);
  });
  it('runs from 0 to 100', () => {
    expect(reviewTotal(CRITERIA, scores(0, 0, 0))).toBe(0);
    expect(reviewTotal(CRITERIA, scores(5, 5, 5))).toBe(100);
  });
  it('does not depend on the weights summing to 100: 70/30 with 5 and 0 → 100 × 350 / 500 = 70', () => {
    const criteria = [
      { id: 'x', weight: 7 },
      { id: 'y', weight: 3 },
    ];
    expect(
      reviewTotal(criteria, [
        { criterionId: 'x', score: 5 },
        { criterionId: 'y', score: 0 },
      ]),
    ).toBe(70);
  });
});

describe('zScores (population standard deviation, per evaluator)', () => {
  it('E1 gave 80 and 40: mean 60, sd 20 → z = +1 and −1', () => {
    const totals: Total[] = [
      { evaluatorId: 'E1', proposalId: 'P1', total: 80 },
      { evaluatorId: 'E1', proposalId: 'P2', total: 40 },
    ];
    const z = zScores(totals);
    expect(z.get(totals[0])).toBe(1);
    expect(z.get(totals[1])).toBe(-1);
  });
  it('an evaluator who reviewed a single proposal gets z = 0', () => {
    const totals: Total[] = [{ evaluatorId: 'E2', proposalId: 'P1', total: 50 }];
    expect(zScores(totals).get(totals[0])).toBe(0);
  });
  it('an evaluator whose totals are all equal gets z = 0 for each', () => {
    const totals: Total[] = [
      { evaluatorId: 'E3', proposalId: 'P1', total: 60 },
      { evaluatorId: 'E3', proposalId: 'P2', total: 60 },
    ];
    const z = zScores(totals);
    expect([z.get(totals[0]), z.get(totals[1])]).toEqual([0, 0]);
  });
  it('three totals 90, 60, 30: mean 60, sd √600 ≈ 24.495 → z ≈ ±1.2247', () => {
    const totals: Total[] = [90, 60, 30].map((total, i) => ({ evaluatorId: 'E', proposalId: `P${i}`, total }));
    const z = zScores(totals);
    expect(z.get(totals[0])).toBeCloseTo(30 / Math.sqrt(600), 10);
    expect(z.get(totals[1])).toBe(0);
    expect(z.get(totals[2])).toBeCloseTo(-30 / Math.sqrt(600), 10);
  });
});

describe('rank', () => {
  // P1: E1 80, E2 50, E3 60. P2: E1 40, E3 60. P3: no reviews.
  const totals: Total[] = [
    { evaluatorId: 'E1', proposalId: 'P1', total: 80 },
    { evaluatorId: 'E2', proposalId: 'P1', total: 50 },
    { evaluatorId: 'E3', proposalId: 'P1', total: 60 },
    { evaluatorId: 'E1', proposalId: 'P2', total: 40 },
    { evaluatorId: 'E3', proposalId: 'P2', total: 60 },
  ];
  const ranking = rank(['P3', 'P2', 'P1'], totals);

  it('sorts by weightedScore, proposals without reviews last with nulls', () => {
    expect(ranking.map((r) => r.proposalId)).toEqual(['P1', 'P2', 'P3']);
    expect(ranking[2]).toEqual({
      proposalId: 'P3',
      weightedScore: null,
      normalizedScore: null,
      spread: null,
      disagreement: false,
      reviewsSubmitted: 0,
    });
  });

  it('P1: mean (80 + 50 + 60) / 3 = 63.33; z of E1 +1, E2 0 (one review), E3 0 (equal totals) → 1/3; spread exactly 30 → disagreement', () => {
    expect(ranking[0].weightedScore).toBeCloseTo(190 / 3, 10);
    expect(ranking[0].normalizedScore).toBeCloseTo(1 / 3, 10);
    expect(ranking[0].spread).toBe(30);
    expect(ranking[0].disagreement).toBe(true);
    expect(ranking[0].reviewsSubmitted).toBe(3);
  });

  it('P2: mean (40 + 60) / 2 = 50; z (−1 + 0) / 2 = −0.5; spread 20 → no disagreement', () => {
    expect(ranking[1]).toEqual({
      proposalId: 'P2',
      weightedScore: 50,
      normalizedScore: -0.5,
      spread: 20,
      disagreement: false,
      reviewsSubmitted: 2,
    });
  });

  it('a spread just under 30 is no disagreement', () => {
    const [row] = rank(
      ['P'],
      [
        { evaluatorId: 'A', proposalId: 'P', total: 72 },
        { evaluatorId: 'B', proposalId: 'P', total: 42.5 },
      ],
    );
    expect(row.spread).toBe(29.5);
    expect(row.disagreement).toBe(false);
  });
});
