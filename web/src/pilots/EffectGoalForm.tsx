import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { RadioField } from '../ui/RadioField';
import { TextField } from '../ui/TextField';
import { useAddEffectGoal } from './hooks';
import { goalProblem, parseFigure } from './pilotRules';
import type { Direction } from './pilotRules';

/** Department staff and directors set an effect goal: what, in which unit, which way, from where to where. */
export function EffectGoalForm({ pilotId, onAdded }: { pilotId: string; onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const add = useAddEffectGoal(pilotId);
  const form = useFormState(
    {
      name: { id: 'goal-name', label: t('pilotWork.goalForm.name') },
      unit: { id: 'goal-unit', label: t('pilotWork.goalForm.unit') },
      direction: { id: 'goal-direction', label: t('pilotWork.goalForm.direction') },
      baseline: { id: 'goal-baseline', label: t('pilotWork.goalForm.baseline') },
      target: { id: 'goal-target', label: t('pilotWork.goalForm.target') },
    },
    { name: '', unit: '', direction: '', baseline: '', target: '' },
  );
  const figureError = (text: string) => (parseFigure(text) === null ? t('pilotWork.errors.figure') : undefined);
  return (
    <Form
      className="form"
      validationBehavior="aria"
      aria-labelledby="goal-form-title"
      onSubmit={form.submit(add, {
        check: (values) => {
          const baseline = parseFigure(values.baseline);
          const target = parseFigure(values.target);
          const problem =
            baseline !== null && target !== null && values.direction
              ? goalProblem(baseline, target, values.direction as Direction)
              : null;
          return {
            name: values.name.trim()
              ? values.name.trim().length > 200
                ? t('pilotWork.goalForm.nameLong')
                : undefined
              : t('pilotWork.goalForm.nameMissing'),
            unit: values.unit.trim()
              ? values.unit.trim().length > 50
                ? t('pilotWork.goalForm.unitLong')
                : undefined
              : t('pilotWork.goalForm.unitMissing'),
            direction: values.direction ? undefined : t('pilotWork.goalForm.directionMissing'),
            baseline: figureError(values.baseline),
            target: figureError(values.target) ?? (problem ? t(`pilotWork.goalForm.problem.${problem}`) : undefined),
          };
        },
        variables: (values) => ({
          name: values.name.trim(),
          unit: values.unit.trim(),
          direction: values.direction as Direction,
          baseline: parseFigure(values.baseline) ?? 0,
          target: parseFigure(values.target) ?? 0,
        }),
        onSuccess: (goal) => {
          for (const field of ['name', 'unit', 'direction', 'baseline', 'target'] as const) form.set(field)('');
          onAdded(goal.name);
        },
        refusal: (refusal) =>
          refusal.status === 409
            ? { message: t('pilotWork.goalForm.finished') }
            : refusal.status === 403
              ? { message: t('pilotWork.goalForm.forbidden') }
              : null,
      })}
    >
      <h3 id="goal-form-title">{t('pilotWork.goalForm.title')}</h3>
      <ErrorSummary errors={form.summary} />
      <TextField {...form.field('name')} hint={t('pilotWork.goalForm.nameHint')} />
      <TextField {...form.field('unit')} hint={t('pilotWork.goalForm.unitHint')} />
      <RadioField
        {...form.field('direction')}
        options={[
          { id: 'increase', label: t('pilotWork.goalForm.increase') },
          { id: 'decrease', label: t('pilotWork.goalForm.decrease') },
        ]}
      />
      <div className="field-pair">
        <TextField {...form.field('baseline')} hint={t('pilotWork.goalForm.baselineHint')} inputMode="decimal" />
        <TextField {...form.field('target')} hint={t('pilotWork.goalForm.targetHint')} inputMode="decimal" />
      </div>
      <div className="button-row">
        <Button type="submit" isPending={add.isPending}>
          {t('pilotWork.goalForm.submit')}
        </Button>
      </div>
    </Form>
  );
}
