import { stemOverlap } from '../../text/analyze.js';
import type { OpenJudgement } from './openAnswer.js';
import type { PoleFlip } from './signals/antonyms.js';

/**
 * The numbers a fitted decision reads (calibrated.ts), in a fixed order. Each is a signal that
 * separates right from wrong answers on its own in some cases; the calibration set says how much
 * each counts. `agreement` is absent (NaN) when no language model judged. There is no separate
 * agreement for Scandinavian answers: the local model judges every answer in its English reading
 * (signals/english.ts); with the texts read as written, such a term had acted as a bonus for
 * answers in English (measured out of fold on the deep-learning course's set: 0.937 without it
 * against 0.928 with it, judged in English). `readOverlap` is the answer's shared words with the
 * reference in the texts the judge read: for the local model their English readings, so an answer
 * in another language than the notes shares words too (`wordOverlap`, as written, is 0 there). Out
 * of fold with it: deep-learning course 0.937 → 0.943, prose course 0.863 → 0.882 (README, grading).
 * `readEvidence` is the embedding evidence of that reading, or of the answer as written when that
 * stands higher: an answer in Norwegian, Swedish or Danish to English notes stands less far above
 * the other passages than the same answer in English does. Out of fold with it: deep-learning
 * course 0.952 → 0.961, prose course 0.947 → 0.969 (README, grading).
 */
export const FEATURE_NAMES = [
  'agreement',
  'evidence',
  'coverage',
  'offTarget',
  'sharesNoWords',
  'wordOverlap',
  'readOverlap',
  'readEvidence',
  'flip',
  'absolute',
  'swappedRoles',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type GradeFeatures = Record<FeatureName, number>;

/**
 * The direction each signal may pull a grade, whatever the calibration set says: more agreement,
 * evidence, coverage or shared words can only count for an answer; no shared word, another part of
 * the question, a flipped pole or an absolute claim only against. The generated set has regularities
 * real answers lack (the model's paraphrases avoid the notes' words by instruction, most swapped
 * answers are Norwegian), and an unconstrained fit learns those instead (it gave shared words a
 * negative weight). No feature says the answer's language: the share of right answers per
 * language is the generators', not the students'.
 */
export const FEATURE_SIGNS: Record<FeatureName, -1 | 0 | 1> = {
  agreement: 1,
  evidence: 1,
  coverage: 1,
  offTarget: -1,
  sharesNoWords: -1,
  wordOverlap: 1,
  readOverlap: 1,
  readEvidence: 1,
  flip: -1,
  absolute: -1,
  swappedRoles: -1,
};

/** The features only a language model's judge gives: the fallback fit reads the others. */
export const MODEL_FEATURES: ReadonlySet<FeatureName> = new Set(['agreement', 'readOverlap', 'readEvidence']);

export interface FeatureInput {
  embedding: OpenJudgement;
  agreement: number | null;
  /** Words shared by the answer and the reference as the judge read them (in English for the local model); null without a judge. */
  readOverlap: number | null;
  /** The embedding evidence of the answer as the judge read it (its English reading for the local model) or as written, whichever is higher; null without a judge. */
  readEvidence: number | null;
  flip: PoleFlip | undefined;
  absolutes: readonly string[];
  /** How much better the answer's claims about two things the question names fit the other one's in the reference (signals/roles.ts). */
  swappedRoles: number;
  answer: string;
}

export function gradeFeatures({
  embedding,
  agreement,
  readOverlap,
  readEvidence,
  flip,
  absolutes,
  swappedRoles,
  answer,
}: FeatureInput): GradeFeatures {
  const relevant = embedding.keyPoints.filter((k) => k.relevant);
  const model = agreement ?? Number.NaN;
  return {
    agreement: model,
    evidence: embedding.evidence,
    coverage: Math.max(0, ...relevant.map((k) => k.coverage)),
    offTarget: embedding.offTarget ? 1 : 0,
    sharesNoWords: embedding.sharesNoWords ? 1 : 0,
    wordOverlap: stemOverlap(answer, relevant.map((k) => k.text).join(' ')),
    readOverlap: readOverlap ?? Number.NaN,
    readEvidence: readEvidence ?? Number.NaN,
    flip: flip ? 1 : 0,
    absolute: absoluteFeature(absolutes),
    swappedRoles,
  };
}

/** Absolute claims counted, two at most (a third says nothing new). */
export function absoluteFeature(absolutes: readonly string[]): number {
  return Math.min(2, absolutes.length);
}
