import { grams, stems, words } from '../../../text/analyze.js';
import type { Chunk } from '../../../types.js';

/** The SQL of the Postgres store: its tables, the rows it inserts and its BM25 ranking. */
/** Bump when the tables or the text-search functions change, so every database is filled again. */
export const SCHEMA_VERSION = 5;
/** One advisory-lock key for the whole sync: replicas sharing a database fill it one at a time. */
export const SYNC_LOCK = 7_263_001;
export const INSERT_BATCH = 40;

export const SCHEMA = `
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS tutor_meta (key text PRIMARY KEY, value text NOT NULL);`;

export function chunksTable(dimension: number): string {
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
export const INSERT_ROW = `($1::integer, $2, $3, $4::jsonb, $5::vector, to_tsvector('simple', $6), to_tsvector('simple', $7), to_tsvector('simple', $8))`;
export const INSERT_COLUMNS = 'label, id, unit_id, data, embedding, title_terms, body_terms, grams';
export const INSERT_PARAMS = 8;
/** How many chunks hold each term, per field, for BM25's inverse document frequency. */
export const COUNT_TERMS = `
DELETE FROM tutor_terms;
INSERT INTO tutor_terms SELECT 'title', word, ndoc FROM ts_stat('SELECT title_terms FROM tutor_chunks');
INSERT INTO tutor_terms SELECT 'body', word, ndoc FROM ts_stat('SELECT body_terms FROM tutor_chunks');
INSERT INTO tutor_terms SELECT 'grams', word, ndoc FROM ts_stat('SELECT grams FROM tutor_chunks');`;

/**
 * BM25+ exactly as MiniSearch (the file store) computes it: k1 1.2, b 0.7, δ 0.5; a field's
 * length is its number of distinct terms (tsvector length), its average over all chunks.
 */
export const BM25 = `ln(1 + (totals.documents - t.documents + 0.5) / (t.documents + 0.5))
   * (0.5 + (cardinality(u.positions) * 2.2) / (cardinality(u.positions) + 1.2 * (0.3 + 0.7 * length(f.terms) / f.average)))`;

/**
 * The file store's lexical ranking (index/lexical.ts), in SQL: BM25 of the query's terms in the
 * title (boost 2) and body (boost 1), times the number of query terms a chunk holds; plus
 * GRAM_WEIGHT × BM25 of the query words' 4-grams, each word's 4-grams weighing 1/n together.
 * The GIN indexes pick the candidates.
 */
export const LEXICAL = `
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

export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector).join(',')}]`;
}

export function rowParams(label: number, chunk: Chunk, vector: ArrayLike<number> | null): unknown[] {
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

export function analyzed(text: string): string {
  return words(text)
    .flatMap((word) => stems(word))
    .join(' ');
}
