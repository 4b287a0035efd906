import { interestMessage, interestOf, interestSql, interestView } from './conflict-of-interest';

describe('conflict of interest', () => {
  const row = (relation: 'lead' | 'partner' | 'competitor' | null) => ({
    interest_organization_id: relation && 'org-1',
    interest_organization_name: relation && 'Norra Omsorg AB',
    interest_relation: relation,
  });

  it('reads no interest from a row without one', () => {
    expect(interestOf(row(null))).toBeNull();
  });

  it.each([
    ['lead', "the proposal's lead organisation"],
    ['partner', "a partner organisation in the proposal's consortium"],
    ['competitor', 'its own proposal on the same challenge (a competitor: an interest in the outcome)'],
  ] as const)('names the rule, the person and the organisation (%s)', (relation, tie) => {
    const message = interestMessage('Eva', interestOf(row(relation))!);
    expect(message).toMatch(
      /^Conflict of interest \(jäv, förvaltningslagen 16 §\): Eva is a member of Norra Omsorg AB, /,
    );
    expect(message).toContain(tie);
  });

  it('shows the organisation, the relation and the reason', () => {
    expect(interestView('Eva', interestOf(row('lead'))!)).toEqual({
      organization: { id: 'org-1', name: 'Norra Omsorg AB' },
      relation: 'lead',
      reason: expect.stringContaining('Norra Omsorg AB'),
    });
  });

  it('is one predicate over the given evaluator and proposal expressions', () => {
    const sql = interestSql('a.evaluator_id', '$2');
    expect(sql).toContain('im.user_id = a.evaluator_id');
    expect(sql).toContain('WHERE it.id = $2');
    // Drafts of others are no interest yet; the proposal's own consortium always is.
    expect(sql).toContain(`(ip.id = it.id OR ip.status <> 'draft')`);
  });
});
