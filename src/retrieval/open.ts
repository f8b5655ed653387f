import type { TutorConfig } from '../config.js';
import { ModelUnavailableError, loadEmbedder, type Embedder } from '../embed/embedder.js';
import { buildIndex, type BuildProgress, type BuildStats } from '../index/build.js';
import { loadIndex } from '../index/store.js';
import { log } from '../log.js';
import { Retriever } from './search.js';

/** The embedding model, or null (with a warning) when none can be loaded: search then runs lexically. */
export async function loadEmbedderOrNull(config: TutorConfig): Promise<Embedder | null> {
  try {
    return await loadEmbedder(config);
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
  const retriever = new Retriever(loadIndex(config.indexDir), embedder);
  return { retriever, embedder, build };
}
