/**
 * Bayesian knowledge tracing per topic (Corbett & Anderson 1995): the probability that the student
 * knows the topic, updated by each graded answer. The parameters are the usual textbook values, not
 * fitted to any course; a multiple-choice question's guess rate is its own chance level.
 */
export const BKT = {
  /** P(known) before any answer. */
  prior: 0.3,
  /** P(learning it) with each answer. */
  learn: 0.1,
  /** P(wrong although known). */
  slip: 0.1,
  /** P(right although not known) for an open answer. */
  guessOpen: 0.1,
} as const;

export interface Observation {
  /** 0 wrong … 1 right (a partial answer is half evidence each way). */
  score: number;
  /** P(right by guessing) for this question. */
  guess: number;
}

/** P(known) after one answer: the posterior for this evidence, then the chance of learning. */
export function traced(known: number, { score, guess }: Observation): number {
  const { slip, learn } = BKT;
  const ifRight = (known * (1 - slip)) / (known * (1 - slip) + (1 - known) * guess);
  const ifWrong = (known * slip) / (known * slip + (1 - known) * (1 - guess));
  const posterior = score * ifRight + (1 - score) * ifWrong;
  return posterior + (1 - posterior) * learn;
}

export interface Mastery {
  /** P(the student knows the topic). */
  mastery: number;
  /** How sure that estimate is: 1 − its binary entropy (0 at 50/50, 1 when certain either way). */
  certainty: number;
}

export function masteryOf(observations: readonly Observation[]): Mastery {
  const mastery = observations.reduce(traced, BKT.prior);
  const entropy = mastery <= 0 || mastery >= 1 ? 0 : -(mastery * Math.log2(mastery) + (1 - mastery) * Math.log2(1 - mastery));
  return { mastery, certainty: 1 - entropy };
}

/** Chance level of a question: one of k options, any non-empty subset of k when several may be right. */
export function guessRate(kind: 'mcq' | 'open', options: number, multiple: boolean): number {
  if (kind === 'open' || options < 2) return BKT.guessOpen;
  return multiple ? 1 / (2 ** options - 1) : 1 / options;
}
