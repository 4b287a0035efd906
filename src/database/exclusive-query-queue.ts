import type { PGlite } from '@electric-sql/pglite';

/** Extended-query messages that the client follows with more of the same batch, ending in Sync. */
const MID_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The message queue between pglite-socket's connections and PGlite's single backend session,
 * replacing the library's own (0.2.x), which (a) keeps one connection's messages together only
 * inside a transaction, so the Parse/Bind/Execute/Sync of two connections' plain queries
 * interleave and fail with `portal "" does not exist`, and (b) stops processing for good after
 * one failed message. Here a connection owns the backend from the first message of a batch until
 * its Sync (or simple Query), and for as long as it holds a transaction open.
 *
 * Same shape as the library's QueryQueueManager, which the server hands to every connection.
 */
export class ExclusiveQueryQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  /** The connection the backend is reserved for, if any. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: drop what it still had queued. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      if (this.queue[i].handlerId === handlerId) this.queue.splice(i, 1)[0].reject(new Error('Connection closed'));
    }
  }

  /** A connection went away: roll back its open transaction and release the backend. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (index < 0 || index >= this.queue.length) return;
        const [next] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
          next.resolve(bytes);
        } catch (error) {
          next.reject(error);
        }
        const midBatch = MID_BATCH.has(next.message[0]);
        this.owner = midBatch || this.db.isInTransaction() ? next.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }
}
