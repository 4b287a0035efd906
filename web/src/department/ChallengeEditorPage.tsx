import { CheckboxGroup, Form, Label } from 'react-aria-components';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useNavigate, useParams } from 'react-router';
import { RequireRole } from '../account/RequireRole';
import { ApiError } from '../api/client';
import { NotFoundContent } from '../app/NotFoundPage';
import { useFormat } from '../i18n/format';
import { useWelfareAreas } from '../reference/hooks';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Button } from '../ui/Button';
import { CheckboxField } from '../ui/CheckboxField';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { CriteriaEditor, newCriterion } from './CriteriaEditor';
import { useCreateChallenge, useManagedChallenge, useTransition, useUpdateChallenge } from './hooks';
import type { Challenge, Transition } from './hooks';
import { criteriaIssues, fromLocalInput, parseSek, parseTags, parseWeight, toLocalInput } from './rules';
import type { CriteriaIssue, CriterionDraft } from './rules';
import './department.css';

type Field =
  | 'title'
  | 'summary'
  | 'description'
  | 'welfareArea'
  | 'submissionDeadline'
  | 'budgetSek'
  | 'testbedSite'
  | 'expectedEffects'
  | 'tags'
  | 'criteria';

/** Create (`/department/challenges/new`) or manage (`/department/challenges/:id`) a challenge. */
export default function ChallengeEditorPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const title = id ? t('department.editor.editTitle') : t('department.editor.createTitle');
  return (
    <RequireRole title={title} roles={['department']} notAllowed={t('department.common.notForYou')}>
      {() => (id ? <ExistingChallenge id={id} /> : <ChallengeEditor challenge={null} />)}
    </RequireRole>
  );
}

function ExistingChallenge({ id }: { id: string }) {
  const { t } = useTranslation();
  const challenge = useManagedChallenge(id);
  if (challenge.error instanceof ApiError && [400, 404].includes(challenge.error.status)) return <NotFoundContent />;
  return (
    <QueryState query={challenge} page={t('department.editor.editTitle')}>
      {(data) => <ChallengeEditor key={data.id} challenge={data} />}
    </QueryState>
  );
}

function criterionMessage(t: TFunction, issue: CriteriaIssue): string {
  switch (issue.kind) {
    case 'none':
      return t('department.criteria.issue.none');
    case 'sum':
      return t('department.criteria.issue.sum', { sum: issue.sum });
    case 'name':
      return t('department.criteria.issue.name', { n: issue.index + 1 });
    case 'weight':
      return t('department.criteria.issue.weight', { n: issue.index + 1 });
    case 'duplicate':
      return t('department.criteria.issue.duplicate', { name: issue.name });
  }
}

function ChallengeEditor({ challenge }: { challenge: Challenge | null }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const areaName = i18n.language === 'en' ? 'nameEn' : 'nameSv';
  const navigate = useNavigate();
  const areas = useWelfareAreas();
  const create = useCreateChallenge();
  const update = useUpdateChallenge(challenge?.id ?? '');
  const transition = useTransition(challenge?.id ?? '');
  const status = challenge?.status ?? 'draft';
  const finished = status === 'closed' || status === 'archived';
  const published = status !== 'draft';
  const criteriaLocked = finished || !!challenge?.criteriaLocked;
  const [sdgs, setSdgs] = useState<string[]>((challenge?.sdgs ?? []).map(String));
  const [blind, setBlind] = useState(challenge?.blindReview ?? true);
  const [criteria, setCriteria] = useState<CriterionDraft[]>(
    challenge
      ? challenge.criteria.map((c) => ({
          key: c.id,
          id: c.id,
          name: c.name,
          description: c.description ?? '',
          weight: String(c.weight),
        }))
      : [newCriterion()],
  );
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const form = useFormState<Field>(
    {
      title: { id: 'challenge-title', label: t('department.editor.fields.title') },
      summary: { id: 'challenge-summary', label: t('department.editor.fields.summary') },
      description: { id: 'challenge-description', label: t('department.editor.fields.description') },
      welfareArea: { id: 'challenge-area', label: t('department.editor.fields.welfareArea') },
      submissionDeadline: { id: 'challenge-deadline', label: t('department.editor.fields.submissionDeadline') },
      budgetSek: { id: 'challenge-budget', label: t('department.editor.fields.budgetSek') },
      testbedSite: { id: 'challenge-site', label: t('department.editor.fields.testbedSite') },
      expectedEffects: { id: 'challenge-effects', label: t('department.editor.fields.expectedEffects') },
      tags: { id: 'challenge-tags', label: t('department.editor.fields.tags') },
      criteria: {
        id: criteria.length > 0 ? 'criterion-0-name' : 'add-criterion',
        label: t('department.criteria.legend'),
      },
    },
    {
      title: challenge?.title ?? '',
      summary: challenge?.summary ?? '',
      description: challenge?.description ?? '',
      welfareArea: challenge?.welfareArea ?? '',
      submissionDeadline: toLocalInput(challenge?.submissionDeadline ?? null),
      budgetSek: challenge?.budgetSek != null ? String(challenge.budgetSek) : '',
      testbedSite: challenge?.testbedSite ?? '',
      expectedEffects: challenge?.expectedEffects ?? '',
      tags: (challenge?.tags ?? []).join(', '),
      criteria: '',
    },
  );

  /** What the browser can tell before asking: the API checks every rule again. */
  const check = (values: Record<Field, string>): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (values.title.trim().length < 3) found.title = t('department.editor.errors.title');
    if (!values.summary.trim()) found.summary = t('department.editor.errors.summary');
    if (!values.description.trim()) found.description = t('department.editor.errors.description');
    if (!values.welfareArea) found.welfareArea = t('department.editor.errors.welfareArea');
    if (values.submissionDeadline && !fromLocalInput(values.submissionDeadline)) {
      found.submissionDeadline = t('department.editor.errors.submissionDeadline');
    }
    if (Number.isNaN(parseSek(values.budgetSek))) found.budgetSek = t('department.editor.errors.budgetSek');
    if (parseTags(values.tags).some((tag) => tag.length > 50)) found.tags = t('department.editor.errors.tags');
    // A draft may hold an incomplete set, but each criterion must be one.
    const broken = criteriaIssues(criteria).filter((i) => i.kind === 'name' || i.kind === 'weight');
    if (broken.length > 0) found.criteria = broken.map((i) => criterionMessage(t, i)).join(' ');
    return found;
  };

  const variables = (values: Record<Field, string>) => ({
    title: values.title,
    summary: values.summary,
    description: values.description,
    welfareArea: values.welfareArea,
    submissionDeadline: fromLocalInput(values.submissionDeadline),
    budgetSek: parseSek(values.budgetSek),
    testbedSite: values.testbedSite.trim() || null,
    expectedEffects: values.expectedEffects.trim() || null,
    tags: parseTags(values.tags),
    sdgs: sdgs.map(Number).sort((a, b) => a - b),
    blindReview: blind,
    criteria: criteria.map((c) => ({
      ...(c.id ? { id: c.id } : {}),
      name: c.name,
      description: c.description.trim() || null,
      weight: parseWeight(c.weight) ?? 0,
    })),
  });

  /** A refusal in words next to its fields: the publishing rules, the fixed fields, the deadline. */
  const refusalErrors = (error: unknown): Partial<Record<Field, string>> | null => {
    if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
    const found: Partial<Record<Field, string>> = {};
    for (const { field } of error.problem.errors) {
      if (field === 'submissionDeadline') {
        found.submissionDeadline = form.values.submissionDeadline
          ? published
            ? t('department.editor.refusal.deadlineLater')
            : t('department.editor.refusal.deadlineFuture')
          : t('department.editor.refusal.deadlineMissing');
      } else if (field.startsWith('criteria')) {
        const issues = criteriaIssues(criteria);
        found.criteria = criteriaLocked
          ? t('department.editor.readOnly.criteria')
          : issues.length > 0
            ? issues.map((i) => criterionMessage(t, i)).join(' ')
            : t('department.editor.refusal.criteria');
      } else if (field in form.values) {
        found[field as Field] = t('forms.fieldInvalid', { field: t(`department.editor.fields.${field as 'title'}`) });
      }
    }
    return Object.keys(found).length > 0 ? found : null;
  };

  const save = (): Promise<Challenge> =>
    new Promise((resolve, reject) => {
      if (!form.validate(check)) {
        reject(new Error('invalid'));
        return;
      }
      const body = variables(form.values);
      const onError = (error: unknown) => {
        const found = refusalErrors(error);
        if (found) form.validate(() => found);
        else form.fail(error);
        reject(error instanceof Error ? error : new Error('refused'));
      };
      if (challenge) update.mutate(body, { onSuccess: resolve, onError });
      else create.mutate(body, { onSuccess: resolve, onError });
    });

  const act = async (action: Transition) => {
    // Publishing sends what is on the screen first, so the rules are checked on what the person sees.
    if (action === 'publish') await save();
    try {
      await transition.mutateAsync(action);
    } catch (error) {
      const found = refusalErrors(error);
      if (found) form.validate(() => found);
      else form.fail(error);
      throw error;
    }
    setDone(t(`department.editor.done.${action}`));
  };

  const fixedHint = published ? t('department.editor.readOnly.fixed') : undefined;

  return (
    <Page
      title={challenge ? challenge.title : t('department.editor.createTitle')}
      lead={challenge ? t(`department.editor.statusLead.${status}`) : t('department.editor.createLead')}
    >
      {done && (
        <p className="success" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      )}
      {challenge && (
        <p>
          <Link href={`/challenges/${challenge.id}`}>{t('department.editor.publicPage')}</Link>
          {published && (
            <>
              {' · '}
              <Link href={`/department/challenges/${challenge.id}/proposals`}>{t('department.list.proposals')}</Link>
              {' · '}
              <Link href={`/department/challenges/${challenge.id}/ranking`}>{t('department.list.ranking')}</Link>
            </>
          )}
        </p>
      )}
      {finished && <p className="notice">{t(`department.editor.readOnly.${status as 'closed'}`)}</p>}
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={(event) => {
          event.preventDefault();
          save().then(
            (saved) => {
              if (!challenge) void navigate(`/department/challenges/${saved.id}`, { replace: true });
              else setDone(t('department.editor.done.saved'));
            },
            () => undefined,
          );
        }}
      >
        <ErrorSummary errors={form.summary} />
        <TextField {...form.field('title')} isReadOnly={finished} />
        <TextAreaField {...form.field('summary')} rows={3} isReadOnly={finished} />
        <TextAreaField {...form.field('description')} rows={8} isReadOnly={finished} />
        <TextAreaField {...form.field('expectedEffects')} rows={4} isReadOnly={finished} />
        {published ? (
          <ReadOnlyValue
            label={form.field('welfareArea').label}
            value={areas.data?.find((a) => a.code === form.values.welfareArea)?.[areaName] ?? form.values.welfareArea}
            reason={fixedHint ?? ''}
          />
        ) : (
          <div id="challenge-area" tabIndex={-1}>
            <Select
              label={form.field('welfareArea').label}
              anyLabel={t('department.editor.chooseArea')}
              value={form.values.welfareArea}
              onChange={form.set('welfareArea')}
              options={(areas.data ?? []).map((area) => ({ id: area.code, label: area[areaName] }))}
            />
            {form.errors.welfareArea && <p className="field-error">{form.errors.welfareArea}</p>}
          </div>
        )}
        <TextField
          {...form.field('submissionDeadline')}
          type="datetime-local"
          hint={published ? t('department.editor.hints.deadlineLater') : t('department.editor.hints.deadline')}
          isReadOnly={finished}
        />
        {published ? (
          <ReadOnlyValue
            label={form.field('budgetSek').label}
            value={challenge?.budgetSek != null ? format.sek(challenge.budgetSek) : t('department.editor.none')}
            reason={fixedHint ?? ''}
          />
        ) : (
          <TextField {...form.field('budgetSek')} inputMode="numeric" hint={t('department.editor.hints.budget')} />
        )}
        <TextField {...form.field('testbedSite')} hint={t('department.editor.hints.site')} isReadOnly={finished} />
        <TextField {...form.field('tags')} hint={t('department.editor.hints.tags')} isReadOnly={finished} />
        <CheckboxGroup className="fieldset" value={sdgs} onChange={setSdgs} isDisabled={finished}>
          <Label className="group-label">{t('department.editor.fields.sdgs')}</Label>
          <div className="sdg-grid">
            {Array.from({ length: 17 }, (_, i) => String(i + 1)).map((n) => (
              <CheckboxField key={n} value={n} label={t(`sdg.${n}` as 'sdg.1')} />
            ))}
          </div>
        </CheckboxGroup>
        {published ? (
          <ReadOnlyValue
            label={t('department.editor.fields.blindReview')}
            value={blind ? t('department.editor.blindYes') : t('department.editor.blindNo')}
            reason={fixedHint ?? ''}
          />
        ) : (
          <div className="fieldset">
            <CheckboxField isSelected={blind} onChange={setBlind} label={t('department.editor.fields.blindReview')} />
            <p className="field-hint">{t('department.editor.hints.blind')}</p>
          </div>
        )}
        {criteriaLocked && !finished && <p className="notice">{t('department.editor.readOnly.criteria')}</p>}
        <CriteriaEditor
          criteria={criteria}
          onChange={setCriteria}
          error={form.errors.criteria}
          isReadOnly={criteriaLocked}
        />
        {!finished && (
          <div className="button-row">
            <Button type="submit" isPending={create.isPending || update.isPending}>
              {challenge ? t('department.editor.save') : t('department.editor.create')}
            </Button>
          </div>
        )}
      </Form>
      {challenge && !finished && status === 'draft' && (
        <section aria-labelledby="publish-title" className="panel">
          <h2 id="publish-title">{t('department.editor.publish.title')}</h2>
          <p>{t('department.editor.publish.body')}</p>
          <ConfirmDialog
            triggerLabel={t('department.editor.publish.action')}
            triggerVariant="primary"
            title={t('department.editor.publish.confirmTitle')}
            confirmLabel={t('department.editor.publish.confirm')}
            onConfirm={() => act('publish')}
            isPending={transition.isPending || update.isPending}
            closeOnRefusal
          >
            <p>{t('department.editor.publish.confirmBody')}</p>
          </ConfirmDialog>
        </section>
      )}
      {challenge && status === 'published' && (
        <section aria-labelledby="close-title" className="panel">
          <h2 id="close-title">{t('department.editor.close.title')}</h2>
          <p>{t('department.editor.close.body')}</p>
          <ConfirmDialog
            triggerLabel={t('department.editor.close.action')}
            title={t('department.editor.close.confirmTitle')}
            confirmLabel={t('department.editor.close.confirm')}
            onConfirm={() => act('close')}
            isPending={transition.isPending}
          >
            <p>{t('department.editor.close.confirmBody')}</p>
          </ConfirmDialog>
        </section>
      )}
      {challenge && status === 'closed' && (
        <section aria-labelledby="archive-title" className="panel">
          <h2 id="archive-title">{t('department.editor.archive.title')}</h2>
          <p>{t('department.editor.archive.body')}</p>
          <ConfirmDialog
            triggerLabel={t('department.editor.archive.action')}
            title={t('department.editor.archive.confirmTitle')}
            confirmLabel={t('department.editor.archive.confirm')}
            onConfirm={() => act('archive')}
            isPending={transition.isPending}
          >
            <p>{t('department.editor.archive.confirmBody')}</p>
          </ConfirmDialog>
        </section>
      )}
      <p>
        <Link href="/department">{t('department.common.back')}</Link>
      </p>
    </Page>
  );
}

/** A field that can no longer change, with why. */
function ReadOnlyValue({ label, value, reason }: { label: string; value: string; reason: string }) {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <p>{value}</p>
      <p className="read-only-note">{reason}</p>
    </div>
  );
}
