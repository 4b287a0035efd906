import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogTrigger, Form, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiError } from '../api/client';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { RadioField } from '../ui/RadioField';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { useDecideGate } from './hooks';
import type { Pilot } from './hooks';
import { goBlockers, OUTCOMES, parseKronor } from './pilotRules';
import type { Blocker, Gate, Outcome } from './pilotRules';

/** What a go at this gate needs, each item with whether it is there: shown before anyone tries. */
export function GatePreconditions({ gate, blockers, goals }: { gate: Gate; blockers: Blocker[]; goals: number }) {
  const { t } = useTranslation();
  if (gate !== 'money' && gate !== 'scale') return null;
  const noGoals = blockers.some((b) => b.kind === 'noGoals');
  const unmeasured = blockers.flatMap((b) => (b.kind === 'unmeasured' ? b.goals : []));
  const items: { text: string; met: boolean }[] =
    gate === 'money'
      ? [
          { text: t('pilotWork.pre.goals'), met: !noGoals },
          { text: t('pilotWork.pre.budget'), met: true },
        ]
      : [
          { text: t('pilotWork.pre.goals'), met: !noGoals },
          {
            text:
              unmeasured.length > 0 || goals === 0
                ? t('pilotWork.pre.measuredMissing', { goals: unmeasured.join(', ') || '–' })
                : t('pilotWork.pre.measured'),
            met: goals > 0 && unmeasured.length === 0,
          },
        ];
  return (
    <div className="preconditions">
      <p>{t('pilotWork.pre.intro', { gate: t(`pilotWork.gates.${gate}`) })}</p>
      <ul className="checklist">
        {items.map((item) => (
          <li key={item.text} className={item.met ? 'check-met' : 'check-missing'}>
            <span aria-hidden="true" className="check-mark">
              {item.met ? '✓' : '✗'}
            </span>{' '}
            <strong>{item.met ? t('pilotWork.pre.met') : t('pilotWork.pre.missing')}:</strong> {item.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The gate that leaves the pilot's current stage, in a dialog: go / hold / stop, a rationale, the
 * granted budget for a money go. A go the API would refuse for missing goals or measurements is
 * refused here first, with the reason; a stale version (someone decided first) closes the dialog
 * and the page refreshes (`onStale`).
 */
export function GateDecisionDialog({
  pilot,
  gate,
  measuredGoalIds,
  onDecided,
  onStale,
}: {
  pilot: Pilot;
  gate: Gate;
  measuredGoalIds: { effectGoalId: string }[];
  onDecided: (outcome: Outcome) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const decide = useDecideGate(pilot.id);
  const blockers = goBlockers(gate, pilot.effectGoals, measuredGoalIds);
  const form = useFormState(
    {
      outcome: { id: 'gate-outcome', label: t('pilotWork.gate.outcome') },
      grantedBudgetSek: { id: 'gate-budget', label: t('pilotWork.gate.budget') },
      rationale: { id: 'gate-rationale', label: t('pilotWork.gate.rationale') },
    },
    { outcome: '', grantedBudgetSek: '', rationale: '' },
  );
  const outcome = form.values.outcome as '' | Outcome;
  const asksBudget = gate === 'money' && outcome === 'go';
  const blockerText = (blocker: Blocker) =>
    blocker.kind === 'noGoals'
      ? t('pilotWork.gate.errors.noGoals', { gate: t(`pilotWork.gates.${gate}`) })
      : t('pilotWork.gate.errors.unmeasured', { goals: blocker.goals.join(', ') });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const ok = form.validate((values) => ({
      outcome: !values.outcome
        ? t('pilotWork.gate.errors.outcome')
        : values.outcome === 'go' && blockers.length > 0
          ? blockers.map(blockerText).join(' ')
          : undefined,
      grantedBudgetSek:
        asksBudget && parseKronor(values.grantedBudgetSek) === null ? t('pilotWork.gate.errors.budget') : undefined,
      rationale:
        values.rationale.trim().length < 10
          ? t('pilotWork.gate.errors.rationaleShort')
          : values.rationale.trim().length > 5000
            ? t('pilotWork.gate.errors.rationaleLong')
            : undefined,
    }));
    if (!ok) return;
    const chosen = form.values.outcome as Outcome;
    decide.mutate(
      {
        gate,
        outcome: chosen,
        rationale: form.values.rationale.trim(),
        version: pilot.version,
        ...(asksBudget ? { grantedBudgetSek: parseKronor(form.values.grantedBudgetSek) ?? 0 } : {}),
      },
      {
        onSuccess: () => {
          setOpen(false);
          form.set('outcome')('');
          form.set('rationale')('');
          form.set('grantedBudgetSek')('');
          onDecided(chosen);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409) {
            setOpen(false);
            onStale();
            return;
          }
          form.fail(error, (refusal) =>
            refusal.status === 422
              ? { field: 'outcome', message: t('pilotWork.gate.errors.refused', { detail: refusal.problem.detail }) }
              : refusal.status === 403
                ? { message: t('pilotWork.gate.errors.forbidden') }
                : null,
          );
        },
      },
    );
  };

  const gateName = t(`pilotWork.gates.${gate}`);
  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.clear();
      }}
    >
      <Button>{t('pilotWork.gate.open', { gate: gateName })}</Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal modal-wide">
          <Dialog className="dialog">
            <Heading slot="title">{t('pilotWork.gate.title', { gate: t(`pilotWork.gateTitles.${gate}`) })}</Heading>
            <p>{t(`pilotWork.gateInfo.${gate}`)}</p>
            <GatePreconditions gate={gate} blockers={blockers} goals={pilot.effectGoals.length} />
            <Form className="form" validationBehavior="aria" onSubmit={submit}>
              <ErrorSummary errors={form.summary} />
              <RadioField
                {...form.field('outcome')}
                options={OUTCOMES.map((id) => ({
                  id,
                  label: t(`pilotWork.outcomes.${id}`),
                  description: t(`pilotWork.outcomeInfo.${gate === 'implement' && id === 'go' ? 'implement' : id}`),
                }))}
              />
              {asksBudget && (
                <TextField
                  {...form.field('grantedBudgetSek')}
                  hint={t('pilotWork.gate.budgetHint')}
                  inputMode="numeric"
                />
              )}
              <TextAreaField {...form.field('rationale')} hint={t('pilotWork.gate.rationaleHint')} />
              <div className="button-row">
                <Button type="submit" isPending={decide.isPending}>
                  {t('pilotWork.gate.submit')}
                </Button>
                <Button variant="secondary" onPress={() => setOpen(false)}>
                  {t('actions.cancel')}
                </Button>
              </div>
            </Form>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
