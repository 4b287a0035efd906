import { useTranslation } from 'react-i18next';
import { ApiError } from './client';

/** The problem types the catalogues translate (`problems.<code>`); others show the API's detail. */
const KNOWN = [
  'invalid-input',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'rule-violation',
  'too-many-requests',
  'unavailable',
  'unreachable',
  'internal-error',
  'body-too-large',
] as const;
type Known = (typeof KNOWN)[number];

function isKnown(code: string): code is Known {
  return (KNOWN as readonly string[]).includes(code);
}

/** An error as a sentence in the person's language: by problem type, else the API's own detail. */
export function useProblemMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      return isKnown(error.code) ? t(`problems.${error.code}`) : error.problem.detail;
    }
    return t('problems.internal-error');
  };
}
