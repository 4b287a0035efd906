import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RequireSignIn } from '../account/RequireSignIn';
import { useFormat } from '../i18n/format';
import { Button, LinkButton } from '../ui/Button';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { DeadlineLeft } from './DeadlineLeft';
import { useMyOrganizations, useMyProposals, useProposalHistory, useProposals } from './hooks';
import type { Proposal, ProposalSummary } from './hooks';
import { InvitationAnswers } from './InvitationAnswers';
import { StatusBadge, Timeline } from './Timeline';
import './proposals.css';

/** `/proposals`: every proposal of my organisations, and the consortium requests waiting for my answer. */
export default function MyProposalsPage() {
  const { t } = useTranslation();
  const title = t('proposals.mine.title');
  return (
    <RequireSignIn title={title}>
      {() => (
        <Page title={title} lead={t('proposals.mine.lead')}>
          <MyProposals />
        </Page>
      )}
    </RequireSignIn>
  );
}

function MyProposals() {
  const { t } = useTranslation();
  const proposals = useMyProposals();
  const organizations = useMyOrganizations();
  const mine = new Set(organizations.data?.items.map((o) => o.id) ?? []);
  // Proposals another organisation leads, where one of mine is a partner: the requests may be among them.
  const asPartner = (proposals.data?.items ?? []).filter(
    (p) => p.status === 'draft' && organizations.data && !mine.has(p.leadOrganization.id),
  );
  const details = useProposals(asPartner.map((p) => p.id));
  const loaded = details.flatMap((d) => (d.data ? [d.data] : []));
  return (
    <>
      <section aria-labelledby="requests-title">
        <h2 id="requests-title">{t('proposals.requests.title')}</h2>
        <RequestsOrNone proposals={loaded} />
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">{t('proposals.mine.listTitle')}</h2>
        <QueryState query={proposals}>
          {(page) =>
            page.items.length === 0 ? (
              <div>
                <p>{t('proposals.mine.none')}</p>
                <LinkButton href="/challenges?status=published">{t('proposals.mine.findChallenge')}</LinkButton>
              </div>
            ) : (
              <ul className="proposal-list">
                {page.items.map((p) => (
                  <ProposalCard key={p.id} proposal={p} />
                ))}
              </ul>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

function RequestsOrNone({ proposals }: { proposals: Proposal[] }) {
  const { t } = useTranslation();
  const none = <p>{t('proposals.requests.none')}</p>;
  return <InvitationAnswers proposals={proposals} withTitles fallback={none} />;
}

function ProposalCard({ proposal }: { proposal: ProposalSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li className="card proposal-card">
      <h3>
        <Link href={`/proposals/${proposal.id}`}>{proposal.title}</Link>
      </h3>
      <p>
        <StatusBadge status={proposal.status} />
      </p>
      <dl className="facts">
        <dt>{t('proposals.page.challenge')}</dt>
        <dd>
          <Link href={`/challenges/${proposal.challenge.id}`}>{proposal.challenge.title}</Link>
        </dd>
        <dt>{t('proposals.page.lead')}</dt>
        <dd>{proposal.leadOrganization.name}</dd>
        {proposal.submittedAt && (
          <>
            <dt>{t('proposals.mine.submitted')}</dt>
            <dd>{format.dateTime(proposal.submittedAt)}</dd>
          </>
        )}
        {proposal.decision && (
          <>
            <dt>{t('proposals.mine.decision')}</dt>
            <dd>
              {t(`proposals.decision.${proposal.decision.outcome}`)} ({format.date(proposal.decision.decidedAt)}):{' '}
              {proposal.decision.reason}
            </dd>
          </>
        )}
      </dl>
      {proposal.challenge.submissionDeadline &&
        (proposal.status === 'draft' ? (
          <DeadlineLeft iso={proposal.challenge.submissionDeadline} />
        ) : (
          <p className="muted">
            {t('proposals.deadline.label')}: {format.dateTime(proposal.challenge.submissionDeadline)}
          </p>
        ))}
      <TimelineToggle proposal={proposal} />
    </li>
  );
}

/** The timeline of one proposal, asked for only when opened (a list does not load every history). */
function TimelineToggle({ proposal }: { proposal: ProposalSummary }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panel = `timeline-${proposal.id}`;
  return (
    <div>
      <Button
        variant="quiet"
        aria-expanded={open}
        aria-controls={open ? panel : undefined}
        onPress={() => setOpen(!open)}
      >
        {open ? t('proposals.mine.hideTimeline') : t('proposals.mine.showTimeline')}
        <span className="visually-hidden">: {proposal.title}</span>
      </Button>
      {open && (
        <div id={panel}>
          <HistoryOf id={proposal.id} />
        </div>
      )}
    </div>
  );
}

function HistoryOf({ id }: { id: string }) {
  const history = useProposalHistory(id);
  return <QueryState query={history}>{(data) => <Timeline entries={data.items} />}</QueryState>;
}
