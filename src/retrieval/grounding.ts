/** What retrieval saw for one query, enough to judge whether the notes cover it. */
export interface GroundingSignal {
  /** Cosine similarity of the best dense hit, or null without a model. */
  denseTop: number | null;
  /** BM25 score of the best lexical hit (0 when no word matched). */
  lexicalTop: number;
  queryTerms: number;
}

/** Calibrated on eval/dev-retrieval.jsonl and eval/dev-outofscope.jsonl (see `npm run eval`). */
export const GROUNDING = {
  denseMin: 0.85,
  lexicalMin: 6,
};

export function isGrounded(signal: GroundingSignal): boolean {
  if (signal.denseTop === null) return signal.lexicalTop >= GROUNDING.lexicalMin;
  return signal.denseTop >= GROUNDING.denseMin;
}
