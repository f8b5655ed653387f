/**
 * npm run eval: retrieval quality (Recall@1, Recall@5, MRR@10) and out-of-scope refusal on the
 * development sets in eval/, for lexical-only, dense-only and hybrid search side by side.
 * `--verbose` also prints each query's grounding signal and first relevant rank; `--retrieval`
 * stops after the retrieval table, `--explain` runs only the explanation table after it, `--grading`
 * only the grading and reference-matching tables, `--prose` the second course (eval/prose.ts); `--store file|pglite|postgres` evaluates on the HNSW files (the
 * default), on Postgres in-process (PGlite) or on a PostgreSQL server started for the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { loadConfig, type TutorConfig } from '../src/config.js';
import { closeDatabases } from '../src/app/open.js';
import { startLocalPostgres } from '../bench/postgresServer.js';
import { openTutor } from '../src/app/compose.js';
import { localSupportReading } from '../src/tutor/answer/support.js';
import type { LocalLlm } from '../src/llm/local.js';
import { evaluateSupportLabels } from './explainLabels.js';
import { evaluateWarmReach } from './warmReach.js';
import type { Retriever, SearchMode } from '../src/retrieval/search.js';
import { auditAnswer, emptyAudit, evaluateGrading, quotesFileExactly, type GradingCase } from './tutorEval.js';
import { detectLanguage } from '../src/text/language.js';
import {
  evaluate,
  evidenceLines,
  gradingLines,
  median,
  readJsonlFile,
  type OutOfScopeCase,
  type RetrievalCase,
  type Row,
} from './measures.js';
import { evaluateProse } from './prose.js';
import type { CoverageStep } from '../src/tutor/scope/coverage.js';
import type { Tutor } from '../src/tutor/tutor.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVAL_DIR = path.join(ROOT, 'eval');
/**
 * The development sets are test sets: read from ../shared/eval/ when it is there (the project keeps
 * copies in eval/ for a checkout without it). Nothing is fitted on them (`npm run calibrate` fits
 * on the course's own notes); the holdout and own sets live in eval/ only.
 */
const SHARED_EVAL_DIR = path.resolve(ROOT, '..', 'shared', 'eval');
const verbose = process.argv.includes('--verbose');
const retrievalOnly = process.argv.includes('--retrieval');
const explainOnly = process.argv.includes('--explain');
const gradingOnly = process.argv.includes('--grading');
const storeFlag = process.argv.indexOf('--store');
const storeName = storeFlag >= 0 ? process.argv[storeFlag + 1] : 'file';

/** The configured store, or the one --store names: file (HNSW files), pglite (in-process Postgres) or postgres (a local server). */
async function withStore(config: TutorConfig): Promise<{ config: TutorConfig; close: () => Promise<void> }> {
  if (storeName === 'file') return { config, close: async () => undefined };
  if (storeName === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-eval-pglite-'));
    return { config: { ...config, databaseUrl: `pglite:${dir}` }, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (storeName === 'postgres') {
    const server = await startLocalPostgres(config.modelDir);
    return { config: { ...config, databaseUrl: server.url }, close: () => server.stop() };
  }
  throw new Error(`--store must be file, pglite or postgres (got "${storeName}")`);
}

function evalFile(name: string): string {
  const shared = path.join(SHARED_EVAL_DIR, name);
  return fs.existsSync(shared) ? shared : path.join(EVAL_DIR, name);
}

function readJsonl<T>(name: string): T[] {
  return readJsonlFile<T>(evalFile(name));
}

/** Sentences that only say again what the student already has. */
const RESTATING = new Set(['restates the first quote', 'echoes the question', "echoes the notes' question", 'repeat', 'fragment']);

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * `tutor ask --explain` on a set of questions: who composed, citations, language, refusals, speed.
 * Run on the dev questions and on the held-out in-scope ones (written before the explanations were
 * tuned; nothing was set on them).
 */
async function evaluateExplanations(
  corpusDir: string,
  tutor: Tutor,
  set: { name: string; cases: Array<{ id: string; query: string; lang: string }> },
  outOfScope: OutOfScopeCase[],
): Promise<void> {
  const { cases } = set;
  const rows: Array<{
    id: string;
    lang: string;
    composer: string;
    problem: string;
    langOk: boolean;
    firstMs: number | null;
    totalMs: number;
    dropped: string[];
  }> = [];
  let badRanges = 0;
  let dangling = 0;
  let unusedCitations = 0;
  const samples: string[] = [];
  for (const c of cases) {
    const started = Date.now();
    let firstMs: number | null = null;
    const answer = await tutor.ask(c.query, [], { extractive: true });
    const explanation = await tutor.explain(answer, { onToken: () => (firstMs ??= Date.now() - started) });
    const totalMs = Date.now() - started;
    const composer = explanation?.composer === 'llm' ? 'llm' : 'extractive';
    const text = composer === 'llm' ? explanation!.text : answer.answer;
    const citations = composer === 'llm' ? explanation!.citations : answer.citations;
    badRanges += citations.filter((citation) => !quotesFileExactly(corpusDir, citation)).length;
    const markers = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const danglingHere = markers.filter((n) => n < 1 || n > citations.length).length;
    dangling += danglingHere;
    if (danglingHere > 0)
      console.log(`  ${c.id}: ${danglingHere} marker(s) pointing at no citation (${composer}): ${text.replace(/\n/g, ' ').slice(0, 400)}`);
    unusedCitations += citations.filter((_, i) => !markers.includes(i + 1)).length;
    // The dev set writes Norwegian as "no".
    const langOk = composer === 'llm' && detectLanguage(text.replace(/\[\d+\]/g, ' ')) === (c.lang === 'no' ? 'nb' : c.lang);
    rows.push({
      id: c.id,
      lang: c.lang,
      composer,
      problem: explanation?.problem ?? '',
      langOk,
      firstMs,
      totalMs,
      dropped: explanation?.dropped ?? [],
    });
    if (composer === 'llm') samples.push(`${c.id} [${c.lang}] ${c.query}\n    ${text.replace(/\n/g, ' ')}`);
  }
  let refused = 0;
  for (const c of outOfScope) if (!(await tutor.ask(c.query, [], { extractive: true })).grounded) refused++;
  const llm = rows.filter((r) => r.composer === 'llm');
  const problems = new Map<string, number>();
  for (const r of rows) if (r.problem) problems.set(r.problem, (problems.get(r.problem) ?? 0) + 1);
  console.log(`\nExplanations (tutor ask --explain, ${tutor.explainer?._llmType()}) on the ${cases.length} questions of ${set.name}`);
  console.log(
    "| composer llm | in the student's language (of llm) | bad ranges | dangling markers | unused citations | out-of-scope refused | first token p50 | whole p50 |",
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${(llm.length / rows.length).toFixed(2)} (${llm.length}/${rows.length}) | ${(llm.filter((r) => r.langOk).length / Math.max(1, llm.length)).toFixed(2)} | ${badRanges} | ${dangling} | ${unusedCitations} | ${outOfScope.length ? `${(refused / outOfScope.length).toFixed(2)} (${refused}/${outOfScope.length})` : '—'} | ${median(rows.flatMap((r) => (r.firstMs === null ? [] : [r.firstMs])))} ms | ${median(rows.map((r) => r.totalMs))} ms |`,
  );
  const noted = rows.filter((r) => r.composer !== 'llm').map((r) => r.totalMs);
  console.log(
    `  the note that there is no explanation: p50 ${median(noted)} ms, max ${Math.max(0, ...noted)} ms; ` +
      `explained although a sentence was dropped: ${llm.filter((r) => r.dropped.some((reason) => reason !== 'fragment')).length}/${llm.length}`,
  );
  console.log(`  fell back to the extractive answer: ${[...problems].map(([problem, n]) => `${problem} ${n}`).join(', ') || 'never'}`);
  const restatedOnly = rows.filter(
    (r) => r.composer !== 'llm' && r.dropped.length > 0 && r.dropped.every((reason) => RESTATING.has(reason)),
  ).length;
  console.log(
    `  explanations that only restated the first quote or a question (none sent): ${restatedOnly}/${rows.length}; ` +
      `sentences left out, by reason: ${[...countBy(rows.flatMap((r) => r.dropped))].map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none'}`,
  );
  const byLang = new Map<string, { n: number; llm: number }>();
  for (const r of rows) {
    const entry = byLang.get(r.lang) ?? { n: 0, llm: 0 };
    entry.n++;
    if (r.composer === 'llm') entry.llm++;
    byLang.set(r.lang, entry);
  }
  console.log(`  explained, by the question's language: ${[...byLang].map(([lang, e]) => `${lang} ${e.llm}/${e.n}`).join(', ')}`);
  if (verbose) for (const sample of samples) console.log(`  ${sample}`);
}

/** Explanations of the dev questions and the held-out ones, then the support check on the hand-labelled sentences. */
async function evaluateAllExplanations(
  corpusDir: string,
  tutor: Tutor,
  cases: RetrievalCase[],
  outOfScope: OutOfScopeCase[],
  localLlm: LocalLlm,
): Promise<void> {
  await evaluateExplanations(corpusDir, tutor, { name: 'dev-retrieval', cases }, outOfScope);
  const heldOut = readJsonl<OutOfScopeCase>('holdout-inscope.jsonl');
  await evaluateExplanations(corpusDir, tutor, { name: 'holdout-inscope', cases: heldOut }, []);
  await evaluateSupportLabels(localLlm.installed ? localSupportReading(localLlm) : null);
  await evaluateWarmReach(tutor, [
    { name: 'dev-retrieval', queries: cases.map((c) => c.query) },
    { name: 'dev-inscope-wording', queries: readJsonl<OutOfScopeCase>('dev-inscope-wording.jsonl').map((c) => c.query) },
    { name: 'holdout-inscope', queries: heldOut.map((c) => c.query) },
  ]);
}

/**
 * The tutor's refusal judgement (score, then words, then the language model's reading) on in-scope
 * and off-topic sets; the holdout sets were written before the judgement was tuned and were not used to set its thresholds.
 */
async function evaluateCoverage(tutor: Tutor, retriever: Retriever): Promise<void> {
  const sets: Array<{ name: string; inScope: boolean; cases: OutOfScopeCase[] }> = [
    { name: 'dev-retrieval (in scope)', inScope: true, cases: readJsonl<OutOfScopeCase>('dev-retrieval.jsonl') },
    { name: 'dev-inscope-wording (everyday words)', inScope: true, cases: readJsonl<OutOfScopeCase>('dev-inscope-wording.jsonl') },
    { name: 'holdout-inscope', inScope: true, cases: readJsonl<OutOfScopeCase>('holdout-inscope.jsonl') },
    { name: 'dev-outofscope', inScope: false, cases: readJsonl<OutOfScopeCase>('dev-outofscope.jsonl') },
    { name: 'own-outofscope', inScope: false, cases: readJsonl<OutOfScopeCase>('own-outofscope.jsonl') },
  ];
  const holdout = readJsonl<OutOfScopeCase>('holdout-outofscope.jsonl');
  sets.push({
    name: 'holdout-outofscope (computing, general)',
    inScope: false,
    cases: holdout.filter((c) => c.kind !== 'machine-learning'),
  });
  sets.push({
    name: 'holdout-outofscope (machine learning not in the notes)',
    inScope: false,
    cases: holdout.filter((c) => c.kind === 'machine-learning'),
  });
  console.log(`\nRefusals (tutor ask's judgement; language model reading: ${tutor.explainer ? 'yes' : 'none'})`);
  console.log('| set | questions | judged right | wrong | decided by score / words / code / reading / rule | reading p50 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const set of sets) {
    const steps: Record<CoverageStep, number> = { score: 0, words: 0, code: 0, reading: 0, 'no-reading': 0 };
    const wrong: string[] = [];
    const readingMs: number[] = [];
    for (const c of set.cases) {
      const started = Date.now();
      const judgement = await tutor.covers(await retriever.search(c.query, { k: 10 }));
      if (judgement.step === 'reading') readingMs.push(Date.now() - started);
      steps[judgement.step]++;
      if (judgement.covered !== set.inScope) wrong.push(c.id);
      if (verbose)
        console.log(
          `  ${c.id} ${judgement.covered ? 'covered' : 'refused'} by ${judgement.step} [${judgement.unknownWords.join(', ')}] ${JSON.stringify(judgement.reading ?? {})} ${c.query}`,
        );
    }
    const right = set.cases.length - wrong.length;
    console.log(
      `| ${set.name} | ${set.cases.length} | ${(right / set.cases.length).toFixed(2)} (${right}) | ${wrong.join(' ') || '—'} | ${steps.score} / ${steps.words} / ${steps.code} / ${steps.reading} / ${steps['no-reading']} | ${readingMs.length ? median(readingMs) : '—'} |`,
    );
  }
}

/**
 * Reference matching: the reference a dev question would be graded against must hold one of its
 * evidence lines (questions whose evidence is in no exam question or glossary term are skipped).
 */
async function evaluateReferenceMatching(tutor: Tutor, cases: RetrievalCase[], evidence: ReturnType<typeof evidenceLines>): Promise<void> {
  const gradable = (c: RetrievalCase) =>
    (evidence.get(c.id) ?? []).some((e) =>
      tutor.knowledge.references.some((r) => r.source.file === e.file && r.source.startLine <= e.line && e.line <= r.source.endLine),
    );
  const byLang = new Map<string, { n: number; right: number; wrong: string[] }>();
  for (const c of cases.filter(gradable)) {
    const ref = await tutor.referenceFor(c.query);
    const right = (evidence.get(c.id) ?? []).some(
      (e) => ref && ref.source.file === e.file && ref.source.startLine <= e.line && e.line <= ref.source.endLine,
    );
    for (const lang of [c.lang, 'all']) {
      const entry = byLang.get(lang) ?? { n: 0, right: 0, wrong: [] };
      entry.n++;
      if (right) entry.right++;
      else if (lang === 'all') entry.wrong.push(c.id);
      byLang.set(lang, entry);
    }
  }
  console.log('\nReference matching (dev-retrieval questions whose evidence is an exam question or glossary term)');
  console.log('| question language | questions | matched to a reference holding the evidence | wrong |');
  console.log('|---|---|---|---|');
  for (const [lang, e] of [...byLang].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`| ${lang} | ${e.n} | ${(e.right / e.n).toFixed(3)} (${e.right}) | ${e.wrong.join(' ') || (lang === 'all' ? '—' : '')} |`);
}

/**
 * Grading on the three dev grading sets and the project's own held-out set (written in session 18
 * after the grader was built; nothing fitted or tuned on any of them), per language, then reference matching.
 */
async function evaluateGradingSets(tutor: Tutor, cases: RetrievalCase[], evidence: ReturnType<typeof evidenceLines>): Promise<void> {
  const judge = tutor.judge ? `${tutor.judge.kind} language model` : 'none (embeddings and rules only)';
  const fitted = tutor.calibration.calibrated
    ? 'fitted on this course by npm run calibrate'
    : 'conservative rules (no calibration for this course)';
  console.log(`\nGrading (judge: ${judge}; decision: ${fitted}) — test sets, nothing fitted on them`);
  console.log('| set | answers in | cases | accuracy | false passes | p50 ms | misses |');
  console.log('|---|---|---|---|---|---|---|');
  for (const name of ['dev-grading.jsonl', 'dev-grading-traps.jsonl', 'dev-grading-more.jsonl', 'holdout-grading.jsonl']) {
    if (!fs.existsSync(evalFile(name))) continue;
    const set = readJsonl<GradingCase>(name);
    const grading = await evaluateGrading(tutor, set);
    if (verbose)
      for (const row of grading.rows) console.log(`grade ${row.id} expect=${row.expect} got=${row.got} score=${row.score} ms=${row.ms}`);
    for (const line of gradingLines(name, set, grading)) console.log(line);
  }
  await evaluateReferenceMatching(tutor, cases, evidence);
}

async function main(): Promise<void> {
  const store = await withStore(loadConfig());
  try {
    await evaluateAll(store.config);
  } finally {
    await closeDatabases();
    await store.close();
  }
}

async function evaluateAll(config: TutorConfig): Promise<void> {
  if (process.argv.includes('--prose')) return evaluateProse(config, verbose);
  // First-time explanations are measured: the class's cache would answer repeated runs at once.
  const { retriever, embedder, tutor, localLlm } = await openTutor(config, undefined, { explanationCache: false });
  await tutor.warm();
  const cases = readJsonl<RetrievalCase>('dev-retrieval.jsonl');
  const outOfScope = readJsonl<OutOfScopeCase>('dev-outofscope.jsonl');
  const evidence = evidenceLines(config.corpusDir, cases);
  if (gradingOnly) {
    await evaluateGradingSets(tutor, cases, evidence);
    await localLlm.dispose();
    return;
  }
  const modes: SearchMode[] = retriever.denseAvailable ? ['lexical', 'dense', 'hybrid'] : ['lexical'];
  const rows: Row[] = [];
  for (const mode of modes) rows.push(await evaluate(retriever, verbose, mode, cases, outOfScope, evidence));
  console.log(
    `\nRetrieval on ${cases.length} dev questions, ${outOfScope.length} out-of-scope (model: ${embedder?.model.id ?? 'none'}; store: ${retriever.store.engine})`,
  );
  console.log('| mode    | Recall@1 | Recall@5 | MRR@10 | out-of-scope refused by retrieval score alone | in-scope refused by it |');
  console.log('|---------|----------|----------|--------|----------------------|------------------|');
  for (const row of rows) {
    console.log(
      `| ${row.mode.padEnd(7)} | ${row.recall1.toFixed(3).padStart(8)} | ${row.recall5.toFixed(3).padStart(8)} | ${row.mrr10.toFixed(3).padStart(6)} | ${row.refusal.toFixed(2).padStart(20)} | ${String(row.inScopeRefused).padStart(16)} |`,
    );
  }

  await evaluateCoverage(tutor, retriever);
  if (retrievalOnly || explainOnly) {
    if (explainOnly && tutor.explainer) await evaluateAllExplanations(config.corpusDir, tutor, cases, outOfScope, localLlm);
    await localLlm.dispose();
    return;
  }
  await evaluateGradingSets(tutor, cases, evidence);

  const audit = emptyAudit();
  for (const c of cases) {
    const answer = await tutor.ask(c.query);
    auditAnswer(config.corpusDir, c.id, answer, audit);
    if (answer.citations.length === 0) audit.inScopeWithoutCitation.push(c.id);
  }
  for (const c of outOfScope) {
    const answer = await tutor.ask(c.query);
    auditAnswer(config.corpusDir, c.id, answer, audit);
    if (answer.grounded || answer.citations.length > 0) audit.outOfScopeAnswered.push(c.id);
  }
  console.log(
    `\nAnswers (tutor ask) on ${cases.length} in-scope + ${outOfScope.length} out-of-scope questions: ${audit.citations} citations`,
  );
  console.log(
    `  citation ranges that do not exist or do not quote the file exactly: ${audit.badRanges.length} ${audit.badRanges.join(' ')}`,
  );
  console.log(`  citations whose lines are not used in the answer: ${audit.unused.length} ${audit.unused.join(' ')}`);
  console.log(`  markers pointing at no citation: ${audit.danglingMarkers.length} ${audit.danglingMarkers.join(' ')}`);
  console.log(`  in-scope answers without a citation: ${audit.inScopeWithoutCitation.length} ${audit.inScopeWithoutCitation.join(' ')}`);
  console.log(`  out-of-scope questions answered or cited: ${audit.outOfScopeAnswered.length} ${audit.outOfScopeAnswered.join(' ')}`);
  if (tutor.explainer) await evaluateAllExplanations(config.corpusDir, tutor, cases, outOfScope, localLlm);
  await localLlm.dispose();
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
