import type { EnglishReading } from './reference.js';
import type { CourseKnowledge } from '../knowledge/courseKnowledge.js';
import type { Citation, QuestionLookUp, Verdict } from '../types.js';
import type { MeaningJudge } from './signals/meaning.js';
import type { GradingCalibration } from './calibrated.js';
import type { GradeFeatures } from './features.js';

export interface GradeInput {
  question: string;
  answer: string;
  /** A question from the bank (a quiz question); otherwise the question is matched to the notes. */
  questionId?: string;
  /** Calibration's grading: nobody waits on it, so the language model reads it at the lowest priority. */
  background?: boolean;
}

export interface GradeResult {
  verdict: Verdict;
  score: number;
  feedback: string;
  reference: string;
  citations: Citation[];
  questionId?: string;
  /** What the verdict was decided from (open answers): the fitted decision or the conservative rules. */
  signals?: { by: 'fitted' | 'rules'; features: GradeFeatures; confidence?: number };
}

export interface GradeContext {
  /** The course: its exam questions and grading references, vocabulary, key points and scorers. */
  knowledge: CourseKnowledge;
  /** Reads meaning with a language model; null grades with embeddings and rules only. */
  judge: MeaningJudge | null;
  /** The question looked up as for ask and search; null when the notes do not cover it (the scope's one judgement). */
  lookUp: QuestionLookUp;
  /** Terms of the question the notes never write and the model's reading did not translate (the scope's, as for ask). */
  uncoveredTerms: (question: string) => Promise<string[]>;
  /** The question in English and what it asks about, when the language model read it while judging coverage. */
  englishReading?: EnglishReading;
  /** The grader fitted on this course by `npm run calibrate`; null grades by the conservative rules. */
  calibration: GradingCalibration | null;
}
