import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { RadioField } from '../ui/RadioField';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { useRecordMeasurement } from './hooks';
import type { EffectGoal } from './hooks';
import { measuredAtOf, parseFigure, stockholmToday } from './pilotRules';

/** The lead organisation (and the city's staff) record a measured value of one effect goal. */
export function MeasurementForm({
  pilotId,
  goals,
  onRecorded,
}: {
  pilotId: string;
  goals: EffectGoal[];
  onRecorded: (goal: EffectGoal) => void;
}) {
  const { t } = useTranslation();
  const record = useRecordMeasurement(pilotId);
  const only = goals.length === 1 ? (goals[0]?.id ?? '') : '';
  const form = useFormState(
    {
      goalId: { id: 'measurement-goal', label: t('pilotWork.measureForm.goal') },
      value: { id: 'measurement-value', label: t('pilotWork.measureForm.value') },
      measuredAt: { id: 'measurement-date', label: t('pilotWork.measureForm.date') },
      note: { id: 'measurement-note', label: t('pilotWork.measureForm.note') },
    },
    { goalId: only, value: '', measuredAt: stockholmToday(), note: '' },
  );
  const goal = goals.find((candidate) => candidate.id === (form.values.goalId || only));
  return (
    <Form
      className="form"
      validationBehavior="aria"
      aria-labelledby="measure-form-title"
      onSubmit={form.submit(record, {
        check: (values) => ({
          goalId: values.goalId || only ? undefined : t('pilotWork.measureForm.goalMissing'),
          value: parseFigure(values.value) === null ? t('pilotWork.errors.figure') : undefined,
          measuredAt: measuredAtOf(values.measuredAt) === null ? t('pilotWork.measureForm.dateInvalid') : undefined,
          note: values.note.length > 2000 ? t('pilotWork.measureForm.noteLong') : undefined,
        }),
        variables: (values) => ({
          goalId: values.goalId || only,
          value: parseFigure(values.value) ?? 0,
          measuredAt: measuredAtOf(values.measuredAt) ?? '',
          ...(values.note.trim() ? { note: values.note.trim() } : {}),
        }),
        onSuccess: (_, variables) => {
          form.set('value')('');
          form.set('note')('');
          const recorded = goals.find((candidate) => candidate.id === variables.goalId);
          if (recorded) onRecorded(recorded);
        },
        refusal: (refusal) =>
          refusal.status === 422 && refusal.fieldErrors().measuredAt
            ? { field: 'measuredAt', message: t('pilotWork.measureForm.dateInvalid') }
            : refusal.status === 403
              ? { message: t('pilotWork.measureForm.forbidden') }
              : null,
      })}
    >
      <h3 id="measure-form-title">{t('pilotWork.measureForm.title')}</h3>
      <ErrorSummary errors={form.summary} />
      {goals.length > 1 ? (
        <RadioField
          {...form.field('goalId')}
          options={goals.map((candidate) => ({
            id: candidate.id,
            label: `${candidate.name} (${candidate.unit})`,
          }))}
        />
      ) : (
        <p>{t('pilotWork.measureForm.onlyGoal', { name: goals[0]?.name ?? '' })}</p>
      )}
      <TextField
        {...form.field('value')}
        label={goal ? t('pilotWork.measureForm.valueIn', { unit: goal.unit }) : t('pilotWork.measureForm.value')}
        hint={t('pilotWork.measureForm.valueHint')}
        inputMode="decimal"
      />
      <TextField {...form.field('measuredAt')} type="date" hint={t('pilotWork.measureForm.dateHint')} />
      <TextAreaField {...form.field('note')} hint={t('pilotWork.measureForm.noteHint')} />
      <div className="button-row">
        <Button type="submit" isPending={record.isPending}>
          {t('pilotWork.measureForm.submit')}
        </Button>
      </div>
    </Form>
  );
}
