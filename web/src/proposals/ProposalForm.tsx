import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { ApiError } from '../api/client';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { RadioField } from '../ui/RadioField';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { EMPTY, FIELDS, bodyOf, isDirty, problems, readLocal } from './draft';
import type { Field, Values } from './draft';
import { useUnsavedGuard } from './useUnsavedGuard';

export interface ProposalFormProps {
  userId: string;
  /** Where the unsaved copy is kept (draft.storageKey). */
  storageKey: string;
  /** What the server has (EMPTY with the lead chosen before the first save). */
  saved: Values;
  /** The lead organisation can be chosen only before the first save. */
  organizations?: { id: string; label: string }[];
  budgetCap: number | null;
  /** Sends the values; resolves when the server has them. */
  save: (values: Values) => Promise<unknown>;
  isSaving: boolean;
  /** Lets the page know whether there are unsaved changes (the submit step saves them first). */
  onDirtyChange?: (dirty: boolean, values: Values) => void;
}

/**
 * The proposal's content. Every keystroke is kept in localStorage until the server has it, so a
 * reload, a crash or a lost connection loses nothing; leaving with unsaved changes asks first.
 */
export function ProposalForm({
  userId,
  storageKey,
  saved,
  organizations,
  budgetCap,
  save,
  isSaving,
  onDirtyChange,
}: ProposalFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [restored] = useState(() => {
    const local = readLocal(localStorage.getItem(storageKey), userId);
    return local && isDirty(local.values, saved) ? local : null;
  });
  const [savedValues, setSavedValues] = useState(saved);
  const [justSaved, setJustSaved] = useState(false);
  const [offline, setOffline] = useState(false);
  const label = (field: Field) => t(`proposals.form.${field}`);
  const form = useFormState(
    Object.fromEntries(FIELDS.map((f) => [f, { id: `proposal-${f}`, label: label(f) }])) as Record<
      Field,
      { id: string; label: string }
    >,
    restored?.values ?? saved,
  );
  const dirty = isDirty(form.values, savedValues);

  // Kept on this device at every change while unsaved; forgotten once the server has it.
  useEffect(() => {
    if (dirty) {
      localStorage.setItem(
        storageKey,
        JSON.stringify({ userId, values: form.values, keptAt: new Date().toISOString() }),
      );
    } else {
      localStorage.removeItem(storageKey);
    }
  }, [dirty, form.values, storageKey, userId]);
  const reportDirty = useRef(onDirtyChange);
  reportDirty.current = onDirtyChange;
  useEffect(() => reportDirty.current?.(dirty, form.values), [dirty, form.values]);
  useUnsavedGuard(dirty, t('proposals.form.leaveQuestion'));

  const check = (values: Values) => {
    const found = problems(values, budgetCap);
    return Object.fromEntries(
      Object.entries(found).map(([field, problem]) => [
        field,
        t(`proposals.form.problems.${problem.key}`, { max: problem.max === undefined ? '' : format.sek(problem.max) }),
      ]),
    ) as Partial<Record<Field, string>>;
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setJustSaved(false);
    setOffline(false);
    if (!form.validate(check)) return;
    const values = form.values;
    save(values).then(
      () => {
        setSavedValues(values);
        setJustSaved(true);
      },
      (error: unknown) => {
        // Offline or the server away: the copy on this device stays, and the person is told so.
        if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) setOffline(true);
        form.fail(error, (refusal) =>
          refusal.status === 422 && refusal.fieldErrors().requestedBudgetSek
            ? {
                field: 'requestedBudgetSek',
                message: t('proposals.form.problems.budgetOverCap', {
                  max: budgetCap === null ? '' : format.sek(budgetCap),
                }),
              }
            : null,
        );
      },
    );
  };

  const body = bodyOf(form.values);
  return (
    <Form className="form proposal-form" validationBehavior="aria" onSubmit={onSubmit}>
      <ErrorSummary errors={form.summary} />
      <div className="notice keep-notice">
        <p>{t('proposals.form.keptLocally')}</p>
        <p role="status" className="save-state">
          {offline
            ? t('proposals.form.state.offline')
            : dirty
              ? t('proposals.form.state.unsaved')
              : justSaved
                ? t('proposals.form.state.saved')
                : restored === null
                  ? t('proposals.form.state.upToDate')
                  : ''}
        </p>
        {restored && dirty && (
          <p>
            {t('proposals.form.restored', { when: format.dateTime(restored.keptAt) })}{' '}
            <Button
              variant="quiet"
              onPress={() => {
                for (const f of FIELDS) form.set(f)(savedValues[f]);
              }}
            >
              {t('proposals.form.discard')}
            </Button>
          </p>
        )}
      </div>
      {organizations && (
        <RadioField {...form.field('leadOrganizationId')} hint={t('proposals.form.leadHint')} options={organizations} />
      )}
      <TextField {...form.field('title')} hint={t('proposals.form.titleHint')} />
      <TextAreaField {...form.field('summary')} hint={t('proposals.form.summaryHint')} rows={3} />
      <TextAreaField {...form.field('description')} hint={t('proposals.form.descriptionHint')} rows={8} />
      <TextAreaField {...form.field('expectedEffects')} hint={t('proposals.form.expectedEffectsHint')} rows={4} />
      <TextField
        {...form.field('requestedBudgetSek')}
        inputMode="numeric"
        hint={
          budgetCap === null
            ? t('proposals.form.budgetNoCap')
            : t('proposals.form.budgetCap', { max: format.sek(budgetCap) })
        }
      />
      <TextField {...form.field('durationMonths')} inputMode="numeric" hint={t('proposals.form.durationHint')} />
      <TextField {...form.field('trl')} inputMode="numeric" hint={t('proposals.form.trlHint')} />
      <details className="trl-scale">
        <summary>{t('proposals.trl.title')}</summary>
        <p>{t('proposals.trl.intro')}</p>
        <ol>
          {(['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const).map((level) => (
            <li key={level}>{t(`proposals.trl.levels.${level}`)}</li>
          ))}
        </ol>
      </details>
      {Number.isFinite(body.requestedBudgetSek) && (
        <p className="muted">{t('proposals.form.budgetReads', { amount: format.sek(body.requestedBudgetSek) })}</p>
      )}
      <div className="button-row">
        <Button type="submit" isPending={isSaving}>
          {t('proposals.form.save')}
        </Button>
      </div>
    </Form>
  );
}

export { EMPTY };
