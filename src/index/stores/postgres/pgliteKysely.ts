import type { PGlite, Transaction } from '@electric-sql/pglite';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';

const ROLLBACK = Symbol('rollback');

/**
 * One Kysely connection on a PGlite instance. Its transactions are PGlite's own transaction(), which
 * holds the instance for their length: the course store's queries on the same instance wait rather
 * than run inside a progress write (a plain BEGIN over query() would let them in).
 */
class PgliteConnection implements DatabaseConnection {
  private tx: Transaction | null = null;
  private finish: ((commit: boolean) => void) | null = null;
  private finished: Promise<void> | null = null;

  constructor(private readonly db: PGlite) {}

  begin(): Promise<void> {
    return new Promise((started, failed) => {
      this.finished = this.db
        .transaction(
          (tx) =>
            new Promise<void>((commit, rollback) => {
              this.tx = tx;
              this.finish = (ok) => (ok ? commit() : rollback(ROLLBACK));
              started();
            }),
        )
        .then(
          () => undefined,
          (error: unknown) => {
            if (error !== ROLLBACK) throw error;
          },
        );
      this.finished.catch(failed);
    });
  }

  async end(commit: boolean): Promise<void> {
    this.finish?.(commit);
    try {
      await this.finished;
    } finally {
      [this.tx, this.finish, this.finished] = [null, null, null];
    }
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await (this.tx ?? this.db).query<R>(compiled.sql, [...compiled.parameters]);
    return { rows: result.rows, ...(result.affectedRows ? { numAffectedRows: BigInt(result.affectedRows) } : {}) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

/** Hands out one connection at a time (PGlite is one session); closing the instance stays with its owner. */
class PgliteDriver implements Driver {
  private turn: Promise<void> = Promise.resolve();
  private readonly releases = new Map<DatabaseConnection, () => void>();

  constructor(private readonly db: PGlite) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.turn;
    this.turn = new Promise((resolve) => (release = resolve));
    await previous;
    const connection = new PgliteConnection(this.db);
    this.releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).end(true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).end(false);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.releases.get(connection)?.();
    this.releases.delete(connection);
  }

  async destroy(): Promise<void> {}
}

/** Kysely over a PGlite instance: every Kysely made from this dialect shares its one driver. */
export function pgliteDialect(db: PGlite): Dialect {
  const driver = new PgliteDriver(db);
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
  };
}
