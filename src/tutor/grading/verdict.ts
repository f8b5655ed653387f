import type { GradedVerdict } from '../types.js';
import { OPEN_GRADING, type OpenJudgement } from './openAnswer.js';
import type { PolarityCheck } from './signals/polarity.js';
import type { Containment } from './signals/relations.js';
import type { PoleFlip } from './signals/antonyms.js';
import { GRADING, SCORE_BANDS } from '../../tuning.js';
import { bandScore, clamp, clampToBand } from './score.js';
import { contributions, probability, type FittedDecision } from './calibrated.js';
import { gradeFeatures, type FeatureName, type GradeFeatures } from './features.js';

export { GRADING };

/** Why a verdict is what it is; the feedback says it to the student. */
export type GradeReason =
  | 'polarity' // the answer asserts the opposite truth value
  | 'reversed' // the answer turns a hierarchy of the notes around
  | 'contradicts' // the language model reads a different or contradicting meaning
  | 'offTarget' // the answer speaks to another part of the question
  | 'weak' // too little of the reference is in the answer
  | 'disagree' // the signals disagree: never correct
  | 'flipped' // the answer uses the opposite pole of a word the reference uses (well ↔ badly)
  | 'absolute' // the answer makes an absolute claim (always, never) the notes do not
  | 'agree';

export interface GradeSignals {
  embedding: OpenJudgement;
  /** The language model's agreement in [0, 1]; null when no model judged. */
  agreement: number | null;
  /** Words the answer shares with the reference in the texts the judge read; null when no model judged. */
  readOverlap: number | null;
  /** The embedding evidence of the answer as the judge read it or as written, whichever is higher; null when no model judged. */
  readEvidence: number | null;
  polarity: PolarityCheck;
  reversed: Containment | undefined;
  flip: PoleFlip | undefined;
  /** Absolute claims the answer adds to the reference (signals/absolutes.ts). */
  absolutes: string[];
  /** The two things the question names, said of each other (signals/roles.ts); 0 when none. */
  swappedRoles: number;
  answer: string;
}

export interface Decision {
  verdict: GradedVerdict;
  score: number;
  reason: GradeReason;
  /** How the verdict was reached: a decision fitted on this course, or the conservative rules. */
  by: 'fitted' | 'rules';
  features: GradeFeatures;
  /** The fitted probability that the answer is correct (fitted decisions only). */
  confidence?: number;
}

const round = (value: number) => Number(value.toFixed(2));

/** What each feature, pulling an answer down, tells the student. */
const REASON_OF: Record<FeatureName, GradeReason> = {
  agreement: 'contradicts',
  evidence: 'weak',
  coverage: 'weak',
  offTarget: 'offTarget',
  sharesNoWords: 'weak',
  wordOverlap: 'weak',
  readOverlap: 'weak',
  readEvidence: 'weak',
  flip: 'flipped',
  absolute: 'absolute',
  swappedRoles: 'reversed',
};

/**
 * Rules under which an answer is wrong, whatever the fit: it turns a polar word of the reference
 * to its opposite, makes an absolute claim that neither the question nor the notes make, or says of
 * each of two things the question names what the notes say of the other (signals/roles.ts). The
 * signals the fit reads cannot see these (the words are the reference's own).
 */
export function neverCorrect(features: GradeFeatures): boolean {
  return features.flip > 0 || features.absolute > 0 || features.swappedRoles > 0;
}

const neverCorrectReason = (features: GradeFeatures): GradeReason =>
  features.flip > 0 ? 'flipped' : features.swappedRoles > 0 ? 'reversed' : 'absolute';

/**
 * One verdict from several signals. Rules that are never wrong when they fire (a stated truth
 * value opposite to the notes', a reversed hierarchy) decide first. Then the decision fitted on
 * this course (calibrated.ts): correct when the pass probability clears its cut, partial when the
 * credit probability clears its own, else incorrect, with the signal that pulled it down as the
 * reason. Without a fit for this course, the conservative rules (conservativeVerdict).
 */
export function decideVerdict(signals: GradeSignals, fitted: FittedDecision | null): Decision {
  const features = gradeFeatures(signals);
  if (signals.polarity.conflict) return { verdict: 'incorrect', score: 0, reason: 'polarity', by: 'rules', features };
  if (signals.reversed) return { verdict: 'incorrect', score: 0, reason: 'reversed', by: 'rules', features };
  if (!fitted) return { ...conservativeVerdict(signals), by: 'rules', features };
  const pass = probability(fitted.pass, features);
  const credit = probability(fitted.credit, features);
  const pulls = contributions(fitted.pass, features).sort((a, b) => a.pull - b.pull);
  const downBy = pulls[0] && pulls[0].pull < 0 ? REASON_OF[pulls[0].feature] : 'weak';
  const base = { by: 'fitted' as const, features, confidence: round(pass) };
  if (neverCorrect(features)) return { ...base, verdict: 'incorrect', reason: neverCorrectReason(features), score: 0 };
  if (pass >= fitted.cuts.pass)
    return {
      ...base,
      verdict: 'correct',
      reason: 'agree',
      score: round(bandScore('correct', (pass - fitted.cuts.pass) / (1 - fitted.cuts.pass))),
    };
  if (credit >= fitted.cuts.credit) {
    const reason = downBy === 'contradicts' ? 'disagree' : 'weak';
    return { ...base, verdict: 'partial', reason, score: round(clampToBand('partial', bandScore('partial', pass / fitted.cuts.pass))) };
  }
  return { ...base, verdict: 'incorrect', reason: downBy, score: round(bandScore('incorrect', clamp(credit / fitted.cuts.credit, 0, 1))) };
}

/**
 * Rules for a course with no calibration yet: any signal that shows the answer is wrong makes it
 * incorrect; correct needs every signal to agree (strong embedding evidence, the model's clear
 * agreement, no added absolute claim, no flipped pole); otherwise partial.
 */
export function conservativeVerdict({ embedding, agreement, flip, absolutes }: GradeSignals): Omit<Decision, 'by' | 'features'> {
  const incorrect = (reason: GradeReason, cap: number = SCORE_BANDS.incorrectCap.default) => ({
    verdict: 'incorrect' as const,
    score: round(Math.min(embedding.score, cap)),
    reason,
  });
  const partial = (reason: GradeReason) => ({ verdict: 'partial' as const, score: round(clampToBand('partial', embedding.score)), reason });
  if (agreement !== null && agreement < GRADING.incorrectBelow) return incorrect('contradicts', SCORE_BANDS.incorrectCap.contradicts);
  if (flip) return incorrect('flipped');
  if (embedding.verdict === 'incorrect') {
    // "Another part of the question" misfires on long explain-questions whose every sentence is relevant.
    const overruled =
      embedding.offTarget && embedding.evidence >= OPEN_GRADING.correct && agreement !== null && agreement >= GRADING.overruleFrom;
    return overruled ? partial('disagree') : incorrect(embedding.offTarget ? 'offTarget' : 'weak', SCORE_BANDS.incorrectCap.weak);
  }
  if (absolutes.length > 0) return partial('absolute');
  if (agreement === null || agreement < GRADING.correctFrom || embedding.verdict !== 'correct')
    return partial(agreement !== null && agreement >= GRADING.correctFrom ? 'weak' : 'disagree');
  const strength = clamp((agreement - GRADING.incorrectBelow) / GRADING.fullStrengthSpan, 0, 1);
  return { verdict: 'correct', score: round(Math.max(embedding.score, bandScore('correct', strength))), reason: 'agree' };
}
