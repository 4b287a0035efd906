import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { RequireSignIn } from '../account/RequireSignIn';
import { ShowMore } from '../ui/ShowMore';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useMyInvitations, useMyOrganisations } from './hooks';
import './organisations.css';

/** My organisations: the ones I belong to, a way to register one, and my invitations waiting. */
export default function OrganisationsPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('organisations.list.title')}>{() => <MyOrganisations />}</RequireSignIn>;
}

function MyOrganisations() {
  const { t } = useTranslation();
  const organisations = useMyOrganisations();
  const invitations = useMyInvitations();
  const waiting = invitations.data?.items.length ?? 0;
  return (
    <Page title={t('organisations.list.title')} lead={t('organisations.list.lead')}>
      {waiting > 0 && (
        <div className="notice">
          <p>
            <strong>{t('organisations.list.invitationsWaiting', { count: waiting })}</strong>
          </p>
          <p>
            <Link href="/invitations">{t('organisations.list.invitationsLink')}</Link>
          </p>
        </div>
      )}
      <div className="button-row">
        <LinkButton href="/organisations/new">{t('organisations.list.create')}</LinkButton>
        {waiting === 0 && (
          <LinkButton href="/invitations" variant="secondary">
            {t('organisations.list.invitationsLink')}
          </LinkButton>
        )}
      </div>
      <QueryState query={organisations}>
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          if (items.length === 0) return <p>{t('organisations.list.none')}</p>;
          return (
            <>
              <p className="result-count" role="status">
                {t('organisations.list.count', { count: items.length })}
              </p>
              <ul className="org-list">
                {items.map((organisation) => (
                  <li key={organisation.id} className="org-item">
                    <h2>
                      <Link href={`/organisations/${organisation.id}`}>{organisation.name}</Link>
                    </h2>
                    <p className="card-kicker">{t(`organisations.kinds.${organisation.kind}`)}</p>
                    {organisation.description && <p>{organisation.description}</p>}
                  </li>
                ))}
              </ul>
              <ShowMore pages={organisations} />
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}
