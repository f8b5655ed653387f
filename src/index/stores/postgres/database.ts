import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import pg from 'pg';
import { PostgresDialect, type Dialect } from 'kysely';
import { pgliteDialect } from './pgliteKysely.js';

export interface Queryable {
  /** One statement with $1… parameters. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements, no parameters. */
  exec(sql: string): Promise<void>;
}

/** The little of a Postgres connection the store needs; PGlite and node-postgres both fit it. */
export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The same connection for Kysely (the progress store's queries and migrations); closing stays with close(). */
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export class DatabaseUrlError extends Error {}

/** HNSW candidates pgvector keeps per query (its default, 40, would cap a LIMIT of 50). */
const EF_SEARCH = 100;

async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory') fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ ...(dataDir === 'memory' ? {} : { dataDir }), extensions: { vector } });
  await db.exec(`SET hnsw.ef_search = ${EF_SEARCH}`);
  const on = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <Row>(sql: string, params?: unknown[]) => (await target.query<Row>(sql, params)).rows,
    exec: async (sql: string) => void (await target.exec(sql)),
  });
  return {
    engine: 'pglite',
    ...on(db),
    // PGlite is one session: its transaction() serialises with every other query.
    transaction: (work) => db.transaction((tx) => work(on(tx))),
    dialect: pgliteDialect(db),
    close: () => db.close(),
  };
}

function openServer(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true, options: `-c hnsw.ef_search=${EF_SEARCH}` });
  // An idle client losing its server is reported here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const on = (target: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <Row>(sql: string, params?: unknown[]) => (await target.query(sql, params)).rows as Row[],
    exec: async (sql: string) => void (await target.query(sql)),
  });
  return {
    engine: 'postgres',
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    dialect: new PostgresDialect({ pool }),
    close: () => pool.end(),
  };
}

/**
 * TUTOR_DATABASE_URL: `pglite:<folder>` (Postgres in this process, stored in that folder, relative
 * to the working directory), `pglite:memory`, or a `postgres://` / `postgresql://` URL of a server
 * with the pgvector extension (`?host=/path` reaches a server on a unix socket).
 */
export async function openDatabase(url: string): Promise<Database> {
  if (url.startsWith('pglite:')) {
    const where = url.slice('pglite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!where) throw new DatabaseUrlError('TUTOR_DATABASE_URL "pglite:" needs a folder (pglite:index/pg) or "memory"');
    return openPglite(where === 'memory' ? where : path.resolve(where));
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openServer(url);
  throw new DatabaseUrlError(`TUTOR_DATABASE_URL must start with pglite: or postgres:// (got "${url}")`);
}
