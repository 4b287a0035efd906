import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ExclusiveQueryQueue } from './exclusive-query-queue';

export interface EmbeddedPostgres {
  /** A normal `postgres://` URL: the application talks to PGlite through the `pg` driver. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind a loopback socket server.
 * `dataDir` is a folder (persistent) or `memory://` (gone when stopped).
 * PGlite has one backend session; the socket server multiplexes connections onto it through
 * {@link ExclusiveQueryQueue}, which keeps each query batch and each transaction of a connection
 * together, so several pool clients are safe.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections = 10): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, extensions: { btree_gist, citext, pg_trgm, unaccent } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  // The library's queue interleaves concurrent queries (see ExclusiveQueryQueue); every
  // connection handler takes the server's queue when it is created, so swap it before start().
  (server as unknown as { queryQueue: ExclusiveQueryQueue }).queryQueue = new ExclusiveQueryQueue(db);
  await server.start();
  const address = server.getServerConn();
  let stopped = false;
  return {
    url: `postgres://postgres:postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
