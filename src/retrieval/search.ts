import type { Embedder } from '../embed/embedder.js';
import { searchHnsw } from '../index/hnsw.js';
import type { IndexData } from '../index/store.js';
import { log } from '../log.js';
import type { Chunk } from '../types.js';
import { words } from '../text/analyze.js';
import { dot } from '../text/vectors.js';
import { isGrounded, type GroundingSignal } from './grounding.js';

export type SearchMode = 'hybrid' | 'dense' | 'lexical';

export interface SearchHit {
  chunk: Chunk;
  /** Fused score (reciprocal rank fusion) in hybrid mode; cosine in dense mode; BM25 in lexical mode. */
  score: number;
  /** Cosine similarity to the query, when the dense side saw this chunk. */
  similarity?: number;
}

export interface SearchResult {
  query: string;
  grounded: boolean;
  mode: SearchMode;
  hits: SearchHit[];
  signal: GroundingSignal;
}

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
}

/** Candidates taken from each side before fusion. */
const DEPTH = 50;
/** Reciprocal-rank-fusion constant (Cormack et al. use 60). */
const RRF_K = 60;
const DENSE_WEIGHT = 1;
const LEXICAL_WEIGHT = 0.8;

export class Retriever {
  readonly denseAvailable: boolean;
  /** Mean of all chunk vectors: query · centroid is the query's mean similarity to the course. */
  private readonly centroid: Float32Array | null;

  constructor(
    private readonly index: IndexData,
    private readonly embedder: Embedder | null,
  ) {
    const model = index.manifest.model;
    this.denseAvailable = Boolean(embedder && model && index.hnsw && model.fingerprint === embedder.model.fingerprint);
    if (!this.denseAvailable) {
      log.warn('semantic search unavailable; answering from the lexical index only', {
        reason: !embedder ? 'no embedding model loaded' : !model ? 'index was built without a model' : 'index was built with another model',
      });
    }
    this.centroid = this.denseAvailable && model ? centroidOf(index.vectors, model.dimension) : null;
  }

  get chunks(): readonly Chunk[] {
    return this.index.chunks;
  }

  /** Cosine similarity of a query-side vector to every chunk (label order), or null without vectors. */
  similarities(vector: Float32Array): Float32Array | null {
    const model = this.index.manifest.model;
    if (!this.denseAvailable || !model) return null;
    const dim = model.dimension;
    const out = new Float32Array(this.index.chunks.length);
    for (let label = 0; label < out.length; label++) out[label] = dot(vector, this.index.vectors, label * dim);
    return out;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const [result] = await this.searchMany([query], options);
    return result as SearchResult;
  }

  /** Several queries with one batched embedding call. */
  async searchMany(queries: string[], options: SearchOptions = {}): Promise<SearchResult[]> {
    const k = options.k ?? 5;
    const wanted = options.mode ?? 'hybrid';
    const mode: SearchMode = this.denseAvailable ? wanted : 'lexical';
    const vectors = mode !== 'lexical' && this.embedder ? await this.embedder.embedQueries(queries) : [];
    return queries.map((query, i) => this.rank(query, vectors[i], mode, k));
  }

  private rank(query: string, vector: Float32Array | undefined, mode: SearchMode, k: number): SearchResult {
    const dense = vector && this.index.hnsw ? searchHnsw(this.index.hnsw, vector, DEPTH) : [];
    const lexical = this.index.lexical.query(query, DEPTH);
    const background = dense.slice(10);
    const signal: GroundingSignal = {
      denseTop: dense[0]?.similarity ?? null,
      denseBackground: background.length ? background.reduce((sum, hit) => sum + hit.similarity, 0) / background.length : null,
      corpusMean: vector && this.centroid ? dot(vector, this.centroid) : null,
      lexicalTop: lexical[0]?.score ?? 0,
    };
    const similarity = new Map(dense.map((hit) => [hit.label, hit.similarity]));
    let ranked: Array<{ label: number; score: number }>;
    if (mode === 'dense') ranked = dense.map((hit) => ({ label: hit.label, score: hit.similarity }));
    else if (mode === 'lexical') ranked = lexical;
    else {
      const fused = new Map<number, number>();
      dense.forEach((hit, rank) => fused.set(hit.label, (fused.get(hit.label) ?? 0) + DENSE_WEIGHT / (RRF_K + rank + 1)));
      lexical.forEach((hit, rank) => fused.set(hit.label, (fused.get(hit.label) ?? 0) + LEXICAL_WEIGHT / (RRF_K + rank + 1)));
      ranked = [...fused.entries()].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
    }
    const hits = ranked.slice(0, k).flatMap(({ label, score }) => {
      const chunk = this.index.chunks[label];
      if (!chunk) return [];
      const sim = similarity.get(label);
      return [{ chunk, score, ...(sim !== undefined ? { similarity: sim } : {}) }];
    });
    // A question of only function words ("Hvorfor?", "what is it?") has nothing to look up.
    const grounded = hits.length > 0 && words(query).length > 0 && isGrounded(signal);
    return { query, grounded, mode, hits, signal };
  }
}

function centroidOf(vectors: Float32Array, dimension: number): Float32Array {
  const centroid = new Float32Array(dimension);
  const count = vectors.length / dimension;
  for (let row = 0; row < count; row++) {
    for (let d = 0; d < dimension; d++) centroid[d] = (centroid[d] ?? 0) + (vectors[row * dimension + d] ?? 0) / count;
  }
  return centroid;
}
