import type { TFunction } from 'i18next';
import type { Notification } from './hooks';

const PROPOSAL_OUTCOMES = ['accepted', 'rejected'] as const;
const GATES = ['time', 'money', 'scale', 'implement'] as const;
const GATE_OUTCOMES = ['go', 'hold', 'stop'] as const;
const ROLES = ['owner', 'member'] as const;
const STAGES = ['explore_idea', 'explore_setup', 'develop_pilot', 'scale'] as const;
const STATUSES = ['active', 'on_hold', 'implemented', 'discontinued'] as const;

const known = <T extends string>(values: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (values as readonly string[]).includes(value);

/**
 * A notification's text in the reader's language, from its kind and facts (codes translated);
 * null for one written before the API kept the facts, which then shows the API's English text.
 */
export function notificationText(t: TFunction, { kind, data }: Pick<Notification, 'kind' | 'data'>): string | null {
  if (!data.title) return null;
  const outcome =
    kind === 'proposal.decided' && known(PROPOSAL_OUTCOMES, data.outcome)
      ? t(`notifications.proposalOutcomes.${data.outcome}`)
      : known(GATE_OUTCOMES, data.outcome)
        ? t(`notifications.gateOutcomes.${data.outcome}`)
        : data.outcome;
  return t(`notifications.texts.${kind}`, {
    ...data,
    outcome,
    gate: known(GATES, data.gate) ? t(`notifications.gates.${data.gate}`) : data.gate,
    role: known(ROLES, data.role) ? t(`notifications.roles.${data.role}`) : data.role,
    stage: known(STAGES, data.stage) ? t(`pilots.stages.${data.stage}`) : data.stage,
    status: known(STATUSES, data.status) ? t(`pilots.status.${data.status}`) : data.status,
  });
}
