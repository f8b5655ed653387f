import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Document, DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
import { dot } from '../../../text/vectors.js';
import type { Chunk } from '../../../types.js';
import { chunkDocument, documentChunk, type ChunkMetadata } from '../../documents.js';
import { DEFAULT_HNSW, buildHnsw, searchHnsw, type Hnsw } from '../../hnsw.js';
import type { IndexData } from '../../store.js';

/**
 * The HNSW index of one index generation as a LangChain `VectorStore` (cosine similarity as the
 * score). Persistence (atomic generations, checksums, the lock) stays with store.ts and build.ts;
 * this is the search side the retriever, grounding and grading talk to.
 */
export class HnswVectorStore extends VectorStore {
  declare FilterType: (document: Document<ChunkMetadata>) => boolean;
  private chunks: readonly Chunk[];

  /**
   * Over a loaded index generation the graph, chunks and vectors are shared, read-only; the first
   * addVectors copies them (and rebuilds the graph), so the loaded generation never changes.
   */
  constructor(
    embeddings: EmbeddingsInterface,
    chunks: readonly Chunk[],
    private vectors: Float32Array,
    private hnsw: Hnsw,
    readonly dimension: number,
    private ownsData = false,
  ) {
    super(embeddings, {});
    this.chunks = chunks;
  }

  static fromIndex(index: IndexData, embeddings: EmbeddingsInterface): HnswVectorStore | null {
    const model = index.manifest.model;
    if (!model || !index.hnsw) return null;
    return new HnswVectorStore(embeddings, index.chunks, index.vectors, index.hnsw, model.dimension);
  }

  _vectorstoreType(): string {
    return 'tutor-hnsw';
  }

  get size(): number {
    return this.chunks.length;
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    const start = this.chunks.length;
    const grown = new Float32Array((start + vectors.length) * this.dimension);
    grown.set(this.vectors);
    vectors.forEach((vector, i) => grown.set(vector, (start + i) * this.dimension));
    this.vectors = grown;
    this.chunks = [...this.chunks, ...documents.map((document) => documentChunk(document as Document<ChunkMetadata>))];
    if (!this.ownsData || start === 0) {
      this.hnsw = buildHnsw(grown, this.dimension, DEFAULT_HNSW);
      this.ownsData = true;
    } else {
      this.hnsw.resizeIndex(start + vectors.length);
      vectors.forEach((vector, i) => this.hnsw.addPoint(vector, start + i));
    }
    return documents.map((document, i) => document.id ?? this.chunks[start + i]!.id);
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: this['FilterType']): Promise<[Document<ChunkMetadata>, number][]> {
    return this.nearest(Float32Array.from(query), k, filter).map(({ chunk, similarity }) => [chunkDocument(chunk), similarity]);
  }

  /** The k nearest chunks by cosine similarity (HNSW, approximate), best first. */
  nearest(query: Float32Array, k: number, filter?: this['FilterType']): Array<{ chunk: Chunk; similarity: number }> {
    const depth = filter ? Math.min(this.chunks.length, k * 4) : k;
    const hits = searchHnsw(this.hnsw, query, depth).flatMap(({ label, similarity }) => {
      const chunk = this.chunks[label];
      return chunk && (!filter || filter(chunkDocument(chunk))) ? [{ chunk, similarity }] : [];
    });
    return hits.slice(0, k);
  }

  /** Exact cosine similarity of a vector to the chunk with this label. */
  similarityOf(vector: Float32Array, label: number): number {
    return dot(vector, this.vectors, label * this.dimension);
  }

  /** Mean and population standard deviation of a vector's similarity to every stored chunk (one exact pass). */
  similarityStats(vector: Float32Array): { mean: number; std: number } {
    const count = this.chunks.length;
    let sum = 0;
    let squares = 0;
    for (let label = 0; label < count; label++) {
      const similarity = this.similarityOf(vector, label);
      sum += similarity;
      squares += similarity * similarity;
    }
    const mean = sum / count;
    return { mean, std: Math.sqrt(Math.max(0, squares / count - mean * mean)) };
  }
}
