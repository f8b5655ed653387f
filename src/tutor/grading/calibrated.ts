import { FEATURE_NAMES, type FeatureName, type GradeFeatures } from './features.js';

/** A logistic regression over standardised features, as `npm run calibrate` writes it. */
export interface LogisticModel {
  features: FeatureName[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** Two fitted probabilities and their cuts: pass (the answer is correct) and credit (at least partly). */
export interface FittedDecision {
  pass: LogisticModel;
  credit: LogisticModel;
  /** correct from `pass`; partial from `credit` (below `pass`); incorrect below both. */
  cuts: { pass: number; credit: number };
}

/**
 * The grader's calibration for one course (eval/calibration/grading.json): fitted by
 * `npm run calibrate` on cases made from that course's own notes, with out-of-fold figures.
 */
export interface GradingCalibration {
  version: 1;
  /** The course it was fitted on (courseFingerprint); another course is graded conservatively. */
  corpus: string;
  /** The judge whose agreement `withModel` was fitted on; another judge's scale differs. */
  judge: 'local' | 'remote';
  /** `english`: the judge read question, reference and answer in English first (signals/english.ts). */
  reads?: 'english';
  /** With the language model's agreement, and without (no model, or it failed). */
  withModel: FittedDecision;
  withoutModel: FittedDecision;
}

export interface CalibrationStatus {
  /** Whether grading uses a decision fitted on this course. */
  calibrated: boolean;
  /** The course's fingerprint (knowledge/fingerprint.ts). */
  corpus: string;
  /** Why not, when not. */
  reason?: string;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function standardised(model: LogisticModel, features: GradeFeatures): number[] {
  return model.features.map((name, i) => (features[name] - model.mean[i]!) / (model.scale[i] || 1));
}

export function probability(model: LogisticModel, features: GradeFeatures): number {
  const x = standardised(model, features);
  return sigmoid(model.bias + x.reduce((sum, value, i) => sum + value * model.weights[i]!, 0));
}

/** Each feature's pull on the decision (weight × standardised value): the most negative says why an answer failed. */
export function contributions(model: LogisticModel, features: GradeFeatures): Array<{ feature: FeatureName; pull: number }> {
  const x = standardised(model, features);
  return model.features.map((feature, i) => ({ feature, pull: x[i]! * model.weights[i]! }));
}

function isModel(value: unknown): value is LogisticModel {
  const m = value as LogisticModel;
  const n = m?.features?.length;
  return (
    Array.isArray(m?.features) &&
    m.features.every((f) => (FEATURE_NAMES as readonly string[]).includes(f)) &&
    [m.mean, m.scale, m.weights].every((list) => Array.isArray(list) && list.length === n && list.every(Number.isFinite)) &&
    Number.isFinite(m.bias)
  );
}

function isDecision(value: unknown): value is FittedDecision {
  const d = value as FittedDecision;
  return isModel(d?.pass) && isModel(d?.credit) && Number.isFinite(d?.cuts?.pass) && Number.isFinite(d?.cuts?.credit);
}

/** The fit that applies to a grade: with the model's agreement when the same kind of judge read it, in the same language. */
export function fitFor(
  calibration: GradingCalibration | null,
  judge: { kind: 'local' | 'remote'; reads?: 'english' } | null,
  agreed: boolean,
): FittedDecision | null {
  if (!calibration) return null;
  if (!agreed) return calibration.withoutModel;
  return judge?.kind === calibration.judge && judge.reads === calibration.reads ? calibration.withModel : null;
}

/** The calibration file's contents checked at the boundary; an error says what is wrong. */
export function parseCalibration(value: unknown): GradingCalibration {
  const c = value as GradingCalibration;
  if (c?.version !== 1 || typeof c.corpus !== 'string' || (c.judge !== 'local' && c.judge !== 'remote'))
    throw new Error('not a version 1 grading calibration');
  if (c.reads !== undefined && c.reads !== 'english') throw new Error(`unknown reading language ${String(c.reads)}`);
  if (!isDecision(c.withModel) || !isDecision(c.withoutModel)) throw new Error('a fitted decision is missing or malformed');
  return c;
}
