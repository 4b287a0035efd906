/**
 * Concurrent callers asking the same read question share one computation: the first starts it,
 * those arriving while it runs wait for the same promise, and it is forgotten when it settles. An
 * answer is therefore never older than the computation the caller waited for (it began at the
 * earliest when the first of them asked), and the database does the work once instead of once per
 * caller. Only for reads whose answer depends on nothing but `key`; each caller's permission is
 * checked before it joins.
 */
export class SharedComputations<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, compute: () => Promise<T>): Promise<T> {
    const pending = this.running.get(key);
    if (pending) return pending;
    const computation = compute().finally(() => this.running.delete(key));
    this.running.set(key, computation);
    return computation;
  }
}
