import type { Challenge } from './challenge.entity';
import type { EditableField } from './challenge-state';
import { sameCriteria } from './criteria';
import type { Criterion } from './criteria';
import type { UpdateChallengeDto } from './dto/challenge.dto';

/** What an edit of a challenge changes: pure functions over the request and the stored values. */

/** The entity column behind each editable API field. */
export const COLUMN: Record<EditableField, keyof Challenge> = {
  title: 'title',
  summary: 'summary',
  description: 'description',
  expectedEffects: 'expectedEffects',
  testbedSite: 'testbedSite',
  tags: 'tags',
  sdgs: 'sdgs',
  welfareArea: 'welfareAreaCode',
  budgetSek: 'budgetSek',
  blindReview: 'blindReview',
  submissionDeadline: 'submissionDeadline',
  criteria: 'criteria',
};

/** The new value of every field the request names, in the entity's representation (criteria already with ids). */
export function proposedValues(
  dto: UpdateChallengeDto,
  criteria?: Criterion[],
): Partial<Record<EditableField, unknown>> {
  const next: Partial<Record<EditableField, unknown>> = {};
  const set = (field: EditableField, value: unknown) => {
    if (value !== undefined) next[field] = value;
  };
  set('title', dto.title);
  set('summary', dto.summary);
  set('description', dto.description);
  set('expectedEffects', dto.expectedEffects);
  set('testbedSite', dto.testbedSite);
  set('tags', dto.tags);
  set('sdgs', dto.sdgs ? [...dto.sdgs].sort((a, b) => a - b) : undefined);
  set('welfareArea', dto.welfareArea);
  set('budgetSek', dto.budgetSek);
  set('blindReview', dto.blindReview);
  if (dto.submissionDeadline !== undefined) {
    next.submissionDeadline = dto.submissionDeadline === null ? null : new Date(dto.submissionDeadline);
  }
  if (criteria !== undefined) next.criteria = criteria;
  return next;
}

export function sameValue(field: EditableField, current: unknown, next: unknown): boolean {
  if (field === 'criteria') return sameCriteria(current as Criterion[], next as Criterion[]);
  if (current instanceof Date || next instanceof Date) {
    return current instanceof Date && next instanceof Date && current.getTime() === next.getTime();
  }
  if (Array.isArray(current) && Array.isArray(next)) {
    return current.length === next.length && current.every((v, i) => v === next[i]);
  }
  return current === next;
}
