import fs from 'node:fs';
import path from 'node:path';
import { log } from '../log.js';
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
