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

/** Any 4xx/5xx JSON body. */
export interface HttpError {
  error: string;
}
