import fs from 'node:fs';
import type { TutorConfig } from '../../config.js';
import { log } from '../../log.js';
import { normaliseForComparison } from '../../text/normalise.js';
import { probability, type FittedDecision, type GradingCalibration } from '../../tutor/grading/calibrated.js';
import { neverCorrect } from '../../tutor/grading/verdict.js';
import { FEATURE_NAMES, MODEL_FEATURES } from '../../tutor/grading/features.js';
import type { BankQuestion } from '../../tutor/knowledge/bank.js';
import { courseFingerprint } from '../../tutor/knowledge/fingerprint.js';
import type { Tutor } from '../../tutor/tutor.js';
import { calibrationCasesFile, calibrationFile, englishReadingsIn } from '../calibration.js';
import type { CalibrationCase } from './cases.js';
import { keptFiles, readCases, readKept, writeCases, writeKept } from './caseFiles.js';
import { recordedJudge, type AgreementRecord } from './recordedJudge.js';
import { fitDecision, type LabelledFeatures } from './fit.js';
import { outOfFoldTable, signalTable, sizeTable } from './report.js';
import { CASE_SOURCES } from './sources/index.js';
import { write } from './sources/write.js';
import { englishQuestionPrompt, needsEnglishReading, TRANSLATOR } from '../../tutor/knowledge/englishQuestions.js';
import type { SourceContext } from './sources/source.js';
import { askedAsStudents } from './askedQuestions.js';
import { englishReadingsOf } from '../../tutor/grading/signals/english.js';

export interface CalibrationOptions {
  /** Write answers with the language model (paraphrases, wrong and absolute answers); false uses only the notes. */
  write: boolean;
  /** Progress for the person waiting: a stage and how far it is. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** The report, as it is made. */
  print?: (text: string) => void;
  /** Nobody waits on it: the language model reads the cases at its lowest priority. */
  background?: boolean;
}

/**
 * The same question asked in several files (the Swedish exam answered twice) is one group. Sections
 * of prose are not grouped by heading: three files of a manual each have a "More configuration"
 * about different things, and one's sections are no right answer to another's.
 */
function grouping(references: readonly BankQuestion[]): (id: string) => string {
  const byText = new Map<string, string>();
  const groupOf = new Map<string, string>();
  for (const q of references.filter((ref) => ref.origin !== 'passage')) {
    const text = normaliseForComparison(q.text);
    if (!byText.has(text)) byText.set(text, q.id);
    groupOf.set(q.id, byText.get(text)!);
  }
  return (id) => groupOf.get(id) ?? id;
}

/**
 * The English readings of the exam questions that reference matching compares a question with too
 * (kept with the writings), used from here on: the same run matches questions as the grader will,
 * and swapped answers come from the nearest questions.
 */
async function readQuestionsInEnglish(tutor: Tutor, context: SourceContext, options: CalibrationOptions): Promise<void> {
  const questions = context.chat ? context.references.filter(needsEnglishReading) : [];
  for (const [i, question] of questions.entries()) {
    await write(context, englishQuestionPrompt(question), TRANSLATOR);
    options.onProgress?.('reading exam questions in English', i + 1, questions.length);
  }
  tutor.knowledge.useEnglishQuestions(englishReadingsIn(context.written, tutor.knowledge.references));
}

/**
 * The notes' questions in English for the judge (signals/english.ts): a quiz question is graded as
 * asked, so a student waits only for the reading of their own answer.
 */
async function readQuestionsForTheJudge(tutor: Tutor, references: readonly BankQuestion[], options: CalibrationOptions): Promise<void> {
  const readings = englishReadingsOf(tutor.judge);
  if (!readings) return;
  const questions = [...new Set(references.map((q) => q.text))];
  for (const [i, question] of questions.entries()) {
    await readings.read(question, options.background ?? false);
    options.onProgress?.('reading the questions in English for the judge', i + 1, questions.length);
  }
}

/** The questions the cases ask: sections of prose asked as students ask, read in English for matching and for the judge. */
async function readyQuestions(tutor: Tutor, context: SourceContext, options: CalibrationOptions): Promise<void> {
  context.references = await askedAsStudents({
    ...context,
    progress: (done, total) => options.onProgress?.('asking the sections as students ask', done, total),
  });
  await readQuestionsInEnglish(tutor, context, options);
  await readQuestionsForTheJudge(tutor, context.references, options);
}

async function makeCases(context: SourceContext, options: CalibrationOptions): Promise<CalibrationCase[]> {
  const made = new Map<string, CalibrationCase>();
  for (const source of CASE_SOURCES) {
    if (source.needsModel && !context.chat) continue;
    const cases = await source.make({ ...context, progress: (done, total) => options.onProgress?.(`writing ${source.kind}`, done, total) });
    for (const c of cases) if (!made.has(c.id)) made.set(c.id, c);
  }
  return [...made.values()];
}

const SAVE_EVERY = 10;

interface FeatureOptions extends CalibrationOptions {
  /** The model's agreements read by earlier runs; null when none were recorded (a case's cached agreement is then replayed). */
  record: AgreementRecord | null;
  save: (done: CalibrationCase[], record: AgreementRecord) => void;
}

/**
 * The grader's signals for each case, computed as the grader computes them now. The language
 * model's agreement is the slow part: it is read once per (question, reference, answer) and
 * recorded, so a change to any other signal or rule needs no new reading.
 */
async function withFeatures(tutor: Tutor, cases: CalibrationCase[], earlier: Map<string, CalibrationCase>, options: FeatureOptions) {
  const out: CalibrationCase[] = [];
  const read: ReadonlyMap<string, number> = options.record ?? new Map();
  const record: AgreementRecord = new Map();
  let replay: number | undefined;
  const judge = tutor.judge && recordedJudge(tutor.judge, read, record, () => replay);
  let saved = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const cached = earlier.get(c.id)?.features?.agreement;
    replay = options.record === null && Number.isFinite(cached) ? cached : undefined;
    const graded = await tutor.grade(
      { question: c.question, answer: c.answer, questionId: c.questionId, background: options.background ?? false },
      judge,
    );
    // Multiple choice is graded by its options, not by signals: nothing to calibrate.
    if (graded.signals) out.push({ ...c, features: graded.signals.features });
    options.onProgress?.('grading cases', i + 1, cases.length);
    // A run stopped halfway keeps what the model read: the slow part is not done twice.
    if (judge && judge.asked >= saved + SAVE_EVERY) {
      options.save([...out, ...[...earlier.values()].filter((e) => !out.some((o) => o.id === e.id))], new Map([...read, ...record]));
      saved = judge.asked;
    }
  }
  return { cases: out, record };
}

/** The English readings the judge made, kept with the writings: the grader starts with them (the notes' answers are read once). */
function keepEnglishReadings(tutor: Tutor, written: Map<string, string>, file: string): void {
  const readings = englishReadingsOf(tutor.judge)?.readings;
  if (!readings?.size) return;
  for (const [key, reading] of readings) written.set(key, reading);
  writeKept(file, written);
}

/** The notes' own answers, not fitted on: how many the fitted decision passes. */
function referencesPassing(cases: readonly CalibrationCase[], decision: FittedDecision): string {
  const references = cases.filter((c) => c.kind === 'reference' && c.features && !Number.isNaN(c.features.agreement));
  const passing = references.filter((c) => !neverCorrect(c.features!) && probability(decision.pass, c.features!) >= decision.cuts.pass);
  return `\nThe notes' own answers graded against themselves (not fitted on): ${passing.length} of ${references.length} pass.`;
}

/** Denials taken out of the notes' sentences, not fitted on: how many the rules make incorrect. */
function negationsCaught(cases: readonly CalibrationCase[]): string {
  const negated = cases.filter((c) => c.kind === 'negation' && c.features);
  const caught = negated.filter((c) => neverCorrect(c.features!));
  return `\nThe notes' sentences with their denial taken out (not fitted on): the rules make ${caught.length} of ${negated.length} incorrect.`;
}

/**
 * The cases the decision is fitted on. The notes' own answer graded against itself has every signal
 * at its maximum, which no student's answer reaches: with answers written like a student's
 * (paraphrases, translations), the fit learns the boundary from those, and the references are only
 * checked to pass. A sentence of the notes with its denial taken out differs from the notes' own
 * answer by one word: no signal but the rule (signals/negation.ts) sees it, so those the rule misses
 * would set the pass cut at the notes' own answers (measured: 0.98, passing 17 of 165 right
 * answers). They measure the rule instead.
 */
function fittedOn(cases: CalibrationCase[]): Array<CalibrationCase & LabelledFeatures> {
  const studentLike = cases.filter((c) => c.kind !== 'reference' && c.kind !== 'negation');
  return (studentLike.some((c) => c.verdict === 'correct') ? studentLike : cases) as Array<CalibrationCase & LabelledFeatures>;
}

/**
 * `npm run calibrate`: make the labelled set from the course's own notes, compute the grader's
 * signals on it, fit the decision with and without the language model (grouped k-fold by question
 * for the out-of-fold figures), print the report and write both files, named by the course's
 * fingerprint, under TUTOR_CALIBRATION_DIR.
 */
export async function calibrate(config: TutorConfig, tutor: Tutor, options: CalibrationOptions): Promise<GradingCalibration> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const corpus = courseFingerprint(tutor.knowledge.retriever.chunks);
  const casesFile = calibrationCasesFile(config.calibrationDir, corpus);
  const { writtenFile, readingsFile } = keptFiles(casesFile);
  const earlier = new Map(readCases(casesFile).map((c) => [c.id, c]));
  // Exam questions and glossary terms; sections of prose too (a course written as prose has nothing else).
  const references = [...tutor.knowledge.references, ...tutor.knowledge.passages];
  const context: SourceContext = {
    references,
    groupOf: grouping(references),
    knowledge: tutor.knowledge,
    chat: options.write ? tutor.explainer : null,
    written: readKept<string>(writtenFile) ?? new Map(),
    saveWritten: () => options.write && writeKept(writtenFile, context.written),
    progress: () => undefined,
  };
  const save = (done: CalibrationCase[], record: AgreementRecord) => {
    writeCases(casesFile, done);
    writeKept(readingsFile, record);
    keepEnglishReadings(tutor, context.written, writtenFile);
  };
  await readyQuestions(tutor, context, options);
  const made = await makeCases(context, options);
  const { cases, record } = await withFeatures(tutor, made, earlier, { ...options, record: readKept<number>(readingsFile), save });
  save(cases, record);
  const questions = new Set(cases.map((c) => c.group)).size;
  print(`\nCalibration set for course ${corpus}: ${cases.length} cases over ${questions} questions (${casesFile})`);
  print(sizeTable(cases as Array<CalibrationCase & LabelledFeatures>));

  const fitted = fittedOn(cases);
  const modelCases = fitted.filter((c) => !Number.isNaN(c.features.agreement));
  const plainNames = FEATURE_NAMES.filter((name) => !MODEL_FEATURES.has(name));
  const withoutModel = fitDecision(fitted, plainNames);
  const judged = modelCases.length >= fitted.length / 2;
  const withModel = judged ? fitDecision(modelCases, FEATURE_NAMES) : withoutModel;
  if (judged) {
    print(`\nOut of fold (grouped ${modelCases.length} cases by question), with the language model's agreement:`);
    print(outOfFoldTable(modelCases, withModel.oof));
  } else log.warn('no language model judged the cases: the fit uses embeddings and rules only');
  print('\nOut of fold, embeddings and rules only (no language model):');
  print(outOfFoldTable(fitted, withoutModel.oof));
  if (fitted.length < cases.length) print(referencesPassing(cases, withModel.decision) + negationsCaught(cases));
  print('\nEach signal alone (AUC of correct against the rest), by answer language:');
  print(signalTable(fitted));

  const calibration: GradingCalibration = {
    version: 1,
    corpus,
    judge: tutor.judge?.kind ?? 'local',
    ...(tutor.judge?.reads ? { reads: tutor.judge.reads } : {}),
    withModel: withModel.decision,
    withoutModel: withoutModel.decision,
  };
  fs.writeFileSync(calibrationFile(config.calibrationDir, corpus), JSON.stringify(calibration, null, 1) + '\n');
  print(`\nwritten: ${calibrationFile(config.calibrationDir, corpus)}`);
  return calibration;
}
