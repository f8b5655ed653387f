import type { CourseKnowledge } from '../knowledge/courseKnowledge.js';
import type { Citation, CoverageCheck, Verdict } from '../types.js';
import type { MeaningJudge } from './signals/meaning.js';

export interface GradeInput {
  question: string;
  answer: string;
  /** A question from the bank (a quiz question); otherwise the question is matched to the notes. */
  questionId?: string;
}

export interface GradeResult {
  verdict: Verdict;
  score: number;
  feedback: string;
  reference: string;
  citations: Citation[];
  questionId?: string;
}

export interface GradeContext {
  /** The course: its exam questions and grading references, vocabulary, key points and scorers. */
  knowledge: CourseKnowledge;
  /** Reads meaning with a language model; null grades with embeddings and rules only. */
  judge: MeaningJudge | null;
  /** Whether the notes cover the question (the scope's judgement, as for ask and search). */
  covers: CoverageCheck;
}
