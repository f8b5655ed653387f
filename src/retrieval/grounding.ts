import { GROUNDING } from '../tuning.js';

/** What retrieval saw for one query, enough to judge whether the notes cover it. */
export interface GroundingSignal {
  /** Cosine similarity of the best dense hit, or null without a model. */
  denseTop: number | null;
  /** Mean cosine of dense ranks 11–50: the query's background level among near-misses. */
  denseBackground: number | null;
  /** Mean cosine to every chunk (query · centroid): how much the question is about this course at all. */
  corpusMean: number | null;
  /** BM25 score of the best lexical hit (0 when no word matched). */
  lexicalTop: number;
}

/**
 * e5 similarities sit on a baseline that moves with each query, so a raw cosine cut-off cannot
 * tell "Hur kan man undvika överanpassning?" from "How do I change a flat tyre?". The score adds
 * how topical the question is for the whole course (corpusMean) and how far the best passage
 * stands out from the near-misses (top − background). Its weights and threshold are in
 * src/tuning.ts.
 */
export { GROUNDING };

export function groundingScore(signal: GroundingSignal): number | null {
  if (signal.denseTop === null || signal.corpusMean === null || signal.denseBackground === null) return null;
  const gap = signal.denseTop - signal.denseBackground;
  return signal.denseTop + GROUNDING.meanWeight * signal.corpusMean + GROUNDING.gapWeight * gap;
}
