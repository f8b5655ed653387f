import type { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { Embedder } from '../embed/embedder.js';
import { chunkDocument, type ChunkMetadata } from '../index/documents.js';
import type { CourseStore } from '../index/stores/courseStore.js';
import { log } from '../log.js';
import type { Chunk } from '../types.js';
import { CODE_FENCE, MARKDOWN_HEADING, pointsElsewhere } from '../text/markdown.js';
import { groundingScore, type GroundingSignal } from './grounding.js';
import { leadBeforeCode } from './leadFirst.js';
import { FUSION } from '../tuning.js';

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
  mode: SearchMode;
  hits: SearchHit[];
  signal: GroundingSignal;
}

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
}

const sectionKey = (chunk: Chunk) => `${chunk.file}\u0000${chunk.title}`;

function groupInLineOrder(chunks: readonly Chunk[], key: (chunk: Chunk) => string): Map<string, Chunk[]> {
  const groups = new Map<string, Chunk[]>();
  for (const chunk of chunks) groups.set(key(chunk), [...(groups.get(key(chunk)) ?? []), chunk]);
  for (const pieces of groups.values()) pieces.sort((a, b) => a.startLine - b.startLine);
  return groups;
}

/** Candidates taken from each side before fusion. */
const DEPTH = 50;
/** Reciprocal-rank-fusion constant (Cormack et al. use 60). */
const RRF_K = 60;

/** A line that names or points but states nothing: a heading, a link to elsewhere, a few words without a sentence mark. */
function statesNothing(line: string): boolean {
  return MARKDOWN_HEADING.test(line) || pointsElsewhere(line) || (line.trim().split(/\s+/).length <= 5 && !/[.!?:]/.test(line));
}

/**
 * A block of only headings, links to other pages or a few short lines without a sentence (a title
 * page, a table of contents, a row of badges, an author's name) names things but answers nothing:
 * it is kept in the index (its lines can be cited and name the file) but never returned as a search
 * result. A code block is content ("npm install commander" under "Installation").
 */
export function isTitleOnly(chunk: Chunk): boolean {
  if (chunk.kind !== 'prose') return false;
  const lines = chunk.text.split('\n').filter((line) => line.trim());
  return lines.length > 0 && !lines.some((line) => CODE_FENCE.test(line)) && lines.every(statesNothing);
}

/** Reciprocal rank fusion: each list adds weight / (RRF_K + rank) to its items' scores; best first. */
function fuseByRank<T extends { chunk: Chunk }>(
  lists: ReadonlyArray<{ items: readonly T[]; weight: number }>,
): Array<T & { score: number }> {
  const fused = new Map<string, T & { score: number }>();
  for (const { items, weight } of lists)
    items.forEach((item, rank) => {
      const entry = fused.get(item.chunk.id) ?? { ...item, score: 0 };
      entry.score += weight / (RRF_K + rank + 1);
      fused.set(item.chunk.id, entry);
    });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

/**
 * One result from several phrasings of a question (a follow-up rewritten by a model, and the same
 * follow-up read with its topic by rule), fused by reciprocal rank. The first phrasing names the
 * result; the grounding signal is the strongest phrasing's.
 */
export function fuseResults(results: readonly SearchResult[], k: number): SearchResult {
  const [first] = results;
  if (!first) throw new Error('fuseResults needs at least one result');
  const hits = fuseByRank(results.map((result) => ({ items: result.hits, weight: 1 })));
  const strongest = results.reduce((best, result) =>
    (groundingScore(result.signal) ?? 0) > (groundingScore(best.signal) ?? 0) ? result : best,
  );
  return {
    query: first.query,
    mode: first.mode,
    hits: hits.slice(0, k),
    signal: strongest.signal,
  };
}

/**
 * Hybrid retrieval as a LangChain `BaseRetriever` over a `CourseStore`: the store's nearest chunks
 * and its best lexical matches, fused by reciprocal rank, with a grounding judgement on top. The
 * HNSW file store and the Postgres store plug in here alike.
 */
export class Retriever extends BaseRetriever<ChunkMetadata & { score: number }> {
  lc_namespace = ['polyglot_tutor', 'retrievers'];
  readonly denseAvailable: boolean;
  private units: Map<string, Chunk[]> | undefined;
  private sections: Map<string, Chunk[]> | undefined;

  constructor(
    readonly store: CourseStore,
    private readonly embedder: Embedder | null,
  ) {
    super({});
    const fingerprint = this.store.modelFingerprint;
    this.denseAvailable = Boolean(embedder && fingerprint && fingerprint === embedder.model.fingerprint);
    if (!this.denseAvailable) {
      log.warn('semantic search unavailable; answering from the lexical index only', {
        reason: !embedder
          ? 'no embedding model loaded'
          : !fingerprint
            ? 'index was built without a model'
            : 'index was built with another model',
      });
    }
  }

  get chunks(): readonly Chunk[] {
    return this.store.chunks;
  }

  /** The chunks of one question or glossary term, in line order. */
  unit(unitId: string): Chunk[] {
    this.units ??= groupInLineOrder(this.store.chunks, (chunk) => chunk.unitId);
    return this.units.get(unitId) ?? [];
  }

  /** The chunks under one heading of one file, in line order (a section of a prose course). */
  section(chunk: Chunk): Chunk[] {
    this.sections ??= groupInLineOrder(this.store.chunks, sectionKey);
    return this.sections.get(sectionKey(chunk)) ?? [];
  }

  override async _getRelevantDocuments(query: string): Promise<Document<ChunkMetadata & { score: number }>[]> {
    const result = await this.search(query, { k: 10 });
    return result.hits.map(({ chunk, score }) => {
      const document = chunkDocument(chunk);
      return { ...document, metadata: { ...document.metadata, score } } as Document<ChunkMetadata & { score: number }>;
    });
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
    return Promise.all(queries.map((query, i) => this.rank(query, vectors[i], mode, k)));
  }

  private async rank(query: string, vector: Float32Array | undefined, mode: SearchMode, k: number): Promise<SearchResult> {
    const [dense, lexical, stats] = await Promise.all([
      vector ? this.store.nearest(vector, DEPTH) : [],
      this.store.lexical(query, DEPTH),
      vector ? this.store.similarityStats(vector) : null,
    ]);
    const background = dense.slice(10);
    const signal: GroundingSignal = {
      denseTop: dense[0]?.similarity ?? null,
      denseBackground: background.length ? background.reduce((sum, hit) => sum + hit.similarity, 0) / background.length : null,
      corpusMean: stats ? stats.mean : null,
      lexicalTop: lexical[0]?.score ?? 0,
    };
    const similarity = new Map(dense.map((hit) => [hit.chunk.id, hit.similarity]));
    let ranked: Array<{ chunk: Chunk; score: number }>;
    if (mode === 'dense') ranked = dense.map((hit) => ({ chunk: hit.chunk, score: hit.similarity }));
    else if (mode === 'lexical') ranked = lexical;
    else {
      ranked = fuseByRank<{ chunk: Chunk }>([
        { items: dense, weight: FUSION.denseWeight },
        { items: lexical, weight: FUSION.lexicalWeight },
      ]);
    }
    const listed = ranked.filter(({ chunk }) => !isTitleOnly(chunk));
    const hits = leadBeforeCode(
      listed,
      (chunk) => this.section(chunk),
      (chunk) => !isTitleOnly(chunk),
      (lead, code) => ({ ...code, chunk: lead }),
    )
      .slice(0, k)
      .map(({ chunk, score }) => {
        const sim = similarity.get(chunk.id);
        return { chunk, score, ...(sim !== undefined ? { similarity: sim } : {}) };
      });
    return { query, mode, hits, signal };
  }
}
