import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Document, DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
import { stems, words } from '../../../text/analyze.js';
import { GRAM_WEIGHT, queryGramWeights } from '../../lexical.js';
import type { Chunk } from '../../../types.js';
import type { CourseStore, DenseHit, LexicalMatch, SimilarityStats } from '../courseStore.js';
import { chunkDocument, documentChunk, type ChunkMetadata } from '../../documents.js';
import { sha256, type IndexData } from '../../store.js';
import type { Database } from './database.js';
import { COUNT_TERMS, INSERT_BATCH, INSERT_COLUMNS, INSERT_PARAMS, INSERT_ROW, LEXICAL, SCHEMA, SCHEMA_VERSION, SYNC_LOCK, chunksTable, rowParams, vectorLiteral } from './sql.js';

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
