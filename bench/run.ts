/**
 * npm run bench: indexing throughput and query latency on this machine.
 * Prints one table; copy it into bench/README.md with the machine it came from.
 *   cold index  — a full build into an empty folder (chunk + embed + HNSW + lexical + write), model already loaded
 *   chunks/s    — chunks embedded and indexed per second during that build
 *   warm query  — hybrid search latency (embed query + HNSW + BM25 + fusion) after warm-up, p50/p99
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { loadEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import { Retriever } from '../src/retrieval/search.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const QUERY_ROUNDS = Number(process.env.BENCH_QUERY_ROUNDS ?? 5);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const base = loadConfig();
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-bench-'));
  const config = { ...base, indexDir };

  const loadStart = performance.now();
  const embedder = await loadEmbedder(config);
  const modelLoadMs = performance.now() - loadStart;

  const buildStart = performance.now();
  const stats = await buildIndex({ config, embedder });
  const coldMs = performance.now() - buildStart;

  const retriever = new Retriever(loadIndex(indexDir), embedder);
  const queries = fs
    .readFileSync(path.join(ROOT, 'eval', 'dev-retrieval.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { query: string }).query);
  for (const query of queries.slice(0, 5)) await retriever.search(query);
  const latencies: number[] = [];
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const query of queries) {
      const started = performance.now();
      await retriever.search(query, { k: 5 });
      latencies.push(performance.now() - started);
    }
  }
  latencies.sort((a, b) => a - b);
  fs.rmSync(indexDir, { recursive: true, force: true });

  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`\nIndexing and search (${embedder.model.id}, device ${embedder.device}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'})`);
  console.log('| metric | value |');
  console.log('|---|---|');
  console.log(`| corpus | ${stats.files} files, ${stats.chunks} chunks |`);
  console.log(`| model load | ${modelLoadMs.toFixed(0)} ms |`);
  console.log(`| cold index (full build) | ${coldMs.toFixed(0)} ms |`);
  console.log(`| indexing throughput | ${(stats.chunks / (coldMs / 1000)).toFixed(1)} chunks/s |`);
  console.log(`| warm query p50 (hybrid, k=5) | ${percentile(latencies, 50).toFixed(1)} ms |`);
  console.log(`| warm query p99 (hybrid, k=5) | ${percentile(latencies, 99).toFixed(1)} ms |`);
  console.log(`| queries timed | ${latencies.length} |`);
  console.log(`| process RSS | ${rss.toFixed(0)} MiB |`);
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
