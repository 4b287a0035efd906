import { Form, Label, Radio, RadioGroup, FieldError } from 'react-aria-components';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { RequireRole } from '../account/RequireRole';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { NotFoundContent } from '../app/NotFoundPage';
import { useFormat } from '../i18n/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import type { SummaryError } from '../ui/ErrorSummary';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { RadioField } from '../ui/RadioField';
import { TextAreaField } from '../ui/TextAreaField';
import { stateKey } from './AssignmentsPage';
import {
  useChallengeTerms,
  useDeclare,
  useEvaluatedProposal,
  useMyAssignments,
  useReviews,
  useSaveReview,
} from './hooks';
import type { Assignment, Review } from './hooks';
import { isOverdue, weightedTotal } from './rules';
import '../department/department.css';

type Challenge = NonNullable<ReturnType<typeof useChallengeTerms>['data']>;
const STEPS = [0, 1, 2, 3, 4, 5] as const;
const RECOMMENDATIONS = ['yes', 'maybe', 'no'] as const;

/** One assignment: declare jäv first, then read the proposal (blind where the challenge is) and review it. */
export default function AssignmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  return (
    <RequireRole
      title={t('evaluation.assignment.title')}
      roles={['evaluator']}
      notAllowed={t('department.common.notForYou')}
    >
      {() => <AssignmentLoader id={id} />}
    </RequireRole>
  );
}

function AssignmentLoader({ id }: { id: string }) {
  const { t } = useTranslation();
  const assignments = useMyAssignments();
  return (
    <QueryState query={assignments} page={t('evaluation.assignment.title')}>
      {(page) => {
        const assignment = page.items.find((a) => a.id === id);
        return assignment ? <AssignmentView assignment={assignment} /> : <NotFoundContent />;
      }}
    </QueryState>
  );
}

function AssignmentView({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = stateKey(assignment);
  return (
    <Page title={assignment.proposal.title}>
      <p className="card-kicker">
        {t('evaluation.list.challenge', { title: assignment.challenge.title })} · {t(`evaluation.state.${state}`)}
        {assignment.dueAt && ` · ${t('evaluation.list.due', { date: format.dateTime(assignment.dueAt) })}`}
      </p>
      {isOverdue(assignment) && <p className="notice">{t('evaluation.assignment.overdue')}</p>}
      {state === 'declare' && <Declaration assignment={assignment} />}
      {state === 'recused' && (
        <section className="notice" aria-labelledby="recused-title">
          <h2 id="recused-title">{t('evaluation.recused.title')}</h2>
          <p>{t('evaluation.recused.body')}</p>
          {assignment.declaration?.reason && (
            <p>{t('evaluation.recused.reason', { reason: assignment.declaration.reason })}</p>
          )}
        </section>
      )}
      {(state === 'review' || state === 'submitted') && <Evaluation assignment={assignment} />}
      <p>
        <Link href="/evaluation">{t('evaluation.assignment.back')}</Link>
      </p>
    </Page>
  );
}

function Declaration({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const declare = useDeclare(assignment.id);
  const [answer, setAnswer] = useState<string>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ answer?: string; reason?: string; form?: string }>({});
  const summary: SummaryError[] = [
    ...(errors.form ? [{ message: errors.form }] : []),
    ...(errors.answer ? [{ fieldId: 'declare-no', message: errors.answer }] : []),
    ...(errors.reason ? [{ fieldId: 'declare-reason', message: errors.reason }] : []),
  ];
  return (
    <section aria-labelledby="declare-title">
      <h2 id="declare-title">{t('evaluation.declare.title')}</h2>
      <p>{t('evaluation.declare.lead')}</p>
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={(event) => {
          event.preventDefault();
          const found = {
            answer: answer ? undefined : t('evaluation.declare.errors.answer'),
            reason: answer === 'yes' && !reason.trim() ? t('evaluation.declare.errors.reason') : undefined,
          };
          setErrors(found);
          if (found.answer || found.reason) return;
          declare.mutate(
            { conflict: answer === 'yes', ...(answer === 'yes' ? { reason: reason.trim() } : {}) },
            {
              onError: (error) =>
                setErrors({
                  form:
                    error instanceof ApiError && error.status === 409
                      ? t('evaluation.declare.errors.already')
                      : message(error),
                }),
            },
          );
        }}
      >
        <ErrorSummary errors={summary} />
        <RadioField
          id="declare-no"
          label={t('evaluation.declare.question')}
          hint={t('evaluation.declare.hint')}
          error={errors.answer}
          value={answer}
          onChange={setAnswer}
          options={(['no', 'yes'] as const).map((id) => ({ id, label: t(`evaluation.declare.${id}`) }))}
        />
        {answer === 'yes' && (
          <>
            <p className="notice">{t('evaluation.declare.consequence')}</p>
            <TextAreaField
              id="declare-reason"
              label={t('evaluation.declare.reason')}
              value={reason}
              onChange={setReason}
              error={errors.reason}
            />
          </>
        )}
        <div className="button-row">
          <Button type="submit" isPending={declare.isPending}>
            {t('evaluation.declare.action')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function Evaluation({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const proposal = useEvaluatedProposal(assignment.proposal.id);
  const challenge = useChallengeTerms(assignment.challenge.id);
  const reviews = useReviews(assignment.proposal.id);
  const format = useFormat();
  return (
    <QueryState query={challenge}>
      {(terms) => (
        <>
          <QueryState query={proposal}>
            {(p) => (
              <section aria-labelledby="proposal-title">
                <h2 id="proposal-title">{t('evaluation.proposal.title')}</h2>
                {terms.blindReview && <p className="notice">{t('evaluation.proposal.blind')}</p>}
                <p className="lead">{p.summary}</p>
                <p className="prose">{p.description}</p>
                {p.expectedEffects && (
                  <>
                    <h3>{t('evaluation.proposal.effects')}</h3>
                    <p className="prose">{p.expectedEffects}</p>
                  </>
                )}
                <dl className="facts">
                  <dt>{t('evaluation.proposal.budget')}</dt>
                  <dd>{format.sek(p.requestedBudgetSek)}</dd>
                  <dt>{t('evaluation.proposal.duration')}</dt>
                  <dd>{t('evaluation.proposal.months', { count: p.durationMonths })}</dd>
                  {p.trl != null && (
                    <>
                      <dt>{t('evaluation.proposal.trl')}</dt>
                      <dd>{p.trl}</dd>
                    </>
                  )}
                </dl>
              </section>
            )}
          </QueryState>
          <QueryState query={reviews}>
            {(list) => {
              const own = list.items.find((r) => r.mine) ?? null;
              return assignment.status === 'submitted' && own ? (
                <>
                  <SubmittedReview review={own} challenge={terms} title={t('evaluation.review.ownTitle')} />
                  <OthersReviews reviews={list.items} challenge={terms} />
                </>
              ) : (
                <ReviewForm assignment={assignment} challenge={terms} draft={own} />
              );
            }}
          </QueryState>
        </>
      )}
    </QueryState>
  );
}

function ReviewForm({
  assignment,
  challenge,
  draft,
}: {
  assignment: Assignment;
  challenge: Challenge;
  draft: Review | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const message = useProblemMessage();
  const save = useSaveReview(assignment.id, assignment.proposal.id);
  const [scores, setScores] = useState<Record<string, number>>(
    Object.fromEntries((draft?.scores ?? []).map((s) => [s.criterionId, s.score])),
  );
  const [comments, setComments] = useState<Record<string, string>>(
    Object.fromEntries((draft?.scores ?? []).map((s) => [s.criterionId, s.comment ?? ''])),
  );
  const [comment, setComment] = useState(draft?.comment ?? '');
  const [recommendation, setRecommendation] = useState<string>(draft?.recommendation ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** An answered question's error goes (from the field and the summary) as soon as it is answered. */
  const answered = (key: string) =>
    setErrors((current) => {
      const { [key]: _answered, ...rest } = current;
      return rest;
    });
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  const total = weightedTotal(challenge.criteria, scores);
  const body = (submit: boolean) => ({
    scores: challenge.criteria
      .filter((c) => scores[c.id] !== undefined)
      .map((c) => ({ criterionId: c.id, score: scores[c.id] ?? 0, comment: comments[c.id]?.trim() || null })),
    comment: comment.trim() || null,
    recommendation: (recommendation || null) as 'yes' | 'maybe' | 'no' | null,
    submit,
  });
  const summary: SummaryError[] = [
    ...(formError ? [{ message: formError }] : []),
    ...challenge.criteria
      .filter((c) => errors[c.id])
      .map((c) => ({ fieldId: `score-${c.id}-0`, message: errors[c.id] ?? '' })),
    ...(errors.recommendation ? [{ fieldId: 'recommendation-yes', message: errors.recommendation }] : []),
  ];
  const checkComplete = () => {
    const found: Record<string, string> = {};
    for (const c of challenge.criteria) {
      if (scores[c.id] === undefined) found[c.id] = t('evaluation.review.errors.score', { name: c.name });
    }
    if (!recommendation) found.recommendation = t('evaluation.review.errors.recommendation');
    setErrors(found);
    setFormError(null);
    return Object.keys(found).length === 0;
  };
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{t('evaluation.review.title')}</h2>
      <p>{t('evaluation.review.lead')}</p>
      {saved && (
        <p className="success" role="status" tabIndex={-1} ref={savedRef}>
          {saved}
        </p>
      )}
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={(event) => {
          event.preventDefault();
          setErrors({});
          setFormError(null);
          save.mutate(body(false), {
            onSuccess: () =>
              setSaved(t('evaluation.review.savedAt', { time: format.dateTime(new Date().toISOString()) })),
            onError: (error) => setFormError(message(error)),
          });
        }}
      >
        <ErrorSummary errors={summary} />
        {challenge.criteria.map((criterion, index) => (
          <fieldset key={criterion.id} className="criterion">
            <legend>
              <strong>
                {t('evaluation.review.criterion', { n: index + 1, name: criterion.name, weight: criterion.weight })}
              </strong>
            </legend>
            {criterion.description && <p>{criterion.description}</p>}
            <RadioGroup
              className="score-steps"
              value={scores[criterion.id] === undefined ? '' : String(scores[criterion.id])}
              onChange={(value) => {
                setScores((current) => ({ ...current, [criterion.id]: Number(value) }));
                answered(criterion.id);
              }}
              isInvalid={!!errors[criterion.id]}
              validationBehavior="aria"
            >
              <Label className="group-label">{t('evaluation.review.scoreLabel', { name: criterion.name })}</Label>
              <FieldError className="field-error">{errors[criterion.id]}</FieldError>
              {STEPS.map((step) => (
                <Radio
                  key={step}
                  value={String(step)}
                  className="radio"
                  // The error summary's link lands on the first step's input: React Aria's Radio puts
                  // no id on its input (as in ui/RadioField).
                  inputRef={
                    step === STEPS[0]
                      ? (input: HTMLInputElement | null) => {
                          if (input) input.id = `score-${criterion.id}-${step}`;
                        }
                      : undefined
                  }
                >
                  <span className="radio-mark" aria-hidden="true" />
                  <span>
                    <strong>{step}</strong> – {t(`evaluation.review.steps.${step}`)}
                  </span>
                </Radio>
              ))}
            </RadioGroup>
            <TextAreaField
              id={`comment-${criterion.id}`}
              label={t('evaluation.review.criterionComment', { name: criterion.name })}
              value={comments[criterion.id] ?? ''}
              onChange={(value) => setComments((current) => ({ ...current, [criterion.id]: value }))}
              rows={2}
            />
          </fieldset>
        ))}
        <p className="running-total" role="status" aria-live="polite">
          {t('evaluation.review.total', { total: format.number(Math.round(total * 10) / 10) })}
        </p>
        <TextAreaField
          id="review-comment"
          label={t('evaluation.review.comment')}
          value={comment}
          onChange={setComment}
        />
        <RadioField
          id="recommendation-yes"
          label={t('evaluation.review.recommendation')}
          error={errors.recommendation}
          value={recommendation}
          onChange={(value) => {
            setRecommendation(value);
            answered('recommendation');
          }}
          options={RECOMMENDATIONS.map((id) => ({ id, label: t(`evaluation.review.recommendations.${id}`) }))}
        />
        <div className="button-row">
          <Button type="submit" variant="secondary" isPending={save.isPending}>
            {t('evaluation.review.saveDraft')}
          </Button>
          <ConfirmDialog
            triggerLabel={t('evaluation.review.submit')}
            triggerVariant="primary"
            title={t('evaluation.review.submitTitle')}
            confirmLabel={t('evaluation.review.submitConfirm')}
            isPending={save.isPending}
            onConfirm={() => (checkComplete() ? save.mutateAsync(body(true)) : Promise.reject(new Error('incomplete')))}
            refusal={(error) => (error instanceof ApiError ? message(error) : t('evaluation.review.errors.incomplete'))}
          >
            <p>{t('evaluation.review.submitBody', { total: format.number(Math.round(total * 10) / 10) })}</p>
          </ConfirmDialog>
        </div>
      </Form>
    </section>
  );
}

function SubmittedReview({ review, challenge, title }: { review: Review; challenge: Challenge; title: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <article className="review-card" aria-label={title}>
      <h3>{title}</h3>
      <p>
        {review.total !== null &&
          t('evaluation.review.totalShort', { total: format.number(Math.round(review.total * 10) / 10) })}
        {review.recommendation && ` · ${t(`evaluation.review.recommendations.${review.recommendation}`)}`}
      </p>
      <ul className="plain-list">
        {challenge.criteria.map((criterion) => {
          const s = review.scores.find((x) => x.criterionId === criterion.id);
          return (
            <li key={criterion.id}>
              <strong>{criterion.name}</strong>:{' '}
              {s ? `${s.score} – ${t(`evaluation.review.steps.${s.score as 0}`)}` : '–'}
              {s?.comment && <p className="muted">{s.comment}</p>}
            </li>
          );
        })}
      </ul>
      {review.comment && <p className="prose">{review.comment}</p>}
    </article>
  );
}

function OthersReviews({ reviews, challenge }: { reviews: Review[]; challenge: Challenge }) {
  const { t } = useTranslation();
  const others = reviews.map((review, index) => ({ review, n: index + 1 })).filter(({ review }) => !review.mine);
  return (
    <section aria-labelledby="others-title">
      <h2 id="others-title">{t('evaluation.others.title')}</h2>
      {others.length === 0 ? (
        <p>{t('evaluation.others.none')}</p>
      ) : (
        others.map(({ review, n }) => (
          <SubmittedReview
            key={review.assignmentId}
            review={review}
            challenge={challenge}
            title={t('evaluation.others.label', { n })}
          />
        ))
      )}
    </section>
  );
}
