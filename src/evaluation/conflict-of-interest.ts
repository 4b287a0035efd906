/**
 * Conflict of interest (jäv, förvaltningslagen 16 §; docs/product.md §3.4.2): an evaluator who is
 * a member of an organisation of the proposal's consortium, or of an organisation with its own
 * non-draft proposal on the same challenge (a competitor: an interest in the outcome), may not
 * evaluate it. The rule is one SQL predicate, applied at every step (assignment, declaration,
 * review, ranking, decision) and whenever someone gains such a membership; and one message.
 * No framework imports.
 */
export const INTEREST_RELATIONS = ['lead', 'partner', 'competitor'] as const;
/** How the organisation is tied to the proposal: its lead, a consortium partner, or a competitor's consortium. */
export type InterestRelation = (typeof INTEREST_RELATIONS)[number];

/** The organisation through which an evaluator has an interest in a proposal. */
export interface Interest {
  organizationId: string;
  organizationName: string;
  relation: InterestRelation;
}

/** The columns `interestSql` yields, as read from a query. */
export interface InterestRow {
  interest_organization_id: string | null;
  interest_organization_name: string | null;
  interest_relation: InterestRelation | null;
}

/**
 * The rule as SQL: the organisation through which the user `evaluator` has an interest in the
 * proposal `proposal` (SQL expressions, e.g. `a.evaluator_id` and `a.proposal_id`, or `$1`), most
 * direct first; no row when there is none. Use it as `EXISTS (…)`, or as a `LEFT JOIN LATERAL (…)
 * ON true` for the columns of `InterestRow`.
 */
export function interestSql(evaluator: string, proposal: string): string {
  return `SELECT io.id AS interest_organization_id, io.name AS interest_organization_name,
      CASE WHEN ip.id <> it.id THEN 'competitor' WHEN io.id = ip.lead_organization_id THEN 'lead' ELSE 'partner' END
        AS interest_relation
    FROM proposals it
    JOIN proposals ip ON ip.challenge_id = it.challenge_id AND (ip.id = it.id OR ip.status <> 'draft')
    JOIN organizations io ON io.id = ip.lead_organization_id
      OR io.id IN (SELECT ipp.organization_id FROM proposal_partners ipp WHERE ipp.proposal_id = ip.id)
    JOIN memberships im ON im.organization_id = io.id AND im.user_id = ${evaluator}
    WHERE it.id = ${proposal}
    ORDER BY ip.id = it.id DESC, io.id = ip.lead_organization_id DESC, io.name, io.id
    LIMIT 1`;
}

/** The interest of a row read with `interestSql`'s columns, or null. */
export function interestOf(row: InterestRow): Interest | null {
  if (row.interest_organization_id === null || row.interest_relation === null) return null;
  return {
    organizationId: row.interest_organization_id,
    organizationName: row.interest_organization_name ?? '',
    relation: row.interest_relation,
  };
}

const TIE: Record<InterestRelation, string> = {
  lead: "the proposal's lead organisation",
  partner: "a partner organisation in the proposal's consortium",
  competitor: 'which has its own proposal on the same challenge (a competitor: an interest in the outcome)',
};

/** "Conflict of interest (jäv, förvaltningslagen 16 §): Eva is a member of X, the proposal's lead organisation." */
export function interestMessage(who: string, interest: Interest): string {
  return `Conflict of interest (jäv, förvaltningslagen 16 §): ${who} is a member of ${interest.organizationName}, ${TIE[interest.relation]}.`;
}

/** How the API shows an interest (ConflictOfInterestDto). */
export function interestView(
  who: string,
  interest: Interest,
): { organization: { id: string; name: string }; relation: InterestRelation; reason: string } {
  return {
    organization: { id: interest.organizationId, name: interest.organizationName },
    relation: interest.relation,
    reason: interestMessage(who, interest),
  };
}
