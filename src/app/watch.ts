import fs from 'node:fs';
import type { TutorConfig } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { buildIndex } from '../index/build.js';
import { log } from '../log.js';
import { openIndexRetriever } from './open.js';
import type { Retriever } from '../retrieval/search.js';

export interface CorpusWatcher {
  /** Resolves when no rebuild is running or waiting. */
  settled(): Promise<void>;
  close(): void;
}

/**
 * Watch the corpus folder; after a change settles, update the index in the background (only changed
 * files are re-embedded) and hand the new index's retriever to `onIndexChanged` (which builds a new
 * tutor over it). A failed rebuild is logged and the old index stays in use.
 */
export function watchCorpus(
  config: TutorConfig,
  embedder: Embedder | null,
  onIndexChanged: (retriever: Retriever) => Promise<void>,
  debounceMs = 400,
): CorpusWatcher {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const rebuild = async (): Promise<void> => {
    do {
      again = false;
      try {
        const stats = await buildIndex({ config, embedder });
        if (!stats.upToDate) {
          await onIndexChanged(await openIndexRetriever(config, embedder));
          log.info('corpus changed; index updated', {
            changed: stats.changedFiles,
            removed: stats.removedFiles,
            skipped: stats.skippedFiles.map((s) => s.file),
            ms: stats.ms,
          });
        }
      } catch (error) {
        log.error('re-indexing after a corpus change failed; the previous index stays in use', { reason: (error as Error).message });
      }
    } while (again);
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running) {
        again = true;
        return;
      }
      running = rebuild().finally(() => {
        running = undefined;
      });
    }, debounceMs);
  };

  const watcher = fs.watch(config.corpusDir, { recursive: true }, schedule);
  watcher.on('error', (error) => log.warn('corpus watcher error', { reason: error.message }));
  return {
    async settled() {
      while (timer || running) {
        await (running ?? new Promise((resolve) => setTimeout(resolve, debounceMs)));
      }
    },
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
