import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { WEIGHT_TOTAL, parseWeight, weightSum } from './rules';
import type { CriterionDraft } from './rules';

let nextKey = 0;
export const newCriterion = (): CriterionDraft => ({ key: `new-${nextKey++}`, name: '', description: '', weight: '' });

/**
 * The criteria: name, description and an integer weight each; the running sum of the weights is
 * shown and announced (polite live region) as it changes, since publishing needs exactly 100.
 */
export function CriteriaEditor({
  criteria,
  onChange,
  error,
  isReadOnly,
}: {
  criteria: CriterionDraft[];
  onChange: (criteria: CriterionDraft[]) => void;
  error?: string;
  isReadOnly?: boolean;
}) {
  const { t } = useTranslation();
  const sum = weightSum(criteria);
  const set = (index: number, change: Partial<CriterionDraft>) =>
    onChange(criteria.map((c, i) => (i === index ? { ...c, ...change } : c)));
  const sumText =
    sum === WEIGHT_TOTAL
      ? t('department.criteria.sumOk', { sum })
      : sum < WEIGHT_TOTAL
        ? t('department.criteria.sumUnder', { sum, left: WEIGHT_TOTAL - sum })
        : t('department.criteria.sumOver', { sum, over: sum - WEIGHT_TOTAL });
  return (
    <fieldset className="fieldset" aria-describedby="criteria-hint">
      <legend>{t('department.criteria.legend')}</legend>
      <p id="criteria-hint" className="field-hint">
        {t('department.criteria.hint')}
      </p>
      {error && (
        <p className="field-error" id="criteria-error">
          {error}
        </p>
      )}
      {criteria.map((criterion, index) => {
        const weightInvalid = criterion.weight.trim() !== '' && parseWeight(criterion.weight) === null;
        return (
          <div className="criterion" key={criterion.key}>
            <h3>{t('department.criteria.number', { n: index + 1 })}</h3>
            <TextField
              id={`criterion-${index}-name`}
              label={t('department.criteria.name')}
              value={criterion.name}
              onChange={(name) => set(index, { name })}
              isReadOnly={isReadOnly}
            />
            <TextAreaField
              id={`criterion-${index}-description`}
              label={t('department.criteria.description')}
              value={criterion.description}
              onChange={(description) => set(index, { description })}
              isReadOnly={isReadOnly}
              rows={2}
            />
            <TextField
              id={`criterion-${index}-weight`}
              label={t('department.criteria.weight')}
              hint={t('department.criteria.weightHint')}
              inputMode="numeric"
              value={criterion.weight}
              onChange={(weight) => set(index, { weight })}
              error={weightInvalid ? t('department.criteria.weightInvalid') : undefined}
              isReadOnly={isReadOnly}
            />
            {!isReadOnly && (
              <Button variant="secondary" onPress={() => onChange(criteria.filter((_, i) => i !== index))}>
                {t('department.criteria.remove', { n: index + 1 })}
              </Button>
            )}
          </div>
        );
      })}
      <p
        className={`weight-sum ${sum === WEIGHT_TOTAL ? 'weight-sum-ok' : 'weight-sum-off'}`}
        role="status"
        aria-live="polite"
        id="weight-sum"
      >
        {sumText}
      </p>
      {!isReadOnly && (
        <Button id="add-criterion" variant="secondary" onPress={() => onChange([...criteria, newCriterion()])}>
          {t('department.criteria.add')}
        </Button>
      )}
    </fieldset>
  );
}
