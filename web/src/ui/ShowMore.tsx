import { useTranslation } from 'react-i18next';
import { Button } from './Button';

/** What a "show more" button needs of an infinite query (TanStack's `useInfiniteQuery`). */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The next page of a keyset-paged list, while there is one. */
export function ShowMore({ pages }: { pages: Pages }) {
  const { t } = useTranslation();
  if (!pages.hasNextPage) return null;
  return (
    <Button variant="secondary" isPending={pages.isFetchingNextPage} onPress={() => void pages.fetchNextPage()}>
      {t('actions.showMore')}
    </Button>
  );
}
