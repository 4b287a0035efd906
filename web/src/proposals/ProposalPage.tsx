import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { RequireSignIn } from '../account/RequireSignIn';
import type { User } from '../account/session';
import { NotFoundContent } from '../app/NotFoundPage';
import { useChallenge } from '../challenges/hooks';
import type { Challenge } from '../challenges/hooks';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { SearchField } from '../ui/SearchField';
import { DeadlineLeft } from './DeadlineLeft';
import { bodyOf, checklist, storageKey, valuesOf } from './draft';
import type { ChecklistItem, Values } from './draft';
import {
  useMyOrganizations,
  useOrganizationSearch,
  useProposal,
  useProposalHistory,
  useSubmitProposal,
  useUpdateProposal,
  useWithdrawProposal,
} from './hooks';
import type { Proposal } from './hooks';
import { InvitationAnswers } from './InvitationAnswers';
import { ProposalForm } from './ProposalForm';
import { StatusBadge, Timeline } from './Timeline';
import './proposals.css';

/** `/proposals/:id`: a proposal for its consortium: write, form the consortium, submit, withdraw, follow. */
export default function ProposalPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const proposal = useProposal(id);
  const title = t('proposals.page.title');
  if (proposal.error instanceof ApiError && [400, 404].includes(proposal.error.status)) return <NotFoundContent />;
  return (
    <RequireSignIn title={title}>
      {(user) => (
        <QueryState query={proposal} page={title}>
          {(data) => <ProposalView proposal={data} user={user} />}
        </QueryState>
      )}
    </RequireSignIn>
  );
}

function ProposalView({ proposal, user }: { proposal: Proposal; user: User }) {
  const { t } = useTranslation();
  const organizations = useMyOrganizations();
  const challenge = useChallenge(proposal.challenge.id);
  const mine = new Set(organizations.data?.items.map((o) => o.id) ?? []);
  const isLead = mine.has(proposal.leadOrganization.id);
  const editable = proposal.status === 'draft' && isLead;
  const unsaved = useRef<{ dirty: boolean; values: Values | null }>({ dirty: false, values: null });
  const update = useUpdateProposal(proposal.id);
  return (
    <Page title={proposal.title} lead={<StatusBadge status={proposal.status} />}>
      <dl className="facts">
        <dt>{t('proposals.page.challenge')}</dt>
        <dd>
          <Link href={`/challenges/${proposal.challenge.id}`}>{proposal.challenge.title}</Link>
        </dd>
        <dt>{t('proposals.page.lead')}</dt>
        <dd>{proposal.leadOrganization.name}</dd>
      </dl>
      {challenge.data?.submissionDeadline && proposal.status === 'draft' && (
        <DeadlineLeft iso={challenge.data.submissionDeadline} />
      )}
      <InvitationAnswers proposals={[proposal]} />
      {proposal.decision && <Decision decision={proposal.decision} />}
      {editable ? (
        <section aria-labelledby="content-title">
          <h2 id="content-title">{t('proposals.page.contentTitle')}</h2>
          {challenge.data && (
            <ProposalForm
              userId={user.id}
              storageKey={storageKey({ proposalId: proposal.id })}
              saved={valuesOf(proposal)}
              budgetCap={challenge.data.budgetSek ?? null}
              isSaving={update.isPending}
              save={(values) => update.mutateAsync(bodyOf(values))}
              onDirtyChange={(dirty, values) => {
                unsaved.current = { dirty, values };
              }}
            />
          )}
        </section>
      ) : (
        <Content proposal={proposal} />
      )}
      <Consortium proposal={proposal} editable={editable} />
      {editable && challenge.data && (
        <Submit
          proposal={proposal}
          challenge={challenge.data}
          saveFirst={async () => {
            if (unsaved.current.dirty && unsaved.current.values) {
              await update.mutateAsync(bodyOf(unsaved.current.values));
              localStorage.removeItem(storageKey({ proposalId: proposal.id }));
            }
          }}
        />
      )}
      {proposal.status === 'submitted' && isLead && <Withdraw proposal={proposal} />}
      <History id={proposal.id} />
      <p>
        <Link href="/proposals">{t('proposals.page.back')}</Link>
      </p>
    </Page>
  );
}

function Content({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="content-title">
      <h2 id="content-title">{t('proposals.page.contentTitle')}</h2>
      {proposal.status !== 'draft' && <p className="muted">{t('proposals.page.frozen')}</p>}
      <dl className="facts">
        <dt>{t('proposals.form.summary')}</dt>
        <dd>{proposal.summary}</dd>
        <dt>{t('proposals.form.description')}</dt>
        <dd className="prose">{proposal.description}</dd>
        <dt>{t('proposals.form.expectedEffects')}</dt>
        <dd>{proposal.expectedEffects ?? t('proposals.page.none')}</dd>
        <dt>{t('proposals.form.requestedBudgetSek')}</dt>
        <dd>{format.sek(proposal.requestedBudgetSek)}</dd>
        <dt>{t('proposals.form.durationMonths')}</dt>
        <dd>{t('proposals.page.months', { count: proposal.durationMonths })}</dd>
        <dt>{t('proposals.form.trl')}</dt>
        <dd>
          {proposal.trl === null ? t('proposals.page.none') : t(`proposals.trl.levels.${String(proposal.trl) as '1'}`)}
        </dd>
      </dl>
    </section>
  );
}

function Decision({ decision }: { decision: NonNullable<Proposal['decision']> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="decision-title" className={`notice decision decision-${decision.outcome}`}>
      <h2 id="decision-title">{t(`proposals.decision.${decision.outcome}`)}</h2>
      <p>
        <strong>{t('proposals.decision.reason')}:</strong> {decision.reason}
      </p>
      <p className="muted">{t('proposals.decision.when', { when: format.dateTime(decision.decidedAt) })}</p>
    </section>
  );
}

/** The partners and their answers; the lead invites and removes while a draft. */
function Consortium({ proposal, editable }: { proposal: Proposal; editable: boolean }) {
  const { t } = useTranslation();
  const history = useProposalHistory(proposal.id);
  const update = useUpdateProposal(proposal.id);
  const message = useProblemMessage();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const results = useOrganizationSearch(searched);
  const current = proposal.partners.map((p) => p.organization.id);
  // Who declined: in the timeline, and no longer in the consortium (unless invited again).
  const declined = new Map<string, string>();
  for (const entry of history.data?.items ?? []) {
    if (entry.event === 'partner-declined' && entry.organization)
      declined.set(entry.organization.id, entry.organization.name);
    if (entry.event === 'partner-invited' && entry.organization) declined.delete(entry.organization.id);
  }
  for (const id of current) declined.delete(id);
  const change = (ids: string[], done: string) => {
    setNote(null);
    update.mutate(
      { partnerOrganizationIds: ids },
      { onSuccess: () => setNote(done), onError: (e) => setNote(message(e)) },
    );
  };
  return (
    <section aria-labelledby="consortium-title">
      <h2 id="consortium-title">{t('proposals.consortium.title')}</h2>
      <p>{t('proposals.consortium.intro')}</p>
      {proposal.partners.length === 0 && declined.size === 0 ? (
        <p>{t('proposals.consortium.none')}</p>
      ) : (
        <ul className="partner-list">
          {proposal.partners.map((p) => (
            <li key={p.organization.id}>
              <span>{p.organization.name}</span>{' '}
              <span className={`badge badge-${p.status}`}>{t(`proposals.consortium.state.${p.status}`)}</span>
              {editable && (
                <Button
                  variant="quiet"
                  aria-label={t('proposals.consortium.removeNamed', { name: p.organization.name })}
                  onPress={() =>
                    change(
                      current.filter((id) => id !== p.organization.id),
                      t('proposals.consortium.removed', { name: p.organization.name }),
                    )
                  }
                >
                  {t('proposals.consortium.remove')}
                </Button>
              )}
            </li>
          ))}
          {[...declined].map(([id, name]) => (
            <li key={id}>
              <span>{name}</span>{' '}
              <span className="badge badge-declined">{t('proposals.consortium.state.declined')}</span>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="save-state">
        {note ?? ''}
      </p>
      {editable && (
        <Form
          className="form"
          role="search"
          aria-label={t('proposals.consortium.searchTitle')}
          onSubmit={(event) => {
            event.preventDefault();
            setSearched(query);
          }}
        >
          <SearchField
            label={t('proposals.consortium.search')}
            hint={t('proposals.consortium.searchHint')}
            clearLabel={t('proposals.consortium.clear')}
            value={query}
            onChange={setQuery}
            onClear={() => {
              setQuery('');
              setSearched('');
            }}
          />
          <Button type="submit" variant="secondary">
            {t('proposals.consortium.searchAction')}
          </Button>
          {searched && (
            <QueryState query={results}>
              {(page) => {
                const candidates = page.items.filter((o) => o.id !== proposal.leadOrganization.id);
                return (
                  <div aria-live="polite">
                    <p>{t('proposals.consortium.found', { count: candidates.length, query: searched })}</p>
                    <ul className="partner-list">
                      {candidates.map((o) => (
                        <li key={o.id}>
                          <span>{o.name}</span>{' '}
                          {current.includes(o.id) ? (
                            <span className="muted">{t('proposals.consortium.already')}</span>
                          ) : (
                            <Button
                              variant="secondary"
                              aria-label={t('proposals.consortium.inviteNamed', { name: o.name })}
                              isPending={update.isPending}
                              onPress={() =>
                                change([...current, o.id], t('proposals.consortium.invited', { name: o.name }))
                              }
                            >
                              {t('proposals.consortium.invite')}
                            </Button>
                          )}
                        </li>
                      ))}
                    </ul>
                  </div>
                );
              }}
            </QueryState>
          )}
        </Form>
      )}
    </section>
  );
}

function Submit({
  proposal,
  challenge,
  saveFirst,
}: {
  proposal: Proposal;
  challenge: Challenge;
  saveFirst: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const submit = useSubmitProposal(proposal.id);
  const [items, setItems] = useState<ChecklistItem[] | null>(null);
  return (
    <section aria-labelledby="submit-title">
      <h2 id="submit-title">{t('proposals.submit.title')}</h2>
      <p>{t('proposals.submit.intro')}</p>
      {challenge.submissionDeadline && <DeadlineLeft iso={challenge.submissionDeadline} />}
      {items && items.length > 0 && (
        <div className="error-summary checklist" role="alert" aria-labelledby="checklist-title">
          <h3 id="checklist-title" className="error-summary-title">
            {t('proposals.submit.checklistTitle')}
          </h3>
          <ul>
            {items.map((item, index) => (
              <li key={index}>
                {item.kind === 'unconfirmed'
                  ? t('proposals.submit.missing.unconfirmed', { names: item.names.join(', ') })
                  : item.kind === 'other'
                    ? item.message
                    : t(`proposals.submit.missing.${item.kind}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ConfirmDialog
        triggerLabel={t('proposals.submit.action')}
        title={t('proposals.submit.confirmTitle')}
        confirmLabel={t('proposals.submit.confirm')}
        cancelLabel={t('proposals.submit.cancel')}
        isPending={submit.isPending}
        onConfirm={async () => {
          setItems(null);
          await saveFirst();
          try {
            await submit.mutateAsync(undefined);
          } catch (error) {
            // The API's 422 lists everything still missing at once: the checklist, not a dialog error.
            if (error instanceof ApiError && error.status === 422 && error.problem.errors?.length) {
              setItems(
                checklist(error.problem.errors, {
                  challengeStatus: challenge.status,
                  unconfirmed: proposal.partners.filter((p) => p.status === 'invited').map((p) => p.organization.name),
                }),
              );
              return;
            }
            throw error;
          }
        }}
      >
        <p>{t('proposals.submit.frozen')}</p>
        <p>{t('proposals.submit.withdrawable')}</p>
      </ConfirmDialog>
    </section>
  );
}

function Withdraw({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawProposal(proposal.id);
  return (
    <section aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('proposals.withdraw.title')}</h2>
      <p>{t('proposals.withdraw.intro')}</p>
      <ConfirmDialog
        triggerLabel={t('proposals.withdraw.action')}
        title={t('proposals.withdraw.confirmTitle')}
        confirmLabel={t('proposals.withdraw.confirm')}
        cancelLabel={t('proposals.withdraw.cancel')}
        isPending={withdraw.isPending}
        onConfirm={() => withdraw.mutateAsync(undefined).then(() => undefined)}
      >
        <p>{t('proposals.withdraw.body')}</p>
      </ConfirmDialog>
    </section>
  );
}

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useProposalHistory(id);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('proposals.history.title')}</h2>
      <QueryState query={history}>{(data) => <Timeline entries={data.items} />}</QueryState>
    </section>
  );
}
