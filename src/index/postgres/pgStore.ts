import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Document, DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
import { grams, stems, words } from '../../text/analyze.js';
import { GRAM_WEIGHT, queryGramWeights } from '../lexical.js';
import type { Chunk } from '../../types.js';
import type { CourseStore, DenseHit, LexicalMatch, SimilarityStats } from '../courseStore.js';
import { chunkDocument, documentChunk, type ChunkMetadata } from '../documents.js';
import { sha256, type IndexData } from '../store.js';
import type { Database } from './database.js';

/** Bump when the tables or the text-search functions change, so every database is filled again. */
const SCHEMA_VERSION = 5;
/** One advisory-lock key for the whole sync: replicas sharing a database fill it one at a time. */
const SYNC_LOCK = 7_263_001;
const INSERT_BATCH = 40;

const SCHEMA = `
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS tutor_meta (key text PRIMARY KEY, value text NOT NULL);`;

function chunksTable(dimension: number): string {
  return `
DROP TABLE IF EXISTS tutor_chunks;
CREATE TABLE tutor_chunks (
  label integer PRIMARY KEY,
  id text NOT NULL UNIQUE,
  unit_id text NOT NULL,
  data jsonb NOT NULL,
  embedding vector(${dimension}),
  title_terms tsvector NOT NULL,
  body_terms tsvector NOT NULL,
  grams tsvector NOT NULL
);
CREATE INDEX tutor_chunks_embedding ON tutor_chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX tutor_chunks_title ON tutor_chunks USING gin (title_terms);
CREATE INDEX tutor_chunks_body ON tutor_chunks USING gin (body_terms);
CREATE INDEX tutor_chunks_grams ON tutor_chunks USING gin (grams);
DROP TABLE IF EXISTS tutor_terms;
CREATE TABLE tutor_terms (field text, lexeme text, documents integer NOT NULL, PRIMARY KEY (field, lexeme));`;
}

/**
 * Text vectors hold the analyzer's terms (text/analyze.ts: stop words of four languages removed,
 * each word with its Snowball stems in all four; character 4-grams in their own field), so both
 * stores rank the same terms; Postgres full-text search stores, indexes (GIN) and matches them.
 */
const INSERT_ROW = `($1::integer, $2, $3, $4::jsonb, $5::vector, to_tsvector('simple', $6), to_tsvector('simple', $7), to_tsvector('simple', $8))`;
const INSERT_COLUMNS = 'label, id, unit_id, data, embedding, title_terms, body_terms, grams';
const INSERT_PARAMS = 8;
/** How many chunks hold each term, per field, for BM25's inverse document frequency. */
const COUNT_TERMS = `
DELETE FROM tutor_terms;
INSERT INTO tutor_terms SELECT 'title', word, ndoc FROM ts_stat('SELECT title_terms FROM tutor_chunks');
INSERT INTO tutor_terms SELECT 'body', word, ndoc FROM ts_stat('SELECT body_terms FROM tutor_chunks');
INSERT INTO tutor_terms SELECT 'grams', word, ndoc FROM ts_stat('SELECT grams FROM tutor_chunks');`;

/**
 * BM25+ exactly as MiniSearch (the file store) computes it: k1 1.2, b 0.7, δ 0.5; a field's
 * length is its number of distinct terms (tsvector length), its average over all chunks.
 */
const BM25 = `ln(1 + (totals.documents - t.documents + 0.5) / (t.documents + 0.5))
   * (0.5 + (cardinality(u.positions) * 2.2) / (cardinality(u.positions) + 1.2 * (0.3 + 0.7 * length(f.terms) / f.average)))`;

/**
 * The file store's lexical ranking (index/lexical.ts), in SQL: BM25 of the query's terms in the
 * title (boost 2) and body (boost 1), times the number of query terms a chunk holds; plus
 * GRAM_WEIGHT × BM25 of the query words' 4-grams, each word's 4-grams weighing 1/n together.
 * The GIN indexes pick the candidates.
 */
const LEXICAL = `
WITH totals AS (
       SELECT count(*)::float8 AS documents, avg(length(title_terms))::float8 AS title, avg(length(body_terms))::float8 AS body,
              avg(length(grams))::float8 AS grams
       FROM tutor_chunks),
     wanted AS (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', $1))) AS lexeme),
     wanted_grams AS (SELECT gram, max(weight) AS weight FROM unnest($3::text[], $4::float8[]) AS w(gram, weight) GROUP BY gram),
     word_scores AS (
       SELECT c.label, u.lexeme, f.boost * ${BM25} AS score
       FROM tutor_chunks c
       CROSS JOIN totals
       CROSS JOIN LATERAL (VALUES ('title', 2.0, c.title_terms, totals.title), ('body', 1.0, c.body_terms, totals.body)) AS f(field, boost, terms, average)
       CROSS JOIN LATERAL unnest(f.terms) AS u
       JOIN wanted ON wanted.lexeme = u.lexeme
       JOIN tutor_terms t ON t.field = f.field AND t.lexeme = u.lexeme
       WHERE c.title_terms @@ to_tsquery('simple', $2) OR c.body_terms @@ to_tsquery('simple', $2)),
     by_word AS (SELECT label, sum(score) * count(DISTINCT lexeme) AS score FROM word_scores GROUP BY label),
     by_gram AS (
       SELECT c.label, sum(wanted_grams.weight * ${BM25}) AS score
       FROM tutor_chunks c
       CROSS JOIN totals
       CROSS JOIN LATERAL (VALUES (c.grams, totals.grams)) AS f(terms, average)
       CROSS JOIN LATERAL unnest(f.terms) AS u
       JOIN wanted_grams ON wanted_grams.gram = u.lexeme
       JOIN tutor_terms t ON t.field = 'grams' AND t.lexeme = u.lexeme
       WHERE c.grams @@ to_tsquery('simple', $5)
       GROUP BY c.label)
SELECT c.data, coalesce(w.score, 0) + $6 * coalesce(g.score, 0) AS score
FROM tutor_chunks c
LEFT JOIN by_word w ON w.label = c.label
LEFT JOIN by_gram g ON g.label = c.label
WHERE w.label IS NOT NULL OR g.label IS NOT NULL
ORDER BY score DESC, c.label
LIMIT $7`;

function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector).join(',')}]`;
}

function rowParams(label: number, chunk: Chunk, vector: ArrayLike<number> | null): unknown[] {
  const tokens = words(`${chunk.title} ${chunk.text}`);
  const chunkGrams = tokens.flatMap((token) => grams(token));
  return [
    label,
    chunk.id,
    chunk.unitId,
    JSON.stringify(chunk),
    vector ? vectorLiteral(vector) : null,
    analyzed(chunk.title),
    analyzed(chunk.text),
    chunkGrams.join(' '),
  ];
}

function analyzed(text: string): string {
  return words(text)
    .flatMap((word) => stems(word))
    .join(' ');
}

/** What identifies an index generation's content: a database holding it needs no refill. */
function contentFingerprint(index: IndexData): string {
  const { artifacts, model, chunkerVersion } = index.manifest;
  return sha256(JSON.stringify({ schema: SCHEMA_VERSION, chunkerVersion, model, chunks: artifacts['chunks.json'], vectors: artifacts['vectors.bin'] }));
}

/** Stands in when no embedding model is loaded: the store is then searched by text only. */
class NoEmbeddings extends Embeddings {
  constructor() {
    super({});
  }
  embedDocuments(): Promise<number[][]> {
    return Promise.reject(new Error('no embedding model is loaded'));
  }
  embedQuery(): Promise<number[]> {
    return Promise.reject(new Error('no embedding model is loaded'));
  }
}

export interface PgFilter {
  file?: string;
  kind?: Chunk['kind'];
  lang?: Chunk['lang'];
  unitId?: string;
}

/**
 * The course in Postgres with pgvector, as a LangChain `VectorStore` and a `CourseStore`: an HNSW
 * index (cosine) on the vectors, a GIN index on the four-language text vectors, and SQL for every
 * question retrieval and grading ask. The same code runs on PGlite (in-process) and on a server.
 */
export class PgCourseStore extends VectorStore implements CourseStore {
  declare FilterType: PgFilter;
  readonly engine: string;
  private readonly all: Chunk[];

  private constructor(
    embeddings: EmbeddingsInterface,
    private readonly db: Database,
    chunks: Chunk[],
    readonly modelFingerprint: string | null,
    /** Whether this open wrote the index generation into the database (false: it was already there). */
    readonly filled: boolean,
  ) {
    super(embeddings, {});
    this.engine = db.engine;
    this.all = chunks;
  }

  _vectorstoreType(): string {
    return 'tutor-pgvector';
  }

  get chunks(): readonly Chunk[] {
    return this.all;
  }

  /**
   * Fill the database from an index generation unless it already holds that generation (by content
   * fingerprint), then read the chunks back from it.
   */
  static async open(db: Database, index: IndexData, embeddings: EmbeddingsInterface | null): Promise<PgCourseStore> {
    await db.exec(SCHEMA);
    const fingerprint = contentFingerprint(index);
    const filled = await db.transaction(async (tx) => {
      const query = tx.query.bind(tx);
      await query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      const [current] = await query<{ value: string }>(`SELECT value FROM tutor_meta WHERE key = 'fingerprint'`);
      if (current?.value === fingerprint) return false;
      await tx.exec(chunksTable(index.manifest.model?.dimension ?? 1));
      const dimension = index.manifest.model?.dimension ?? 0;
      for (let start = 0; start < index.chunks.length; start += INSERT_BATCH) {
        const batch = index.chunks.slice(start, start + INSERT_BATCH);
        const params: unknown[] = [];
        const rows = batch.map((chunk, i) => {
          const label = start + i;
          const vector = dimension && index.vectors.length ? index.vectors.subarray(label * dimension, (label + 1) * dimension) : null;
          params.push(...rowParams(label, chunk, vector));
          return INSERT_ROW.replace(/\$(\d+)/g, (_, n: string) => `$${i * INSERT_PARAMS + Number(n)}`);
        });
        await query(`INSERT INTO tutor_chunks (${INSERT_COLUMNS}) VALUES ${rows.join(', ')}`, params);
      }
      await tx.exec(COUNT_TERMS);
      const model = index.manifest.model?.fingerprint ?? '';
      await query(
        `INSERT INTO tutor_meta (key, value) VALUES ('fingerprint', $1), ('model', $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [fingerprint, model],
      );
      return true;
    });
    const rows = await db.query<{ data: Chunk }>('SELECT data FROM tutor_chunks ORDER BY label');
    const [model] = await db.query<{ value: string }>(`SELECT value FROM tutor_meta WHERE key = 'model'`);
    return new PgCourseStore(
      embeddings ?? new NoEmbeddings(),
      db,
      rows.map((row) => row.data),
      model?.value || null,
      filled,
    );
  }

  async nearest(vector: Float32Array, k: number, filter?: PgFilter): Promise<DenseHit[]> {
    const { where, params } = filterSql(filter, 3);
    const rows = await this.db.query<{ data: Chunk; similarity: number }>(
      `SELECT data, 1 - (embedding <=> $1::vector) AS similarity FROM tutor_chunks
       WHERE embedding IS NOT NULL ${where} ORDER BY embedding <=> $1::vector LIMIT $2`,
      [vectorLiteral(vector), k, ...params],
    );
    return rows.map((row) => ({ chunk: row.data, similarity: Number(row.similarity) }));
  }

  async similarityTo(vector: Float32Array, chunkIds: readonly string[]): Promise<number[]> {
    const rows = await this.db.query<{ id: string; similarity: number }>(
      'SELECT id, 1 - (embedding <=> $1::vector) AS similarity FROM tutor_chunks WHERE id = ANY($2::text[])',
      [vectorLiteral(vector), [...chunkIds]],
    );
    const byId = new Map(rows.map((row) => [row.id, Number(row.similarity)]));
    return chunkIds.map((id) => byId.get(id) ?? NaN);
  }

  async similarityStats(vector: Float32Array): Promise<SimilarityStats> {
    const [row] = await this.db.query<{ mean: number; std: number }>(
      `SELECT avg(s) AS mean, stddev_pop(s) AS std FROM (SELECT 1 - (embedding <=> $1::vector) AS s FROM tutor_chunks) AS similarities`,
      [vectorLiteral(vector)],
    );
    return { mean: Number(row?.mean ?? NaN), std: Number(row?.std ?? NaN) };
  }

  async lexical(query: string, k: number): Promise<LexicalMatch[]> {
    // words() keeps letters and digits only, so the terms are safe tsquery syntax.
    const terms = [...new Set(words(query))];
    if (terms.length === 0) return [];
    const wantedGrams = [...queryGramWeights(terms)];
    const variants = [...new Set(terms.flatMap((term) => stems(term)))];
    const rows = await this.db.query<{ data: Chunk; score: number }>(LEXICAL, [
      variants.join(' '),
      variants.join(' | '),
      wantedGrams.map(([gram]) => gram),
      wantedGrams.map(([, weight]) => weight),
      wantedGrams.length ? wantedGrams.map(([gram]) => gram).join(' | ') : 'nothing',
      GRAM_WEIGHT,
      k,
    ]);
    return rows.map((row) => ({ chunk: row.data, score: Number(row.score) }));
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    const chunks = documents.map((document) => documentChunk(document as Document<ChunkMetadata>));
    await this.db.transaction(async (tx) => {
      const query = tx.query.bind(tx);
      const [next] = await query<{ label: number }>('SELECT coalesce(max(label) + 1, 0) AS label FROM tutor_chunks');
      for (const [i, chunk] of chunks.entries()) {
        await query(`INSERT INTO tutor_chunks (${INSERT_COLUMNS}) VALUES ${INSERT_ROW}`, rowParams((next?.label ?? 0) + i, chunk, vectors[i] ?? null));
      }
      await tx.exec(COUNT_TERMS);
      // The database no longer holds exactly one index generation: the next open refills it.
      await query(`DELETE FROM tutor_meta WHERE key = 'fingerprint'`);
    });
    this.all.push(...chunks);
    return chunks.map((chunk) => chunk.id);
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: PgFilter): Promise<[Document<ChunkMetadata>, number][]> {
    return (await this.nearest(Float32Array.from(query), k, filter)).map(({ chunk, similarity }) => [chunkDocument(chunk), similarity]);
  }
}

const FILTER_KEYS: Record<keyof PgFilter, string> = { file: 'file', kind: 'kind', lang: 'lang', unitId: 'unitId' };

function filterSql(filter: PgFilter | undefined, firstParam: number): { where: string; params: string[] } {
  const params: string[] = [];
  const clauses: string[] = [];
  for (const [key, field] of Object.entries(FILTER_KEYS) as Array<[keyof PgFilter, string]>) {
    const value = filter?.[key];
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`AND data->>'${field}' = $${firstParam + params.length - 1}`);
  }
  return { where: clauses.join(' '), params };
}
