import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { Button } from './Button';
import { Page } from './Page';

/**
 * Loading, failure (with a retry) or the content of a query. With `page`, a query that is the
 * whole page: its loading and failure states are a page of that title (one h1, a `<title>`).
 */
export function QueryState<T>({
  query,
  children,
  page,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  page?: string;
}) {
  const state = <QueryStatus query={query} />;
  if (query.error || query.isPending || query.data === undefined)
    return page ? <Page title={page}>{state}</Page> : state;
  return <>{children(query.data)}</>;
}

function QueryStatus({ query }: { query: { error: unknown; refetch: () => unknown } }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  if (query.error) {
    const unavailable = query.error instanceof ApiError && (query.error.status === 0 || query.error.status >= 500);
    return (
      <div className="notice" role="alert">
        <p>
          <strong>{unavailable ? t('errors.unavailable.title') : t('errors.loadFailed')}</strong>
        </p>
        <p>{unavailable ? t('errors.unavailable.body') : message(query.error)}</p>
        <Button variant="secondary" onPress={() => void query.refetch()}>
          {t('actions.retry')}
        </Button>
      </div>
    );
  }
  return (
    <p className="muted" role="status">
      {t('actions.loading')}
    </p>
  );
}
