/** How one chat reply of the embedded model is asked for (LocalLlm.chat). */
export interface ChatOptions {
  /** Receives the reply as it is written. */
  onTextChunk?: (text: string) => void;
  /** Stops the reply where it is (what was written so far is returned). */
  signal?: AbortSignal;
  maxTokens?: number;
  /** A student waits on this reply: it is queued with grading, before explanations. */
  urgent?: boolean;
  /**
   * `background`: written when nobody waits (warming the explanation cache); stopped as soon as a
   * student's request arrives. Explanations and background replies use their own sequence, so a
   * question's reading does not evict the explanation prompt's evaluated prefix.
   */
  lane?: 'explain' | 'background';
  /**
   * Evaluate the prompt from a clean sequence. A prompt that continues a reused prefix is computed in
   * other batch sizes, whose sums differ in the last bits; at a near-tie the greedy reply differs
   * (the same follow-up rewritten twice gave two questions). It costs the prefix's evaluation (about
   * 2 s for a reading here), so only replies that must not depend on what came before ask for it.
   */
  fresh?: boolean;
}
