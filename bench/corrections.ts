import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLearners, openTutor } from '../src/app/compose.js';
import { closeDatabases } from '../src/app/open.js';
import { loadConfig } from '../src/config.js';
import { splitLines } from '../src/text/lines.js';
import { ms, p50p95, type Row } from './common.js';

/** Runs of the per-message sync measured (each a read of the corrections, no change). */
const SYNC_RUNS = 50;

/**
 * A teacher's correction, in process on PGlite: what each message pays to check for corrections
 * another replica made (no change), how long a correction takes to apply (the tutor rebuilt over
 * the corrected notes and warmed; vectors of unchanged text remembered) and to withdraw, and an
 * answer before and after. The correction marks the longest line of the first course file.
 */
export async function benchCorrections(): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-bench-corrections-'));
  const config = { ...loadConfig(), dataDir };
  const { course } = await openTutor(config, undefined, { explanationCache: false });
  const learners = await openLearners(config, course);
  await learners.corrections.sync();
  await course.tutor.warm();
  const sync: number[] = [];
  for (let i = 0; i < SYNC_RUNS; i++) {
    const started = performance.now();
    await learners.corrections.sync();
    sync.push(performance.now() - started);
  }
  const [file] = [...new Set(course.tutor.knowledge.retriever.chunks.map((c) => c.file))].sort();
  const lines = splitLines(fs.readFileSync(path.join(config.corpusDir, file!), 'utf8'));
  const longest = lines.reduce((best, line, i) => (line.length > lines[best]!.length ? i : best), 0) + 1;
  const question = course.tutor.knowledge.retriever.chunks.find(
    (c) => c.file === file && c.startLine <= longest && longest <= c.endLine,
  )!.title;
  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const askBefore = await timed(() => course.tutor.ask(question));
  const input = { file: file!, startLine: longest, endLine: longest, text: 'A corrected statement for the benchmark.', teacher: 'bench' };
  let id = '';
  const apply = await timed(async () => (id = (await learners.corrections.add(input, lines)).id));
  const askAfter = await timed(() => course.tutor.ask(question));
  const withdraw = await timed(() => learners.corrections.withdraw(id));
  await closeDatabases();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return [
    { section: 'corrections', metric: 'per-message check for new corrections (PGlite, p50 / p95)', value: p50p95(sync) },
    { section: 'corrections', metric: 'apply one correction (tutor rebuilt and warmed)', value: ms(apply) },
    { section: 'corrections', metric: 'withdraw it', value: ms(withdraw) },
    { section: 'corrections', metric: 'ask its question before / after', value: `${ms(askBefore)} / ${ms(askAfter)}` },
  ];
}
