import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSupport, type SupportReading } from '../src/tutor/answer/support.js';

/**
 * A hand-labelled sample of explanation sentences (eval/explain-labels.jsonl): sentences the local
 * model wrote for student-style questions (not from the dev sets), each with the passage lines it
 * was checked against and a person's label: does the passage say it? Nothing was fitted on it; the
 * support check (support.ts) is measured here as it runs in the tutor.
 */
interface Labelled {
  id: string;
  /** 1: the sentences readingMin was set on (tuning.ts); 2: the rest, which measure it. */
  half: 1 | 2;
  question: string;
  sentence: string;
  passage: string;
  supported: boolean;
}

const LABELS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'eval', 'explain-labels.jsonl');

export async function evaluateSupportLabels(read: SupportReading | null): Promise<void> {
  const cases = fs
    .readFileSync(LABELS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Labelled);
  const rows: Array<{ c: Labelled; verdict: Awaited<ReturnType<typeof checkSupport>> }> = [];
  for (const c of cases) rows.push({ c, verdict: await checkSupport(c.sentence, c.passage, c.question, read) });
  const byModel = rows.filter((r) => r.verdict.reading !== undefined);
  const highestUnsupported = (half: number) =>
    Math.max(0, ...byModel.filter((r) => r.c.half === half && !r.c.supported).map((r) => r.verdict.reading!));
  console.log(
    `\nThe model's support readings: highest of an unsupported sentence, half 1 ${highestUnsupported(1).toFixed(3)}, half 2 ${highestUnsupported(2).toFixed(3)}`,
  );
  for (const r of byModel)
    console.log(`  ${r.c.id} half ${r.c.half} ${r.c.supported ? 'supported  ' : 'unsupported'} ${r.verdict.reading!.toFixed(3)}`);
  console.log(
    `\nExplanation sentences checked against their citation: hand-labelled sample (${cases.length} sentences, ${rows.filter((r) => r.c.supported).length} supported by a person's reading)`,
  );
  console.log(
    '| sentences | kept | kept and supported (precision) | supported that were kept (recall) | decided by words | by the model |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const [name, part] of [
    ['half 1 (readingMin set on it)', rows.filter((r) => r.c.half === 1)],
    ['half 2 (measures it)', rows.filter((r) => r.c.half === 2)],
    ['all', rows],
  ] as const) {
    const kept = part.filter((r) => r.verdict.supported);
    const keptSupported = kept.filter((r) => r.c.supported).length;
    const supported = part.filter((r) => r.c.supported).length;
    const byModel = part.filter((r) => r.verdict.by === 'model').length;
    console.log(
      `| ${name}: ${part.length} | ${kept.length} | ${(keptSupported / Math.max(1, kept.length)).toFixed(3)} (${keptSupported}/${kept.length}) | ${(keptSupported / Math.max(1, supported)).toFixed(3)} (${keptSupported}/${supported}) | ${part.length - byModel} | ${byModel} |`,
    );
  }
  for (const r of rows.filter((row) => row.verdict.supported && !row.c.supported))
    console.log(
      `  kept but not supported (${r.c.id}, by ${r.verdict.by}${r.verdict.reading !== undefined ? ` ${r.verdict.reading.toFixed(2)}` : ''}): ${r.c.sentence}`,
    );
}
