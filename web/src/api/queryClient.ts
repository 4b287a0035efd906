import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

/** Server state: a refusal (4xx) is an answer, not a hiccup, so only failures without one are retried. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});
