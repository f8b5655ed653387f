import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import { createRetriever } from '../src/app/open.js';
import { devQueries, ms, percentile, type Row } from './common.js';

/** Cold full build of the course index and warm hybrid query latency. */
export async function benchIndexing(rounds = 5): Promise<{ rows: Row[]; embedder: Embedder; coldMs: number; queryP50: number }> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-bench-'));
  const config = { ...loadConfig(), indexDir };
  const loadStart = performance.now();
  const embedder = await loadEmbedder(config);
  const modelLoadMs = performance.now() - loadStart;
  const buildStart = performance.now();
  const stats = await buildIndex({ config, embedder });
  const coldMs = performance.now() - buildStart;
  const retriever = createRetriever(loadIndex(indexDir), embedder);
  const queries = devQueries();
  for (const query of queries.slice(0, 5)) await retriever.search(query);
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const started = performance.now();
      await retriever.search(query, { k: 5 });
      latencies.push(performance.now() - started);
    }
  }
  fs.rmSync(indexDir, { recursive: true, force: true });
  const section = `indexing (${embedder.model.id}, ${embedder.device})`;
  return {
    embedder,
    coldMs,
    queryP50: percentile(latencies, 50),
    rows: [
      { section, metric: 'corpus', value: `${stats.files} files, ${stats.chunks} chunks` },
      { section, metric: 'model load', value: ms(modelLoadMs) },
      { section, metric: 'cold index (full build)', value: ms(coldMs) },
      { section, metric: 'indexing throughput', value: `${(stats.chunks / (coldMs / 1000)).toFixed(1)} chunks/s` },
      {
        section,
        metric: 'warm query p50 / p99 (hybrid, k=5)',
        value: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} (${latencies.length} queries)`,
      },
    ],
  };
}
