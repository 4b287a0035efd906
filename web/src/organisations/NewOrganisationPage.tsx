import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Form } from 'react-aria-components';
import { RequireSignIn } from '../account/RequireSignIn';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { RadioField } from '../ui/RadioField';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { useCreateOrganisation } from './hooks';
import { useErrorText } from './messages';
import { normaliseOrgNumber, ORGANISATION_KINDS, orgNumberRequirement, orgNumberWhileTyping } from './orgNumber';
import type { OrganisationKind } from './orgNumber';
import { createBody, organisationErrors } from './rules';
import './organisations.css';

/** Register an organisation: the kind first, then only the fields that kind takes. */
export default function NewOrganisationPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('organisations.create.title')}>{() => <NewOrganisation />}</RequireSignIn>;
}

function NewOrganisation() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateOrganisation();
  const errorText = useErrorText();
  const form = useFormState(
    {
      kind: { id: 'org-kind', label: t('organisations.create.kind') },
      name: { id: 'org-name', label: t('organisations.create.name') },
      orgNumber: { id: 'org-number', label: t('organisations.create.orgNumber') },
      website: { id: 'org-website', label: t('organisations.create.website') },
      description: { id: 'org-description', label: t('organisations.create.description') },
      contactEmail: { id: 'org-contact', label: t('organisations.create.contactEmail') },
    },
    { kind: '', name: '', orgNumber: '', website: '', description: '', contactEmail: '' },
  );
  const kind = form.values.kind as OrganisationKind | '';
  const requirement = kind ? orgNumberRequirement(kind) : null;
  // The number is checked as it is typed, once it could be complete; the summary waits for "send".
  const typing = form.values.orgNumber ? orgNumberWhileTyping(form.values.orgNumber) : null;
  // A refusal from the last send stands until the number is changed; then the live check speaks.
  const [sentNumber, setSentNumber] = useState('');
  const refused = form.values.orgNumber === sentNumber ? form.errors.orgNumber : undefined;
  const orgNumberError = refused ?? (typing && typing !== 'ok' ? t(`organisations.orgNumber.${typing}`) : undefined);
  const submit = form.submit(create, {
    check: (values) => {
      const found = organisationErrors(values, { creating: true });
      return Object.fromEntries(Object.entries(found).map(([field, error]) => [field, errorText(error)]));
    },
    variables: createBody,
    onSuccess: (organisation) => void navigate(`/organisations/${organisation.id}`),
    // The API's answer wins: a number the browser found fine may be registered already.
    refusal: (refusal) =>
      refusal.status === 409
        ? {
            field: 'orgNumber',
            message: t('organisations.create.duplicate', { orgNumber: normaliseOrgNumber(form.values.orgNumber) }),
          }
        : null,
  });
  return (
    <Page title={t('organisations.create.title')} lead={t('organisations.create.lead')}>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={(event) => {
          setSentNumber(form.values.orgNumber);
          submit(event);
        }}
      >
        <ErrorSummary errors={form.summary} />
        <RadioField
          {...form.field('kind')}
          hint={t('organisations.create.kindHint')}
          options={ORGANISATION_KINDS.map((id) => ({
            id,
            label: t(`organisations.kinds.${id}`),
            description: t(`organisations.kindDescriptions.${id}`),
          }))}
        />
        {!kind ? (
          <p className="muted">{t('organisations.create.chooseKindFirst')}</p>
        ) : (
          <>
            <TextField
              {...form.field('name')}
              label={kind === 'resident' ? t('organisations.create.residentName') : t('organisations.create.name')}
              hint={kind === 'resident' ? t('organisations.create.residentNameHint') : undefined}
              autoComplete="organization"
            />
            {requirement !== 'refused' && (
              <div className="field-group">
                <TextField
                  {...form.field('orgNumber')}
                  label={
                    requirement === 'required'
                      ? t('organisations.create.orgNumber')
                      : t('organisations.create.orgNumberOptional')
                  }
                  hint={t('organisations.create.orgNumberHint')}
                  error={orgNumberError}
                  inputMode="numeric"
                />
                <p className="org-status success-text" role="status">
                  {typing === 'ok' && !refused ? t('organisations.create.orgNumberOk') : ''}
                </p>
              </div>
            )}
            <TextField
              {...form.field('website')}
              hint={t('organisations.create.websiteHint')}
              type="url"
              autoComplete="url"
            />
            <TextAreaField {...form.field('description')} rows={5} hint={t('organisations.create.descriptionHint')} />
            <TextField
              {...form.field('contactEmail')}
              hint={t('organisations.create.contactEmailHint')}
              type="email"
              autoComplete="email"
            />
          </>
        )}
        <div className="button-row">
          <Button type="submit" isPending={create.isPending}>
            {t('organisations.create.action')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
