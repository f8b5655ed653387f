import type { TutorConfig } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { chunkText } from '../ingest/chunk.js';
import { CorpusFileError, listCorpusFiles, readCourseFile } from '../ingest/corpus.js';
import { log } from '../log.js';
import type { Chunk } from '../types.js';
import { DEFAULT_HNSW, buildHnsw } from './hnsw.js';
import { LexicalIndex } from './lexical.js';
import { withIndexLock } from './lock.js';
import {
  CHUNKER_VERSION,
  INDEX_FORMAT_VERSION,
  IndexMissingError,
  corpusDigest,
  loadIndex,
  sha256,
  writeIndex,
  type FileEntry,
  type IndexData,
  type Manifest,
} from './store.js';

export interface BuildProgress {
  phase: 'chunk' | 'embed' | 'write';
  done: number;
  total: number;
}

export interface BuildStats {
  files: number;
  chunks: number;
  changedFiles: string[];
  removedFiles: string[];
  skippedFiles: Array<{ file: string; reason: string }>;
  embeddedChunks: number;
  reusedChunks: number;
  upToDate: boolean;
  lexicalOnly: boolean;
  ms: number;
}

export interface BuildOptions {
  config: TutorConfig;
  /** null builds a lexical-only index (no model could be loaded). */
  embedder: Embedder | null;
  onProgress?: (progress: BuildProgress) => void;
  /** Test hook: runs after the new generation is written, before it becomes current. */
  beforeSwitch?: () => void;
}

/** The text a chunk is embedded as: pieces after the first repeat their question or term. */
export function passageText(chunk: Chunk): string {
  const head = chunk.text.slice(0, 300);
  return chunk.title && !head.includes(chunk.title.slice(0, 40)) ? `${chunk.title}\n${chunk.text}` : chunk.text;
}

function previousIndex(indexDir: string): IndexData | null {
  try {
    return loadIndex(indexDir);
  } catch (error) {
    if (!(error instanceof IndexMissingError)) log.warn('existing index is unusable; rebuilding it in full', { reason: (error as Error).message });
    return null;
  }
}

function chunksByFile(data: IndexData, dimension: number): Map<string, Array<{ chunk: Chunk; vector: Float32Array }>> {
  const byFile = new Map<string, Array<{ chunk: Chunk; vector: Float32Array }>>();
  data.chunks.forEach((chunk, label) => {
    const list = byFile.get(chunk.file) ?? [];
    list.push({ chunk, vector: data.vectors.subarray(label * dimension, (label + 1) * dimension) });
    byFile.set(chunk.file, list);
  });
  return byFile;
}

type Item = { chunk: Chunk; vector: Float32Array | null };

/** Every course file chunked: unchanged files keep their chunks and vectors, the rest are chunked again (vector null). */
async function collectChunks(
  options: BuildOptions,
  reuse: { previous: IndexData | null; old: Map<string, Item[]> },
  stats: BuildStats,
): Promise<{ entries: Record<string, FileEntry>; kept: Item[] }> {
  const { corpusDir } = options.config;
  const files = await listCorpusFiles(corpusDir);
  const entries: Record<string, FileEntry> = {};
  const kept: Item[] = [];
  for (const [i, file] of files.entries()) {
    options.onProgress?.({ phase: 'chunk', done: i, total: files.length });
    let text: string;
    let hash: string;
    try {
      const read = await readCourseFile(corpusDir, file);
      text = read.text;
      hash = sha256(read.bytes);
    } catch (error) {
      if (!(error instanceof CorpusFileError)) throw error;
      log.warn('course file skipped', { file, reason: error.message });
      stats.skippedFiles.push({ file, reason: error.message });
      continue;
    }
    const before = reuse.previous?.manifest.files[file];
    const oldChunks = reuse.old.get(file);
    if (before?.sha256 === hash && oldChunks) {
      for (const item of oldChunks) kept.push(item);
      stats.reusedChunks += oldChunks.length;
      entries[file] = before;
      continue;
    }
    const chunks = await chunkText(file, text);
    for (const chunk of chunks) kept.push({ chunk, vector: null });
    entries[file] = { sha256: hash, chunks: chunks.length };
    stats.changedFiles.push(file);
  }
  return { entries, kept };
}

/** Embeds the chunks that have no vector yet, with progress. */
async function embedMissing(kept: Item[], embedder: Embedder, options: BuildOptions, stats: BuildStats): Promise<void> {
  const missing = kept.filter((item) => item.vector === null);
  if (missing.length === 0) return;
  const vectors = await embedder.embedPassages(
    missing.map((item) => passageText(item.chunk)),
    (done) => options.onProgress?.({ phase: 'embed', done, total: missing.length }),
  );
  missing.forEach((item, i) => {
    item.vector = vectors[i] ?? null;
  });
  stats.embeddedChunks = missing.length;
}

/** Writes a new generation: chunks, vectors, HNSW graph, lexical index and manifest, switched to in one rename. */
function writeGeneration(options: BuildOptions, kept: Item[], entries: Record<string, FileEntry>, model: Manifest['model']): void {
  const dimension = model?.dimension ?? 0;
  options.onProgress?.({ phase: 'write', done: 0, total: 1 });
  const chunks = kept.map((item) => item.chunk);
  const vectors = new Float32Array(model ? chunks.length * dimension : 0);
  if (model) kept.forEach((item, label) => vectors.set(item.vector ?? new Float32Array(dimension), label * dimension));
  const hnsw = model ? buildHnsw(vectors, dimension, DEFAULT_HNSW) : null;
  const manifest: Omit<Manifest, 'artifacts'> = {
    formatVersion: INDEX_FORMAT_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    model,
    corpusDigest: corpusDigest(entries),
    files: entries,
    chunkCount: chunks.length,
    hnsw: DEFAULT_HNSW,
    builtAt: new Date().toISOString(),
  };
  writeIndex(options.config.indexDir, manifest, chunks, vectors, hnsw, LexicalIndex.build(chunks), options.beforeSwitch);
  options.onProgress?.({ phase: 'write', done: 1, total: 1 });
}

/**
 * Bring the index in line with the corpus: files whose bytes, the chunker and the model are all
 * unchanged keep their chunks and vectors; everything else is chunked and embedded again.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildStats> {
  const { config, embedder } = options;
  return withIndexLock(config.indexDir, async () => {
    const started = Date.now();
    const previous = previousIndex(config.indexDir);
    const dimension = embedder?.dimension ?? 0;
    const modelInfo = embedder ? { id: embedder.model.id, fingerprint: embedder.model.fingerprint, dimension } : null;
    const reusable =
      previous &&
      previous.manifest.chunkerVersion === CHUNKER_VERSION &&
      previous.manifest.model?.fingerprint === modelInfo?.fingerprint;
    if (previous && !reusable) log.info('model or chunker changed; re-indexing every file');
    const stats: BuildStats = {
      files: 0, chunks: 0, changedFiles: [], removedFiles: [], skippedFiles: [],
      embeddedChunks: 0, reusedChunks: 0, upToDate: false, lexicalOnly: embedder === null, ms: 0,
    };
    const reuse = reusable ? { previous, old: chunksByFile(previous, dimension) } : { previous: null, old: new Map<string, Item[]>() };
    const { entries, kept } = await collectChunks(options, reuse, stats);
    stats.files = Object.keys(entries).length;
    stats.removedFiles = previous ? Object.keys(previous.manifest.files).filter((file) => !(file in entries)) : [];
    stats.chunks = kept.length;
    const noChange = reusable && stats.changedFiles.length === 0 && stats.removedFiles.length === 0 && stats.skippedFiles.length === 0;
    if (!noChange) {
      if (embedder) await embedMissing(kept, embedder, options, stats);
      writeGeneration(options, kept, entries, modelInfo);
    }
    stats.upToDate = Boolean(noChange);
    stats.ms = Date.now() - started;
    if (!noChange) log.info('index written', { files: stats.files, chunks: stats.chunks, embedded: stats.embeddedChunks, ms: stats.ms });
    return stats;
  });
}
