import type { Embedder } from '../../embed/embedder.js';
import { passageText } from '../../index/build.js';
import type { CourseStore, DenseHit, LexicalMatch, SimilarityStats } from '../../index/stores/courseStore.js';
import { chunkText } from '../../ingest/chunk.js';
import { dot } from '../../text/vectors.js';
import type { Chunk } from '../../types.js';
import { patchedText, type PlacedCorrection } from './correction.js';

/**
 * The course as the teacher corrected it, over an index built from the notes as written: the files
 * with corrections are chunked again from their corrected text (same line numbers), those chunks
 * embedded again, and every search answers with them. The marked text never comes out of a search,
 * so no answer, explanation or grading reference can quote it. Lexical scores stay those of the
 * indexed text (a query with the wrong passage's words still finds that place, which now says the
 * correction); dense scores of a corrected chunk are its new vector's.
 */
export class CorrectedStore implements CourseStore {
  readonly engine: string;
  readonly modelFingerprint: string | null;
  readonly chunks: readonly Chunk[];
  /** An indexed chunk of a corrected file → the chunk now at its place. */
  private readonly replacement = new Map<string, Chunk>();
  /** A chunk now at a place → the indexed chunk whose vector stands for it when its text did not change. */
  private readonly indexedAs = new Map<string, string>();
  private readonly correctedFiles: ReadonlySet<string>;
  /** The chunks whose text a correction changed, with their new vectors. */
  private readonly reembedded: ReadonlyArray<{ chunk: Chunk; vector: Float32Array }>;

  private constructor(
    /** The corrections applied, where they apply. */
    readonly placed: readonly PlacedCorrection[],
    private readonly base: CourseStore,
    corrected: readonly Chunk[],
    private readonly vectors: ReadonlyMap<string, Float32Array>,
  ) {
    this.engine = base.engine;
    this.modelFingerprint = base.modelFingerprint;
    const files = new Set(corrected.map((c) => c.file));
    this.correctedFiles = files;
    this.reembedded = corrected.flatMap((chunk) => {
      const vector = vectors.get(chunk.id);
      return vector ? [{ chunk, vector }] : [];
    });
    this.chunks = [...base.chunks.filter((c) => !files.has(c.file)), ...corrected];
    for (const old of base.chunks.filter((c) => files.has(c.file))) {
      const now =
        corrected.find((c) => c.id === old.id) ??
        corrected.find((c) => c.file === old.file && c.startLine <= old.endLine && old.startLine <= c.endLine);
      if (!now) continue;
      this.replacement.set(old.id, now);
      if (!vectors.has(now.id) && !this.indexedAs.has(now.id)) this.indexedAs.set(now.id, old.id);
    }
  }

  /**
   * The base store with `placed` corrections applied; `fileText` reads a course file as it is now.
   * Without an embedder (a lexical-only index) no vectors are made.
   */
  static async over(
    base: CourseStore,
    placed: readonly PlacedCorrection[],
    fileText: (file: string) => string | undefined,
    embedder: Embedder | null,
  ): Promise<CorrectedStore> {
    const corrected: Chunk[] = [];
    for (const file of new Set(placed.map((c) => c.file))) {
      const text = fileText(file);
      if (text === undefined) continue;
      corrected.push(
        ...(await chunkText(
          file,
          patchedText(
            text,
            placed.filter((c) => c.file === file),
          ),
        )),
      );
    }
    const indexedText = new Map(base.chunks.map((c) => [c.id, c.text]));
    const changed = corrected.filter((c) => indexedText.get(c.id) !== c.text);
    const vectors = new Map<string, Float32Array>();
    if (embedder && base.modelFingerprint && changed.length > 0) {
      const embedded = await embedder.embedPassages(changed.map(passageText));
      changed.forEach((c, i) => vectors.set(c.id, embedded[i]!));
    }
    return new CorrectedStore(placed, base, corrected, vectors);
  }

  /** The chunk at an indexed chunk's place now; undefined when its place holds none (it is never returned). */
  private now(chunk: Chunk): Chunk | undefined {
    return this.correctedFiles.has(chunk.file) ? this.replacement.get(chunk.id) : chunk;
  }

  async nearest(vector: Float32Array, k: number): Promise<DenseHit[]> {
    const hits = new Map<string, DenseHit>();
    for (const hit of await this.base.nearest(vector, k)) {
      const chunk = this.now(hit.chunk);
      if (chunk && !this.vectors.has(chunk.id))
        hits.set(chunk.id, { chunk, similarity: Math.max(hit.similarity, hits.get(chunk.id)?.similarity ?? -Infinity) });
    }
    for (const { chunk, vector: own } of this.reembedded) hits.set(chunk.id, { chunk, similarity: dot(vector, own) });
    return [...hits.values()].sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  async similarityTo(vector: Float32Array, chunkIds: readonly string[]): Promise<number[]> {
    const indexed = await this.base.similarityTo(
      vector,
      chunkIds.map((id) => this.indexedAs.get(id) ?? id),
    );
    return chunkIds.map((id, i) => {
      const own = this.vectors.get(id);
      return own ? dot(vector, own) : indexed[i]!;
    });
  }

  similarityStats(vector: Float32Array): Promise<SimilarityStats> {
    return this.base.similarityStats(vector);
  }

  async lexical(query: string, k: number): Promise<LexicalMatch[]> {
    const seen = new Set<string>();
    return (await this.base.lexical(query, k)).flatMap((match) => {
      const chunk = this.now(match.chunk);
      if (!chunk || seen.has(chunk.id)) return [];
      seen.add(chunk.id);
      return [{ chunk, score: match.score }];
    });
  }
}
