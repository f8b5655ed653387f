/**
 * `npm run eval -- --prose`: the same measures on a second course written as prose (the Commander.js
 * manual in tests/fixtures/prose-course/), with questions and graded answers written for it in
 * eval/prose-course/. Its grading fit comes from `npm run calibrate` run on that course.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TutorConfig } from '../src/config.js';
import { openTutor } from '../src/app/compose.js';
import {
  evaluate,
  evidenceLines,
  firstRelevantRank,
  gradingLines,
  rankMeasures,
  readJsonlFile,
  type OutOfScopeCase,
  type RetrievalCase,
} from './measures.js';
import { evaluateGrading, type GradingCase } from './tutorEval.js';

export const PROSE_COURSE = path.resolve(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'prose-course');
const SETS = path.resolve(import.meta.dirname, '..', '..', 'eval', 'prose-course');

export async function evaluateProse(config: TutorConfig, verbose: boolean): Promise<void> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-prose-eval-'));
  const course = { ...config, corpusDir: PROSE_COURSE, indexDir };
  const { retriever, tutor, localLlm } = await openTutor(course);
  try {
    await tutor.warm();
    const cases = readJsonlFile<RetrievalCase>(path.join(SETS, 'retrieval.jsonl'));
    const outOfScope = readJsonlFile<OutOfScopeCase>(path.join(SETS, 'outofscope.jsonl'));
    const evidence = evidenceLines(PROSE_COURSE, cases);
    const row = await evaluate(retriever, verbose, 'hybrid', cases, outOfScope, evidence);
    console.log(`\nProse course (${PROSE_COURSE}): retrieval on ${cases.length} questions written for it`);
    console.log('| search | Recall@1 | Recall@5 | MRR@10 |');
    console.log('|---|---|---|---|');
    console.log(`| hybrid | ${row.recall1.toFixed(3)} | ${row.recall5.toFixed(3)} | ${row.mrr10.toFixed(3)} |`);
    // As `ask` and `search` look a question up: with the model's English reading when it made one.
    const searched: Awaited<ReturnType<typeof tutor.search>>[] = [];
    for (const c of cases) searched.push(await tutor.search(c.query, 10));
    const asked = rankMeasures(
      searched.map((s) => s.result),
      cases,
      evidence,
    );
    console.log(`| as the tutor looks it up | ${asked.recall1.toFixed(3)} | ${asked.recall5.toFixed(3)} | ${asked.mrr10.toFixed(3)} |`);
    if (verbose)
      cases.forEach((c, i) => {
        const rank = firstRelevantRank(searched[i]!.result, evidence.get(c.id) ?? []);
        console.log(`looked up ${c.id} rank=${rank ?? '-'} covered=${searched[i]!.covered} ${c.query}`);
      });
    const kept = searched.filter((s) => s.covered).length;
    let refused = 0;
    for (const c of outOfScope) if (!(await tutor.search(c.query, 10)).covered) refused++;
    console.log(`Coverage: in scope kept ${kept}/${cases.length}, off-topic refused ${refused}/${outOfScope.length}`);
    const grading = readJsonlFile<GradingCase>(path.join(SETS, 'grading.jsonl'));
    const report = await evaluateGrading(tutor, grading);
    if (verbose) for (const r of report.rows) console.log(`grade ${r.id} expect=${r.expect} got=${r.got} score=${r.score} ms=${r.ms}`);
    const decision = tutor.calibration.calibrated ? 'fitted on this course' : 'conservative rules (no calibration for this course)';
    console.log(`\nGrading on the prose course (decision: ${decision})`);
    console.log('| set | answers in | cases | accuracy | false passes | p50 ms | misses |');
    console.log('|---|---|---|---|---|---|---|');
    for (const line of gradingLines('prose-course/grading.jsonl', grading, report)) console.log(line);
  } finally {
    await localLlm.dispose();
    fs.rmSync(indexDir, { recursive: true, force: true });
  }
}
