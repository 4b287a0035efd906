import { randomUUID } from 'node:crypto';
import { RuleViolation } from '../common/errors';
import type { FieldError } from '../common/errors';
import type { CriterionInputDto } from './dto/challenge.dto';

/**
 * Evaluation criteria of a challenge (docs/product.md §2, §3.1.2): integer weights 1–100 that sum to exactly
 * 100. A draft may hold an incomplete set; publishing, and any edit of a published challenge,
 * needs a complete one.
 */
export interface Criterion {
  id: string;
  name: string;
  description: string | null;
  weight: number;
}

export const CRITERIA_WEIGHT_TOTAL = 100;
export const MAX_CRITERIA = 20;

export function weightSum(criteria: readonly Pick<Criterion, 'weight'>[]): number {
  return criteria.reduce((sum, c) => sum + c.weight, 0);
}

/** Why these criteria cannot be published (empty when they can); each message names the rule. */
export function criteriaProblems(criteria: readonly Pick<Criterion, 'name' | 'weight'>[]): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (message: string, field = 'criteria') => problems.push({ field, message });
  if (criteria.length === 0) problem('criteria must contain at least one criterion');
  if (criteria.length > MAX_CRITERIA) problem(`criteria may contain at most ${MAX_CRITERIA} criteria`);
  criteria.forEach((c, i) => {
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100) {
      problem(`criteria.${i}.weight must be an integer from 1 to 100, got ${c.weight}`, `criteria.${i}.weight`);
    }
  });
  const names = criteria.map((c) => c.name.trim().toLowerCase());
  const duplicates = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  if (duplicates.length > 0) problem(`criteria names must be unique; repeated: ${duplicates.join(', ')}`);
  const sum = weightSum(criteria);
  if (criteria.length > 0 && sum !== CRITERIA_WEIGHT_TOTAL) {
    problem(`criteria weights sum to ${sum}; they must sum to exactly ${CRITERIA_WEIGHT_TOTAL}`);
  }
  return problems;
}

/** Same criteria in substance (ids, names, descriptions, weights, order): an edit that changes nothing. */
export function sameCriteria(a: readonly Criterion[], b: readonly Criterion[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (c, i) =>
        c.id === b[i].id && c.name === b[i].name && c.description === b[i].description && c.weight === b[i].weight,
    )
  );
}

/**
 * Criteria as stored: an input naming an `id` keeps that existing criterion's id (reviews refer
 * to it); one without gets a new id. `foreign` lists the inputs whose id is not one of this
 * challenge's criteria (or repeats one), which the caller refuses once the state allows an edit.
 */
export function withIds(
  input: CriterionInputDto[],
  existing: readonly Criterion[],
): { criteria: Criterion[]; foreign: number[] } {
  const known = new Set(existing.map((c) => c.id));
  const seen = new Set<string>();
  const foreign: number[] = [];
  const criteria = input.map((c, i) => {
    let id = c.id ?? randomUUID();
    if (c.id !== undefined && (!known.has(c.id) || seen.has(c.id))) {
      foreign.push(i);
      id = randomUUID();
    }
    seen.add(id);
    return { id, name: c.name, description: c.description ?? null, weight: c.weight };
  });
  return { criteria, foreign };
}

export function assertNoForeignCriteria(foreign: number[]): void {
  if (foreign.length === 0) return;
  const errors = foreign.map((i) => ({
    field: `criteria.${i}.id`,
    message: `criteria.${i}.id is not the id of a criterion of this challenge`,
  }));
  throw new RuleViolation(errors.map((e) => e.message).join('; '), errors);
}
