import fs from 'node:fs';
import path from 'node:path';
import { log } from '../log.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import { cleanReading, englishQuestionPrompt, needsEnglishReading } from '../tutor/knowledge/englishQuestions.js';
import { keptFiles, promptKey, readKept } from './calibrate/caseFiles.js';
import { parseCalibration, type CalibrationStatus, type GradingCalibration } from '../tutor/grading/calibrated.js';

/** Where `npm run calibrate` writes a course's grading fit, named by the course's fingerprint. */
export function calibrationFile(dir: string, fingerprint: string): string {
  return path.join(dir, `grading-${fingerprint}.json`);
}

/** The cases a course's fit was made from (a versioned, reproducible set). */
export function calibrationCasesFile(dir: string, fingerprint: string): string {
  return path.join(dir, `cases-${fingerprint}.jsonl`);
}

const said = new Set<string>();

/**
 * The grading fit for this course, or null (said once in the log): the course changed, or was
 * never calibrated, and grading is conservative until `npm run calibrate` fits it.
 */
export function loadCalibration(dir: string, fingerprint: string): { calibration: GradingCalibration | null; status: CalibrationStatus } {
  const file = calibrationFile(dir, fingerprint);
  const once = (message: string, fields: Record<string, unknown>) => {
    if (said.has(file)) return;
    said.add(file);
    log.warn(message, fields);
  };
  if (!fs.existsSync(file)) {
    once(
      'this course has no grading calibration (the notes changed, or it is a new course): grading is conservative until `npm run calibrate` fits it',
      {
        corpus: fingerprint,
        dir,
      },
    );
    return { calibration: null, status: { calibrated: false, corpus: fingerprint, reason: 'not calibrated for this course' } };
  }
  try {
    const calibration = parseCalibration(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (calibration.corpus !== fingerprint) throw new Error(`fitted on course ${calibration.corpus}`);
    return { calibration, status: { calibrated: true, corpus: fingerprint } };
  } catch (error) {
    once('the grading calibration cannot be used; grading is conservative', { file, reason: (error as Error).message });
    return { calibration: null, status: { calibrated: false, corpus: fingerprint, reason: (error as Error).message } };
  }
}

/** The English readings among the calibration's kept writings, by question id. */
export function englishReadingsIn(written: ReadonlyMap<string, string>, references: readonly BankQuestion[]): Map<string, string> {
  return new Map(
    references.filter(needsEnglishReading).flatMap((q) => {
      const english = written.get(promptKey(englishQuestionPrompt(q)));
      return english ? [[q.id, cleanReading(english)] as const] : [];
    }),
  );
}

/**
 * What a course's calibration kept of the model's writing, by key: the exam questions' English
 * readings (englishReadingsIn) and the judge's readings of the notes and cases, so the grader
 * reads only what is new. Read once when a tutor is made.
 */
export function keptWritings(dir: string, fingerprint: string): Map<string, string> {
  const file = keptFiles(calibrationCasesFile(dir, fingerprint)).writtenFile;
  try {
    return readKept<string>(file) ?? new Map();
  } catch (error) {
    log.warn('the kept English readings cannot be read; questions are matched as written and the judge reads the notes again', {
      file,
      reason: (error as Error).message,
    });
    return new Map();
  }
}
