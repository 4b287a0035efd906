import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Form, Link } from 'react-aria-components';
import { emailError } from '../account/validation';
import { useSession } from '../account/session';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { NotFoundContent } from '../app/NotFoundPage';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { RadioField } from '../ui/RadioField';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import {
  isFull,
  useChangeRole,
  useInvite,
  useOrganisation,
  useRemoveMember,
  useUpdateOrganisation,
  useWithdrawInvitation,
} from './hooks';
import type { MemberRole, Organisation, OrganisationSummary } from './hooks';
import { useErrorText } from './messages';
import { organisationErrors, updateBody } from './rules';
import './organisations.css';

/**
 * An organisation's page. Owners edit it, change members' roles, remove members, invite by email
 * and withdraw invitations; members see it read-only; anyone else sees what is public.
 */
export default function OrganisationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const organisation = useOrganisation(id);
  if (organisation.error instanceof ApiError && [400, 404].includes(organisation.error.status)) {
    return <NotFoundContent />;
  }
  return (
    <QueryState query={organisation} page={t('organisations.detail.pageTitle')}>
      {(data) => <OrganisationView organisation={data} />}
    </QueryState>
  );
}

function OrganisationView({ organisation }: { organisation: Organisation | OrganisationSummary }) {
  const { t } = useTranslation();
  const full = isFull(organisation) ? organisation : null;
  const owner = full?.myRole === 'owner';
  return (
    <Page title={organisation.name}>
      <p className="card-kicker">
        {t(`organisations.kinds.${organisation.kind}`)}
        {full?.myRole && ` · ${t('organisations.detail.myRole', { role: t(`organisations.roles.${full.myRole}`) })}`}
      </p>
      {full?.myRole === 'member' && <p className="notice">{t('organisations.detail.readOnly')}</p>}
      {!full?.myRole && <p className="notice">{t('organisations.detail.public')}</p>}
      {owner && full ? <EditDetails organisation={full} /> : <Facts organisation={organisation} />}
      {full && <Members organisation={full} />}
      {owner && full && (
        <>
          <Invite organisation={full} />
          <PendingInvitations organisation={full} />
        </>
      )}
      <p>
        <Link href="/organisations">{t('organisations.detail.back')}</Link>
      </p>
    </Page>
  );
}

function Facts({ organisation }: { organisation: Organisation | OrganisationSummary }) {
  const { t } = useTranslation();
  const full = isFull(organisation) ? organisation : null;
  const given = (value: string | null | undefined) => value || t('organisations.detail.notGiven');
  return (
    <section aria-labelledby="org-facts" className="org-section">
      <h2 id="org-facts">{t('organisations.detail.facts')}</h2>
      <dl className="facts">
        <dt>{t('organisations.detail.kind')}</dt>
        <dd>{t(`organisations.kinds.${organisation.kind}`)}</dd>
        {full && organisation.kind !== 'resident' && (
          <>
            <dt>{t('organisations.detail.orgNumber')}</dt>
            <dd>{given(full.orgNumber)}</dd>
          </>
        )}
        <dt>{t('organisations.detail.website')}</dt>
        <dd>{organisation.website ? <Link href={organisation.website}>{organisation.website}</Link> : given(null)}</dd>
        {full && (
          <>
            <dt>{t('organisations.detail.contactEmail')}</dt>
            <dd>{given(full.contactEmail)}</dd>
          </>
        )}
        <dt>{t('organisations.detail.description')}</dt>
        <dd className="prose">{given(organisation.description)}</dd>
      </dl>
    </section>
  );
}

/** Owners: the editable details (the kind and orgNumber are fixed once registered). */
function EditDetails({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation(organisation.id);
  const errorText = useErrorText();
  const [saved, setSaved] = useState(false);
  const form = useFormState(
    {
      kind: { id: 'edit-kind', label: t('organisations.detail.kind') },
      name: { id: 'edit-name', label: t('organisations.create.name') },
      orgNumber: { id: 'edit-number', label: t('organisations.detail.orgNumber') },
      website: { id: 'edit-website', label: t('organisations.create.website') },
      description: { id: 'edit-description', label: t('organisations.create.description') },
      contactEmail: { id: 'edit-contact', label: t('organisations.create.contactEmail') },
    },
    {
      kind: organisation.kind,
      name: organisation.name,
      orgNumber: organisation.orgNumber ?? '',
      website: organisation.website ?? '',
      description: organisation.description ?? '',
      contactEmail: organisation.contactEmail ?? '',
    },
  );
  return (
    <section aria-labelledby="org-edit" className="org-section">
      <h2 id="org-edit">{t('organisations.edit.title')}</h2>
      <dl className="facts">
        <dt>{t('organisations.detail.kind')}</dt>
        <dd>{t(`organisations.kinds.${organisation.kind}`)}</dd>
        {organisation.kind !== 'resident' && (
          <>
            <dt>{t('organisations.detail.orgNumber')}</dt>
            <dd>{organisation.orgNumber ?? t('organisations.detail.notGiven')}</dd>
          </>
        )}
      </dl>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={(event) => {
          setSaved(false);
          form.submit(update, {
            check: (values) => {
              const found = organisationErrors(values, { creating: false });
              return Object.fromEntries(Object.entries(found).map(([field, error]) => [field, errorText(error)]));
            },
            variables: updateBody,
            onSuccess: () => setSaved(true),
          })(event);
        }}
      >
        <ErrorSummary errors={form.summary} />
        <div role="status">
          {saved && (
            <div className="success">
              <p>{t('organisations.edit.saved')}</p>
            </div>
          )}
        </div>
        <TextField {...form.field('name')} autoComplete="organization" />
        <TextField {...form.field('website')} hint={t('organisations.create.websiteHint')} type="url" />
        <TextAreaField {...form.field('description')} rows={5} hint={t('organisations.create.descriptionHint')} />
        <TextField {...form.field('contactEmail')} hint={t('organisations.create.contactEmailHint')} type="email" />
        <Button type="submit" isPending={update.isPending}>
          {t('organisations.edit.action')}
        </Button>
      </Form>
    </section>
  );
}

/** The last-owner rule, in words, when the API refuses a change for it (422). */
function useLastOwner(): (error: unknown) => string | null {
  const { t } = useTranslation();
  return (error) => (error instanceof ApiError && error.status === 422 ? t('organisations.members.lastOwner') : null);
}

function Members({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const me = session.data?.id;
  const owner = organisation.myRole === 'owner';
  const changeRole = useChangeRole(organisation.id);
  const remove = useRemoveMember(organisation.id);
  const lastOwner = useLastOwner();
  const problem = useProblemMessage();
  const [said, setSaid] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const roleName = (role: MemberRole) => t(`organisations.rolesInSentence.${role}`);
  return (
    <section aria-labelledby="org-members" className="org-section">
      <h2 id="org-members">{t('organisations.members.title')}</h2>
      <div role="status">{said && <p className="success">{said}</p>}</div>
      {refused && (
        <p className="notice field-error" role="alert">
          {refused}
        </p>
      )}
      <ul className="org-list">
        {organisation.members.map((member) => {
          const self = member.userId === me;
          const name = self ? t('organisations.members.you', { name: member.name }) : member.name;
          const next: MemberRole = member.role === 'owner' ? 'member' : 'owner';
          return (
            <li key={member.userId} className="org-item">
              <h3 className="member-name">{name}</h3>
              <p className="card-kicker">{t(`organisations.roles.${member.role}`)}</p>
              <p>{member.email}</p>
              {owner && (
                <div className="member-actions">
                  <Button
                    variant="secondary"
                    isPending={changeRole.isPending && changeRole.variables?.userId === member.userId}
                    onPress={() => {
                      setSaid(null);
                      setRefused(null);
                      changeRole.mutate(
                        { userId: member.userId, role: next },
                        {
                          onSuccess: () =>
                            setSaid(
                              t('organisations.members.roleChanged', { name: member.name, role: roleName(next) }),
                            ),
                          onError: (error) => setRefused(lastOwner(error) ?? problem(error)),
                        },
                      );
                    }}
                  >
                    {next === 'owner'
                      ? t('organisations.members.makeOwner', { name: member.name })
                      : t('organisations.members.makeMember', { name: member.name })}
                  </Button>
                  <ConfirmDialog
                    triggerLabel={
                      self
                        ? t('organisations.members.leave', { organisation: organisation.name })
                        : t('organisations.members.remove', { name: member.name })
                    }
                    title={
                      self
                        ? t('organisations.members.leaveTitle', { organisation: organisation.name })
                        : t('organisations.members.removeTitle', { name: member.name })
                    }
                    confirmLabel={
                      self ? t('organisations.members.leaveConfirm') : t('organisations.members.removeConfirm')
                    }
                    cancelLabel={t('actions.cancel')}
                    isPending={remove.isPending}
                    refusal={lastOwner}
                    onConfirm={() =>
                      remove.mutateAsync(member.userId).then(() => {
                        setRefused(null);
                        if (self) void navigate('/organisations');
                        else setSaid(t('organisations.members.removed', { name: member.name }));
                      })
                    }
                  >
                    <p>
                      {self
                        ? t('organisations.members.leaveBody', { organisation: organisation.name })
                        : t('organisations.members.removeBody', { name: member.name, organisation: organisation.name })}
                    </p>
                  </ConfirmDialog>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Invite({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const invite = useInvite(organisation.id);
  const [sent, setSent] = useState<string | null>(null);
  const form = useFormState(
    {
      email: { id: 'invite-email', label: t('organisations.invite.email') },
      role: { id: 'invite-role', label: t('organisations.invite.role') },
    },
    { email: '', role: 'member' },
  );
  return (
    <section aria-labelledby="org-invite" className="org-section">
      <h2 id="org-invite">{t('organisations.invite.title')}</h2>
      <p>{t('organisations.invite.lead')}</p>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={(event) => {
          setSent(null);
          form.submit(invite, {
            check: (values) => ({ email: emailError(t, values.email) }),
            variables: (values) => ({ email: values.email.trim(), role: values.role as MemberRole }),
            onSuccess: (answer) => {
              form.set('email')('');
              setSent(
                t('organisations.invite.sent', {
                  email: answer.email,
                  role: t(`organisations.rolesInSentence.${answer.role}`),
                  date: format.date(answer.expiresAt),
                }),
              );
            },
            refusal: (refusal) =>
              refusal.status === 409
                ? {
                    field: 'email',
                    message: t('organisations.invite.alreadyMember', { email: form.values.email.trim() }),
                  }
                : null,
          })(event);
        }}
      >
        <ErrorSummary errors={form.summary} />
        <div role="status">
          {sent && (
            <div className="success">
              <p>{sent}</p>
            </div>
          )}
        </div>
        <TextField {...form.field('email')} type="email" autoComplete="off" />
        <RadioField
          {...form.field('role')}
          options={(['member', 'owner'] as const).map((role) => ({
            id: role,
            label: t(`organisations.roles.${role}`),
            description: t(`organisations.roleDescriptions.${role}`),
          }))}
        />
        <Button type="submit" isPending={invite.isPending}>
          {t('organisations.invite.action')}
        </Button>
      </Form>
    </section>
  );
}

function PendingInvitations({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const withdraw = useWithdrawInvitation(organisation.id);
  const [said, setSaid] = useState<string | null>(null);
  return (
    <section aria-labelledby="org-pending" className="org-section">
      <h2 id="org-pending">{t('organisations.pending.title')}</h2>
      <div role="status">{said && <p className="success">{said}</p>}</div>
      {organisation.pendingInvitations.length === 0 ? (
        <p>{t('organisations.pending.none')}</p>
      ) : (
        <ul className="org-list">
          {organisation.pendingInvitations.map((invitation) => (
            <li key={invitation.id} className="org-item">
              <h3 className="member-name">{invitation.email}</h3>
              <p className="card-kicker">{t('organisations.pending.status')}</p>
              <p>
                {t('organisations.pending.details', {
                  role: t(`organisations.rolesInSentence.${invitation.role}`),
                  date: format.date(invitation.invitedAt),
                  expires: format.date(invitation.expiresAt),
                })}
              </p>
              <ConfirmDialog
                triggerLabel={t('organisations.pending.withdraw', { email: invitation.email })}
                title={t('organisations.pending.withdrawTitle', { email: invitation.email })}
                confirmLabel={t('organisations.pending.withdrawConfirm')}
                cancelLabel={t('actions.cancel')}
                isPending={withdraw.isPending}
                onConfirm={() =>
                  withdraw
                    .mutateAsync(invitation.id)
                    .then(() => setSaid(t('organisations.pending.withdrawn', { email: invitation.email })))
                }
              >
                <p>{t('organisations.pending.withdrawBody')}</p>
              </ConfirmDialog>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
