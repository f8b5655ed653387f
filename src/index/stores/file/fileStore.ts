import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../../../types.js';
import type { CourseStore, DenseHit, LexicalMatch, SimilarityStats } from '../courseStore.js';
import { HnswVectorStore } from './hnswStore.js';
import { LexicalRetriever } from './lexicalRetriever.js';
import type { IndexData } from '../../store.js';

/** The default store: one index generation under index/ (HNSW graph, vectors, BM25) in memory. */
export class FileCourseStore implements CourseStore {
  readonly engine = 'file';
  readonly chunks: readonly Chunk[];
  readonly modelFingerprint: string | null;
  /** The dense side as a LangChain VectorStore; null for a lexical-only index. */
  readonly vectors: HnswVectorStore | null;
  readonly lexicalRetriever: LexicalRetriever;
  private readonly labels: Map<string, number>;

  /** Without embeddings (no model loaded) the store is searched lexically only. */
  constructor(index: IndexData, embeddings: EmbeddingsInterface | null) {
    this.chunks = index.chunks;
    this.vectors = embeddings ? HnswVectorStore.fromIndex(index, embeddings) : null;
    this.modelFingerprint = this.vectors ? (index.manifest.model?.fingerprint ?? null) : null;
    this.lexicalRetriever = new LexicalRetriever(index.lexical, index.chunks);
    this.labels = new Map(index.chunks.map((chunk, label) => [chunk.id, label]));
  }

  async nearest(vector: Float32Array, k: number): Promise<DenseHit[]> {
    return this.vectors?.nearest(vector, k) ?? [];
  }

  async similarityTo(vector: Float32Array, chunkIds: readonly string[]): Promise<number[]> {
    return chunkIds.map((id) => {
      const label = this.labels.get(id);
      return label === undefined || !this.vectors ? NaN : this.vectors.similarityOf(vector, label);
    });
  }

  async similarityStats(vector: Float32Array): Promise<SimilarityStats> {
    if (!this.vectors) return { mean: NaN, std: NaN };
    return this.vectors.similarityStats(vector);
  }

  async lexical(query: string, k: number): Promise<LexicalMatch[]> {
    return this.lexicalRetriever.scored(query, k);
  }
}
