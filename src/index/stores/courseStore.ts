import type { Chunk } from '../../types.js';

export interface DenseHit {
  chunk: Chunk;
  /** Cosine similarity to the query vector. */
  similarity: number;
}

export interface LexicalMatch {
  chunk: Chunk;
  score: number;
}

/** How a vector's similarity spreads over the whole course: its mean and (population) standard deviation. */
export interface SimilarityStats {
  mean: number;
  std: number;
}

/**
 * What retrieval, grounding and grading ask of an index, each a query the store answers: scored
 * top-N by vector and by text, the similarity of a vector to given chunks, and the statistics of a
 * vector's similarity to the course. The HNSW file store and the Postgres store both implement it;
 * nothing above the index layer walks the vectors itself.
 */
export interface CourseStore {
  /** "file", "pglite" or "postgres". */
  readonly engine: string;
  /** Every chunk in label order, read once per index build (the question bank and vocabulary are made from them). */
  readonly chunks: readonly Chunk[];
  /** Fingerprint of the embedding model behind the vectors; null when the store holds none. */
  readonly modelFingerprint: string | null;
  nearest(vector: Float32Array, k: number): Promise<DenseHit[]>;
  /** Similarity of the vector to each given chunk id, in the order given (NaN for an unknown id). */
  similarityTo(vector: Float32Array, chunkIds: readonly string[]): Promise<number[]>;
  similarityStats(vector: Float32Array): Promise<SimilarityStats>;
  lexical(query: string, k: number): Promise<LexicalMatch[]>;
}
