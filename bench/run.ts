/**
 * npm run bench [-- indexing grading explain baseline load scale corrections]: benchmarks on this machine, printed as one table
 * and saved to bench/results/latest.json. Defaults are modest (a few minutes on 2 cores); scale it
 * with BENCH_CLIENTS, BENCH_ROUNDS, BENCH_SCALE_SIZES (e.g. 1000,10000,100000), BENCH_LEXICAL_MAX.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_HNSW } from '../src/index/hnsw.js';
import { loadIndex } from '../src/index/store.js';
import { buildIndex } from '../src/index/build.js';
import { loadConfig } from '../src/config.js';
import { benchBaseline } from './baseline.js';
import { ROOT, type Row } from './common.js';
import { benchIndexing } from './indexing.js';
import { benchGrading } from './grading.js';
import { benchExplain } from './explain.js';
import { benchLoad } from './load.js';
import { benchScale } from './scale.js';
import { benchCorrections } from './corrections.js';

const ALL = ['indexing', 'grading', 'explain', 'baseline', 'load', 'scale', 'corrections'];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => ALL.includes(a));
  const run = new Set(wanted.length ? wanted : ALL);
  const rows: Row[] = [];
  const indexing = await benchIndexing();
  if (run.has('indexing')) rows.push(...indexing.rows);
  if (run.has('grading')) rows.push(...(await benchGrading(Number(process.env.BENCH_GRADING_BURST ?? 8))));
  if (run.has('explain'))
    rows.push(...(await benchExplain(Number(process.env.BENCH_EXPLAIN_QUESTIONS ?? 10), Number(process.env.BENCH_EXPLAIN_BURST ?? 8))));
  if (run.has('baseline')) rows.push(...(await benchBaseline(indexing.embedder, indexing.coldMs, indexing.queryP50)));
  if (run.has('load'))
    rows.push(...(await benchLoad(Number(process.env.BENCH_CLIENTS ?? 200), Number(process.env.BENCH_ROUNDS ?? 1), loadConfig().modelDir)));
  if (run.has('corrections')) rows.push(...(await benchCorrections()));
  if (run.has('scale')) {
    const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-scale-index-'));
    const config = { ...loadConfig(), indexDir };
    await buildIndex({ config, embedder: indexing.embedder });
    const sizes = (process.env.BENCH_SCALE_SIZES ?? '1000,10000,20000').split(',').map(Number);
    rows.push(...(await benchScale(loadIndex(indexDir), sizes, DEFAULT_HNSW, Number(process.env.BENCH_LEXICAL_MAX ?? 20000))));
    fs.rmSync(indexDir, { recursive: true, force: true });
  }
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`\nBenchmarks on ${machine}\n`);
  console.log('| section | metric | value |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(`| ${row.section} | ${row.metric} | ${row.value} |`);
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'bench', 'results', 'latest.json'),
    JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2),
  );
  process.exit(0);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
