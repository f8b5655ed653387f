import type { TutorConfig } from '../config.js';
import { remembering } from '../embed/remembered.js';
import { ModelUnavailableError, loadEmbedder, type Embedder } from '../embed/embedder.js';
import { buildIndex, type BuildProgress, type BuildStats } from '../index/build.js';
import { openDatabase, type Database } from '../index/stores/postgres/database.js';
import { PgCourseStore } from '../index/stores/postgres/pgStore.js';
import { loadIndex, type IndexData } from '../index/store.js';
import type { CourseStore } from '../index/stores/courseStore.js';
import { FileCourseStore } from '../index/stores/file/fileStore.js';
import { E5Embeddings } from '../embed/e5Embeddings.js';
import { log } from '../log.js';
import path from 'node:path';
import type { ExplanationStore } from '../index/stores/explanations/explanationStore.js';
import { FileExplanationStore } from '../index/stores/explanations/fileExplanations.js';
import { PgExplanationStore } from '../index/stores/explanations/pgExplanations.js';
import { Retriever } from '../retrieval/search.js';
import type { ProgressStore } from '../learners/store/progressStore.js';
import { SqlProgressStore } from '../learners/store/sqlProgressStore.js';

/** The retriever over a store, or over a loaded index generation (the default HNSW file store). */
export function createRetriever(source: CourseStore | IndexData, embedder: Embedder | null): Retriever {
  const store = 'manifest' in source ? new FileCourseStore(source, embedder ? new E5Embeddings(embedder) : null) : source;
  return new Retriever(store, embedder);
}

/** One connection per database for the life of the process: every index build reuses it (PGlite's folder admits one owner). */
const databases = new Map<string, Promise<Database>>();

function database(url: string): Promise<Database> {
  let opened = databases.get(url);
  if (!opened) {
    opened = openDatabase(url);
    databases.set(url, opened);
    opened.catch(() => databases.delete(url));
  }
  return opened;
}

/**
 * The retriever over the current index generation: the HNSW files themselves, or (TUTOR_DATABASE_URL)
 * a Postgres database brought up to date with that generation.
 */
export async function openIndexRetriever(config: TutorConfig, embedder: Embedder | null): Promise<Retriever> {
  const index = loadIndex(config.indexDir);
  if (!config.databaseUrl) return createRetriever(index, embedder);
  const started = Date.now();
  const db = await database(config.databaseUrl);
  const store = await PgCourseStore.open(db, index, embedder ? new E5Embeddings(embedder) : null);
  log.info('course served from Postgres', {
    engine: store.engine,
    chunks: store.chunks.length,
    filled: store.filled,
    ms: Date.now() - started,
  });
  return createRetriever(store, embedder);
}

/** Where explanations are shared: the Postgres database when one is configured, else files in the index folder. */
export async function openExplanationStore(config: TutorConfig): Promise<ExplanationStore> {
  if (config.databaseUrl) return PgExplanationStore.open(await database(config.databaseUrl));
  return new FileExplanationStore(path.join(config.indexDir, 'explanations'));
}

/** Where students' progress lives: the Postgres database when one is configured, else PGlite in TUTOR_DATA_DIR. */
export async function openProgressStore(config: TutorConfig): Promise<ProgressStore> {
  const started = Date.now();
  const db = await database(config.databaseUrl ?? `pglite:${config.dataDir}`);
  const store = await SqlProgressStore.open(db);
  log.info('progress database ready', {
    engine: db.engine,
    where: config.databaseUrl ? 'TUTOR_DATABASE_URL' : config.dataDir,
    ms: Date.now() - started,
  });
  return store;
}

/** Close the databases this process opened (tests, CLI commands that end). */
export async function closeDatabases(): Promise<void> {
  const open = [...databases.values()];
  databases.clear();
  await Promise.all(open.map(async (db) => (await db.catch(() => null))?.close()));
}

/** The embedding model, or null (with a warning) when none can be loaded: search then runs lexically. */
export async function loadEmbedderOrNull(config: TutorConfig): Promise<Embedder | null> {
  try {
    return remembering(await loadEmbedder(config));
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    log.warn('no embedding model; falling back to lexical search', { reason: error.message });
    return null;
  }
}

export interface OpenedRetriever {
  retriever: Retriever;
  embedder: Embedder | null;
  build: BuildStats;
}

/** Load the model, bring the index up to date with the corpus (building it if missing), load it. */
export async function openRetriever(config: TutorConfig, onProgress?: (progress: BuildProgress) => void): Promise<OpenedRetriever> {
  const embedder = await loadEmbedderOrNull(config);
  const build = await buildIndex({ config, embedder, ...(onProgress ? { onProgress } : {}) });
  const retriever = await openIndexRetriever(config, embedder);
  return { retriever, embedder, build };
}
