/** Types every part of the tutor shares; use-case folders import them from here, never from each other. */
export type { Citation } from './knowledge/citations.js';
export type { Verdict } from '../contracts/ws.js';
import type { SearchResult } from '../retrieval/search.js';

/** Whether the notes cover what a search was for: the scope's one judgement (scope/scope.ts), handed to every use case that refuses. */
export type CoverageCheck = (result: SearchResult) => Promise<boolean>;

/** A question looked up as `ask` looks it up (with the model's English reading when it made one); null when the notes do not cover it. */
export type QuestionLookUp = (question: string, k: number) => Promise<SearchResult | null>;

/** A verdict on an answer that the notes can grade. */
export type GradedVerdict = 'correct' | 'partial' | 'incorrect';

/** One turn of a conversation: follow-ups are read with it. */
export interface Turn {
  role: 'student' | 'tutor';
  text: string;
  /** Student turns: whether the notes covered it (an off-topic turn is never built on). */
  grounded?: boolean;
  /** Student turns: the standalone question it was answered as (a follow-up resolved with its topic). */
  query?: string;
}
