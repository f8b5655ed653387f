import type { GradedVerdict } from '../types.js';
import { OPEN_GRADING, type OpenJudgement } from './openAnswer.js';
import type { PolarityCheck } from './signals/polarity.js';
import type { Containment } from './signals/relations.js';
import type { PoleFlip } from './signals/antonyms.js';
import { GRADING, SCORE_BANDS } from '../../tuning.js';
import { bandScore, clamp, clampToBand } from './score.js';

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
  | 'agree';

export interface GradeSignals {
  embedding: OpenJudgement;
  /** The language model's agreement in [0, 1]; null when no model judged. */
  agreement: number | null;
  polarity: PolarityCheck;
  reversed: Containment | undefined;
  flip: PoleFlip | undefined;
}

export interface Decision {
  verdict: GradedVerdict;
  score: number;
  reason: GradeReason;
}

const round = (value: number) => Number(value.toFixed(2));

/**
 * One verdict from several signals. Any signal that shows the answer is wrong (a polarity flip, a
 * reversed hierarchy, the model reading a different meaning, weak or off-target evidence) makes it
 * incorrect; correct needs the embeddings and the model to agree; when they disagree it is partial.
 */
export function decideVerdict({ embedding, agreement, polarity, reversed, flip }: GradeSignals): Decision {
  const incorrect = (reason: GradeReason, cap: number = SCORE_BANDS.incorrectCap.default): Decision => ({
    verdict: 'incorrect',
    score: round(Math.min(embedding.score, cap)),
    reason,
  });
  const partial = (reason: GradeReason): Decision => ({
    verdict: 'partial',
    score: round(clampToBand('partial', embedding.score)),
    reason,
  });
  const correct = (): Decision => ({
    verdict: 'correct',
    score: round(
      Math.max(
        embedding.score,
        bandScore('correct', clamp(((agreement ?? GRADING.neutral) - GRADING.incorrectBelow) / GRADING.fullStrengthSpan, 0, 1)),
      ),
    ),
    reason: 'agree',
  });

  if (polarity.conflict) return incorrect('polarity', 0);
  if (reversed) return incorrect('reversed', 0);
  if (agreement !== null && agreement < GRADING.incorrectBelow) return incorrect('contradicts', SCORE_BANDS.incorrectCap.contradicts);
  // A polar flip never passes; without clear agreement from the model it is wrong.
  if (flip)
    return agreement !== null && agreement >= GRADING.overruleFrom && embedding.verdict !== 'incorrect'
      ? partial('flipped')
      : incorrect('flipped');
  if (embedding.verdict === 'incorrect') {
    // "Another part of the question" misfires on long explain-questions whose every sentence is relevant.
    const overruled =
      embedding.offTarget && embedding.evidence >= OPEN_GRADING.correct && agreement !== null && agreement >= GRADING.overruleFrom;
    return overruled ? partial('disagree') : incorrect(embedding.offTarget ? 'offTarget' : 'weak', SCORE_BANDS.incorrectCap.weak);
  }
  if (agreement === null) return embedding.verdict === 'correct' ? correct() : partial('weak');
  if (agreement >= GRADING.correctFrom) return correct();
  return partial(embedding.verdict === 'correct' ? 'disagree' : 'weak');
}
