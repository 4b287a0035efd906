import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import type { SummaryError } from './ErrorSummary';

/** A form's fields: the input id (for the summary's links) and the visible label, by API field name. */
export type FieldSpec<F extends string> = Record<F, { id: string; label: string }>;

/** A rule the browser checks early (the API checks it again and its answer wins). */
export type Check<F extends string> = (values: Record<F, string>) => Partial<Record<F, string>>;

/** A refusal the page knows how to say: on a field, or (no field) at the top. */
export type Refusal<F extends string> = (error: ApiError) => { field?: F; message: string } | null;

/** What `form.submit` needs from a TanStack mutation (its `mutate`). */
interface Mutation<V, R> {
  mutate: (variables: V, options: { onSuccess: (result: R) => void; onError: (error: unknown) => void }) => void;
}

/**
 * GOV.UK-style form state: the values (kept when the server refuses), the error next to each
 * field, and the summary at the top that links to them.
 */
export function useFormState<F extends string>(fields: FieldSpec<F>, initial: Record<F, string>) {
  const { t, i18n } = useTranslation();
  const problemMessage = useProblemMessage();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const summary: SummaryError[] = [
    ...(formError ? [{ message: formError }] : []),
    ...(Object.keys(fields) as F[])
      .filter((field) => errors[field])
      .map((field) => ({ fieldId: fields[field].id, message: errors[field] ?? '' })),
  ];

  const form = {
    values,
    errors,
    summary,
    set: (field: F) => (value: string) => setValues((current) => ({ ...current, [field]: value })),
    /** What a field's input takes from the form: its id and label, value, change handler and error. */
    field: (field: F) => ({
      id: fields[field].id,
      label: fields[field].label,
      value: values[field],
      onChange: (value: string) => setValues((current) => ({ ...current, [field]: value })),
      error: errors[field],
    }),
    /** Runs the early checks; true when the form may be sent. */
    validate(check: Check<F>): boolean {
      const found = check(values);
      setErrors(found);
      setFormError(null);
      return Object.values(found).every((message) => !message);
    },
    /**
     * Shows the server's refusal: `overrides` turns a known answer (a 422 for a used code) into the
     * right sentence on the right field; field errors of a 400 land next to their fields (in the
     * person's language where the catalogue has it, else the API's words); anything else on top.
     */
    fail(error: unknown, overrides?: Refusal<F>) {
      const known = error instanceof ApiError ? overrides?.(error) : null;
      if (known) {
        if (known.field) {
          setErrors({ [known.field]: known.message } as Partial<Record<F, string>>);
          setFormError(null);
        } else {
          setErrors({});
          setFormError(known.message);
        }
        return;
      }
      if (error instanceof ApiError && error.problem.errors?.length) {
        const next: Partial<Record<F, string>> = {};
        for (const { field, message } of error.problem.errors) {
          if (field in fields) {
            next[field as F] =
              i18n.language === 'en' ? message : t('forms.fieldInvalid', { field: fields[field as F].label });
          }
        }
        if (Object.keys(next).length > 0) {
          setErrors(next);
          setFormError(null);
          return;
        }
      }
      setErrors({});
      setFormError(problemMessage(error));
    },
    clear() {
      setErrors({});
      setFormError(null);
    },
    /**
     * A `<Form onSubmit>`: the early checks, then the mutation with what `variables` makes of the
     * values; a refusal lands next to its field (through `refusal` for answers the page knows).
     */
    submit<V, R>(
      mutation: Mutation<V, R>,
      options: {
        check?: Check<F>;
        variables: (values: Record<F, string>) => V;
        onSuccess?: (result: R, variables: V) => void;
        refusal?: Refusal<F>;
      },
    ): (event: FormEvent) => void {
      return (event) => {
        event.preventDefault();
        if (!form.validate(options.check ?? (() => ({})))) return;
        const variables = options.variables(values);
        mutation.mutate(variables, {
          onSuccess: (result) => options.onSuccess?.(result, variables),
          onError: (error) => form.fail(error, options.refusal),
        });
      };
    },
  };
  return form;
}
