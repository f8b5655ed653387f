import { z } from 'zod';

/** The page's HTTP API. */

/** GET /api/source?file=…&start=…&end=… */
export const SourceQuery = z.object({
  file: z.string().min(1).max(500),
  start: z.coerce.number().int().min(1),
  end: z.coerce.number().int().min(1),
});
export interface SourceResponse {
  file: string;
  start: number;
  end: number;
  totalLines: number;
  lines: Array<{ n: number; text: string; cited: boolean }>;
}

/** GET /api/info */
export interface InfoResponse {
  questions: number;
  multipleChoice: number;
  /** Languages the quiz questions are asked in (a quiz's `lang` filter accepts these). */
  languages: string[];
  /** Languages the notes are written in, by share of the text, the largest first. */
  courseLanguages: string[];
  files: number;
  semanticSearch: boolean;
  /** Whether a language model is there to explain answers (ask with `explain: true`). */
  explanations: boolean;
  /**
   * Grading: `calibrated` when a decision fitted on this course (by `npm run calibrate`) grades open
   * answers; false after the notes change or for a new course, when grading is conservative.
   */
  grading: { calibrated: boolean; corpus: string };
}

/** GET /api/progress: the student's own progress (by cookie); nobody else's is ever readable. */
export interface ProgressResponse {
  /** The anonymous student id the cookie carries. */
  student: string;
  name?: string;
  /** Graded answers, and how many of them were correct. */
  answered: number;
  correct: number;
  /** Review cards due now. */
  due: number;
  /** When the next card not yet due comes due (ISO time), or null. */
  nextDue: string | null;
  /** Every topic of the course: mastery (Bayesian knowledge tracing, 0–1) and how sure that is (0–1). */
  topics: Array<{ id: string; topic: string; mastery: number; certainty: number; answered: number; correct: number; due: number }>;
  /** Every review card, the soonest due first. */
  schedule: Array<{ questionId: string; question: string; due: string }>;
  /** Graded answers, the most recent first, with the feedback and citations the student got. */
  history: Array<{
    questionId: string;
    question: string;
    verdict: 'correct' | 'partial' | 'incorrect';
    score: number;
    at: string;
    answer: string;
    feedback: string;
    citations: Array<{ file: string; startLine: number; endLine: number; title: string; text: string; source?: string }>;
    topic: string | null;
  }>;
}

/** PUT /api/progress/name: the student's display name (null or empty clears it). */
export const NameBody = z.object({ name: z.string().trim().max(60).nullable() }).strict();

/** Any 4xx/5xx JSON body. */
export interface HttpError {
  error: string;
}
