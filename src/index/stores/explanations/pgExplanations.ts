import type { Database } from '../postgres/database.js';
import { parseStoredExplanation, type ExplanationSource, type ExplanationStore, type StoredExplanation } from './explanationStore.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS tutor_explanations (
  key text PRIMARY KEY,
  lang text NOT NULL,
  question text NOT NULL,
  sources jsonb NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

interface Row {
  key: string;
  lang: string;
  question: string;
  sources: unknown;
  body: unknown;
  created_at: Date | string;
}

/** Explanations in the course's Postgres database (TUTOR_DATABASE_URL): every replica reads what one wrote. */
export class PgExplanationStore implements ExplanationStore {
  readonly engine: string;

  private constructor(private readonly db: Database) {
    this.engine = db.engine;
  }

  static async open(db: Database): Promise<PgExplanationStore> {
    await db.exec(SCHEMA);
    return new PgExplanationStore(db);
  }

  async get(key: string): Promise<StoredExplanation | null> {
    const [row] = await this.db.query<Row>('SELECT key, lang, question, sources, body, created_at FROM tutor_explanations WHERE key = $1', [key]);
    if (!row) return null;
    return parseStoredExplanation({ ...row, createdAt: new Date(row.created_at).toISOString() });
  }

  async put(entry: StoredExplanation): Promise<void> {
    await this.db.query(
      `INSERT INTO tutor_explanations (key, lang, question, sources, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET lang = EXCLUDED.lang, question = EXCLUDED.question, sources = EXCLUDED.sources, body = EXCLUDED.body, created_at = now()`,
      [entry.key, entry.lang, entry.question, JSON.stringify(entry.sources), JSON.stringify(entry.body ?? null)],
    );
  }

  async retain(isCurrent: (source: ExplanationSource) => boolean): Promise<number> {
    const rows = await this.db.query<{ key: string; sources: unknown }>('SELECT key, sources FROM tutor_explanations');
    const stale = rows
      .filter((row) => {
        const sources = Array.isArray(row.sources) ? (row.sources as ExplanationSource[]) : null;
        return !sources || !sources.every(isCurrent);
      })
      .map((row) => row.key);
    if (stale.length > 0) await this.db.query('DELETE FROM tutor_explanations WHERE key = ANY($1)', [stale]);
    return stale.length;
  }
}
