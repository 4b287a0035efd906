import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (the rest of a request's handling) with its request id available everywhere. */
export function runWithRequestContext(requestId: string, fn: () => void): void {
  storage.run({ requestId }, fn);
}

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
