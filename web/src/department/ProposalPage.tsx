import {
  ComboBox,
  Form,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Button as AriaButton,
  FieldError,
  Text,
} from 'react-aria-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { RequireRole } from '../account/RequireRole';
import { ApiError } from '../api/client';
import { NotFoundContent } from '../app/NotFoundPage';
import { useFormat } from '../i18n/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Link } from '../ui/Link';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import {
  useAssign,
  useDecide,
  useEvaluators,
  useManagedChallenge,
  useProposal,
  useProposalAssignments,
  useProposalReviews,
  useRanking,
} from './hooks';
import type { Challenge, Proposal } from './hooks';
import { explainConflict, fromLocalInput } from './rules';
import './department.css';

/** A proposal for the department: its consortium, evaluators (assign, recusals), all reviews, the decision. */
export default function ProposalPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  return (
    <RequireRole
      title={t('department.proposal.title')}
      roles={['department', 'director', 'admin']}
      notAllowed={t('department.common.notForYou')}
    >
      {() => <ProposalLoader id={id} />}
    </RequireRole>
  );
}

function ProposalLoader({ id }: { id: string }) {
  const { t } = useTranslation();
  const proposal = useProposal(id);
  if (proposal.error instanceof ApiError && [400, 404].includes(proposal.error.status)) return <NotFoundContent />;
  return (
    <QueryState query={proposal} page={t('department.proposal.title')}>
      {(data) => <ChallengeLoader proposal={data} />}
    </QueryState>
  );
}

function ChallengeLoader({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const challenge = useManagedChallenge(proposal.challenge.id);
  return (
    <QueryState query={challenge} page={t('department.proposal.title')}>
      {(data) => <ProposalView proposal={proposal} challenge={data} />}
    </QueryState>
  );
}

function ProposalView({ proposal, challenge }: { proposal: Proposal; challenge: Challenge }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Page title={proposal.title} lead={proposal.summary}>
      <p className="card-kicker">
        {t('department.common.forChallenge', { title: challenge.title })} ·{' '}
        {t(`department.proposalState.${proposal.status as 'submitted'}`)}
      </p>
      <div className="two-columns">
        <div>
          <section aria-labelledby="proposal-description">
            <h2 id="proposal-description">{t('department.proposal.description')}</h2>
            <p className="prose">{proposal.description}</p>
            {proposal.expectedEffects && (
              <>
                <h3>{t('department.proposal.effects')}</h3>
                <p className="prose">{proposal.expectedEffects}</p>
              </>
            )}
          </section>
          <Evaluators proposal={proposal} />
          <Reviews proposal={proposal} challenge={challenge} />
          <Decision proposal={proposal} />
        </div>
        <aside className="panel" aria-labelledby="proposal-facts">
          <h2 id="proposal-facts">{t('department.proposal.facts')}</h2>
          <dl className="facts">
            <dt>{t('department.proposals.consortium')}</dt>
            <dd>
              {proposal.leadOrganization.name} ({t('department.proposals.lead')})
              {proposal.partners.map((p) => (
                <span key={p.organization.id}>
                  <br />
                  {p.organization.name}
                  {p.status === 'invited' && ` (${t('department.proposals.invited')})`}
                </span>
              ))}
            </dd>
            <dt>{t('department.proposal.budget')}</dt>
            <dd>{format.sek(proposal.requestedBudgetSek)}</dd>
            <dt>{t('department.proposal.duration')}</dt>
            <dd>{t('department.proposal.months', { count: proposal.durationMonths })}</dd>
            {proposal.trl != null && (
              <>
                <dt>{t('department.proposal.trl')}</dt>
                <dd>{proposal.trl}</dd>
              </>
            )}
            {proposal.submittedAt && (
              <>
                <dt>{t('department.proposal.submitted')}</dt>
                <dd>{format.dateTime(proposal.submittedAt)}</dd>
              </>
            )}
          </dl>
        </aside>
      </div>
      <p>
        <Link href={`/department/challenges/${challenge.id}/proposals`}>{t('department.common.backToProposals')}</Link>
      </p>
    </Page>
  );
}

function Evaluators({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const format = useFormat();
  const assignments = useProposalAssignments(proposal.id);
  return (
    <section aria-labelledby="evaluators-title">
      <h2 id="evaluators-title">{t('department.assign.title')}</h2>
      <QueryState query={assignments}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('department.assign.none')}</p>
          ) : (
            <ul className="plain-list">
              {page.items.map((a) => (
                <li key={a.id}>
                  <strong>{a.evaluator.name}</strong> – {t(`department.assign.status.${a.status}`)}
                  {a.dueAt && <> · {t('department.assign.due', { date: format.dateTime(a.dueAt) })}</>}
                  {a.status === 'assigned' && a.dueAt && new Date(a.dueAt).getTime() < Date.now() && (
                    <>
                      {' '}
                      <span className="status-flag status-flag-warn">{t('department.assign.overdue')}</span>
                    </>
                  )}
                  {a.status === 'recused' && a.declaration?.reason && (
                    <p className="muted">{t('department.assign.recusedReason', { reason: a.declaration.reason })}</p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {proposal.status === 'submitted' && <AssignForm proposal={proposal} />}
    </section>
  );
}

function AssignForm({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const evaluators = useEvaluators();
  const ranking = useRanking(proposal.challenge.id);
  const assign = useAssign(proposal.id);
  const [evaluatorId, setEvaluatorId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [assigned, setAssigned] = useState<string | null>(null);
  const form = useFormState(
    {
      evaluatorId: { id: 'assign-evaluator', label: t('department.assign.evaluator') },
      dueAt: { id: 'assign-due', label: t('department.assign.dueAt') },
    },
    { evaluatorId: '', dueAt: '' },
  );
  const options = (evaluators.data ?? []).filter((e) => e.name.toLowerCase().includes(search.toLowerCase()));
  const nameOf = (id: string) => evaluators.data?.find((e) => e.id === id)?.name ?? '';
  return (
    <Form
      className="form panel"
      validationBehavior="aria"
      aria-labelledby="assign-form-title"
      onSubmit={form.submit(assign, {
        check: (values) => ({
          evaluatorId: evaluatorId ? undefined : t('department.assign.errors.evaluator'),
          dueAt:
            values.dueAt &&
            !(fromLocalInput(values.dueAt) && new Date(fromLocalInput(values.dueAt)!).getTime() > Date.now())
              ? t('department.assign.errors.dueAt')
              : undefined,
        }),
        variables: (values) => ({ evaluatorId: evaluatorId ?? '', dueAt: fromLocalInput(values.dueAt) ?? undefined }),
        onSuccess: () => {
          setAssigned(t('department.assign.done', { name: nameOf(evaluatorId ?? '') }));
          setEvaluatorId(null);
          setSearch('');
          form.clear();
        },
        refusal: (error) => {
          if (error.status === 409)
            return {
              field: 'evaluatorId',
              message: t('department.assign.errors.already', { name: nameOf(evaluatorId ?? '') }),
            };
          const field = error.problem.errors?.find((e) => e.field === 'evaluatorId');
          if (error.status === 422 && field && field.message.includes('16 §')) {
            const row = ranking.data?.items.find((r) => r.proposalId === proposal.id);
            const others = (ranking.data?.items ?? [])
              .filter((r) => r.proposalId !== proposal.id)
              .flatMap((r) => [r.leadOrganization, ...r.partners]);
            const found = explainConflict(
              field.message,
              {
                lead: proposal.leadOrganization,
                partners: row?.partners ?? proposal.partners.map((p) => p.organization),
              },
              others,
            );
            return {
              field: 'evaluatorId',
              message: found
                ? t(`department.assign.conflict.${found.relation}`, {
                    name: nameOf(evaluatorId ?? ''),
                    organization: found.organization,
                  })
                : field.message,
            };
          }
          if (error.status === 422 && error.problem.errors?.some((e) => e.field === 'dueAt')) {
            return { field: 'dueAt', message: t('department.assign.errors.dueAt') };
          }
          return null;
        },
      })}
    >
      <h3 id="assign-form-title">{t('department.assign.formTitle')}</h3>
      {assigned && (
        <p className="success" role="status">
          {assigned}
        </p>
      )}
      <ErrorSummary errors={form.summary} />
      <ComboBox
        className="field"
        selectedKey={evaluatorId}
        inputValue={search}
        onInputChange={setSearch}
        onSelectionChange={(key) => {
          setEvaluatorId(key === null ? null : String(key));
          if (key !== null) setSearch(nameOf(String(key)));
        }}
        isInvalid={!!form.errors.evaluatorId}
        validationBehavior="aria"
        menuTrigger="focus"
      >
        <Label className="field-label">{t('department.assign.evaluator')}</Label>
        <Text slot="description" className="field-hint">
          {t('department.assign.evaluatorHint')}
        </Text>
        <FieldError className="field-error">{form.errors.evaluatorId}</FieldError>
        <div className="combobox-row">
          <Input id="assign-evaluator" className="input" />
          <AriaButton className="combobox-button" aria-label={t('department.assign.showAll')}>
            <span aria-hidden="true">▾</span>
          </AriaButton>
        </div>
        <Popover className="popover">
          <ListBox
            className="listbox"
            items={options}
            renderEmptyState={() => <p className="listbox-item">{t('department.assign.noMatch')}</p>}
          >
            {(item) => (
              <ListBoxItem id={item.id} className="listbox-item" textValue={item.name}>
                {item.name}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <TextField {...form.field('dueAt')} type="datetime-local" hint={t('department.assign.dueHint')} />
      <div className="button-row">
        <Button type="submit" isPending={assign.isPending}>
          {t('department.assign.action')}
        </Button>
      </div>
    </Form>
  );
}

function Reviews({ proposal, challenge }: { proposal: Proposal; challenge: Challenge }) {
  const { t } = useTranslation();
  const format = useFormat();
  const reviews = useProposalReviews(proposal.id);
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('department.reviews.title')}</h2>
      <QueryState query={reviews}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('department.reviews.none')}</p>
          ) : (
            list.items.map((review) => (
              <article
                key={review.assignmentId}
                className="review-card"
                aria-labelledby={`review-${review.assignmentId}`}
              >
                <h3 id={`review-${review.assignmentId}`}>{t('department.reviews.by', { name: review.evaluator })}</h3>
                <p>
                  {review.total !== null &&
                    t('department.reviews.total', { total: format.number(Math.round(review.total * 10) / 10) })}
                  {review.recommendation && <> · {t(`department.reviews.recommendation.${review.recommendation}`)}</>}
                  {review.submittedAt && <> · {format.dateTime(review.submittedAt)}</>}
                </p>
                {review.conflictOfInterest && (
                  <p className="notice">
                    {t('department.reviews.conflict', { organization: review.conflictOfInterest.organization.name })}
                  </p>
                )}
                <ul className="plain-list">
                  {challenge.criteria.map((criterion) => {
                    const s = review.scores.find((x) => x.criterionId === criterion.id);
                    return (
                      <li key={criterion.id}>
                        <strong>{criterion.name}</strong>: {s ? t('department.reviews.score', { score: s.score }) : '–'}
                        {s?.comment && <p className="muted">{s.comment}</p>}
                      </li>
                    );
                  })}
                </ul>
                {review.comment && <p className="prose">{review.comment}</p>}
              </article>
            ))
          )
        }
      </QueryState>
    </section>
  );
}

function Decision({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const format = useFormat();
  const decide = useDecide(proposal.id);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [pilotId, setPilotId] = useState<string | null>(null);
  if (proposal.decision) {
    return (
      <section aria-labelledby="decision-title" className="panel">
        <h2 id="decision-title">{t('department.decision.title')}</h2>
        <p role="status">
          <strong>{t(`department.decision.outcome.${proposal.decision.outcome}`)}</strong> ·{' '}
          {t('department.decision.by', {
            name: proposal.decision.decidedBy.name,
            date: format.dateTime(proposal.decision.decidedAt),
          })}
        </p>
        <p className="prose">{proposal.decision.reason}</p>
        {pilotId && <LinkButton href={`/workspace/pilots/${pilotId}`}>{t('department.decision.pilotLink')}</LinkButton>}
      </section>
    );
  }
  if (proposal.status !== 'submitted') return null;
  const validReason = () => {
    if (reason.trim().length < 10) {
      setReasonError(t('department.decision.errors.reason'));
      return false;
    }
    setReasonError(undefined);
    return true;
  };
  const send = (outcome: 'accepted' | 'rejected') =>
    decide.mutateAsync({ outcome, reason: reason.trim() }).then((result) => setPilotId(result.pilotId));
  const explain = (error: unknown) => {
    if (error instanceof ApiError && error.status === 422) {
      const pending = error.problem.detail;
      return t('department.decision.errors.refused', { detail: pending });
    }
    if (error instanceof ApiError && error.status === 409) return t('department.decision.errors.decided');
    return null;
  };
  return (
    <section aria-labelledby="decision-title" className="panel">
      <h2 id="decision-title">{t('department.decision.title')}</h2>
      <p>{t('department.decision.lead')}</p>
      <TextAreaField
        id="decision-reason"
        label={t('department.decision.reason')}
        hint={t('department.decision.reasonHint')}
        value={reason}
        onChange={setReason}
        error={reasonError}
      />
      <div className="button-row">
        <ConfirmDialog
          triggerLabel={t('department.decision.accept')}
          triggerVariant="primary"
          title={t('department.decision.acceptTitle')}
          confirmLabel={t('department.decision.acceptConfirm')}
          onConfirm={() => (validReason() ? send('accepted') : Promise.reject(new Error('reason')))}
          refusal={(error) =>
            error instanceof ApiError
              ? (explain(error) ?? t('problems.internal-error'))
              : t('department.decision.errors.reason')
          }
          isPending={decide.isPending}
        >
          <p>
            {t('department.decision.acceptBody', {
              title: proposal.title,
              organization: proposal.leadOrganization.name,
            })}
          </p>
        </ConfirmDialog>
        <ConfirmDialog
          triggerLabel={t('department.decision.reject')}
          title={t('department.decision.rejectTitle')}
          confirmLabel={t('department.decision.rejectConfirm')}
          onConfirm={() => (validReason() ? send('rejected') : Promise.reject(new Error('reason')))}
          refusal={(error) =>
            error instanceof ApiError
              ? (explain(error) ?? t('problems.internal-error'))
              : t('department.decision.errors.reason')
          }
          isPending={decide.isPending}
        >
          <p>{t('department.decision.rejectBody', { organization: proposal.leadOrganization.name })}</p>
        </ConfirmDialog>
      </div>
    </section>
  );
}
