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
  /** Teachers' corrections of lines in view: those lines are wrong, `text` is right (the page strikes them through). */
  corrections?: Array<{ startLine: number; endLine: number; text: string; teacher: string; at: string }>;
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
  /**
   * Every topic of the course: mastery (Bayesian knowledge tracing, 0–1) and how sure that is (0–1).
   * `topic` is its name as the notes write it (what `topic` means everywhere else); `label` the name in
   * the language asked with `?lang=` once the language model has translated it, else `topic`.
   */
  topics: Array<{
    id: string;
    topic: string;
    label: string;
    mastery: number;
    certainty: number;
    answered: number;
    correct: number;
    due: number;
  }>;
  /** Every review card, the soonest due first. */
  schedule: Array<{ questionId: string; question: string; due: string }>;
  /** Graded answers, the most recent first, with the feedback and citations the student got. */
  history: Array<{
    questionId: string;
    question: string;
    verdict: 'correct' | 'partial' | 'incorrect';
    score: number;
    /** The teacher corrected the grader's verdict (shown here); the grader's is kept for the teacher. */
    corrected?: boolean;
    at: string;
    answer: string;
    feedback: string;
    citations: Array<{ file: string; startLine: number; endLine: number; title: string; text: string; source?: string }>;
    topic: string | null;
  }>;
}

/** PUT /api/progress/name: the student's display name (null or empty clears it). */
export const NameBody = z.object({ name: z.string().trim().max(60).nullable() }).strict();

/** GET /api/teacher/overview (Authorization: Bearer <teacher token>): the class as the teacher sees it. */
export interface TeacherOverview {
  /** `label`: the name in the language asked with `?lang=`, as in ProgressResponse. */
  topics: Array<{ id: string; topic: string; label: string }>;
  /** The course files (what a correction can mark), each with its readable name. */
  files: Array<{ file: string; name: string }>;
  /** Every student with a graded answer: their mastery per topic id they answered (Bayesian knowledge tracing, 0–1). */
  students: Array<{ student: string; name: string | null; answered: number; correct: number; mastery: Record<string, number> }>;
  /** Every question answered: share correct (easiness) and discrimination (item–rest correlation; null with under 3 students). */
  questions: Array<{
    questionId: string;
    question: string;
    topic: string | null;
    answered: number;
    students: number;
    shareCorrect: number;
    discrimination: number | null;
  }>;
  /** Wrong options students picked, the most picked first. */
  wrongOptions: Array<{ questionId: string; question: string; label: string; text: string; count: number }>;
  /** Grades the grader was unsure of (partial; fitted within 3:1 odds; open answers graded by rules), not yet overridden. */
  review: TeacherGrade[];
  /** Grades a teacher changed, with the grader's original. */
  overrides: TeacherGrade[];
  /** Questions the notes did not cover, grouped, the most asked first. */
  gaps: Array<{ question: string; lang: string; count: number; last: string }>;
}

/** One graded answer as the teacher sees it. */
export interface TeacherGrade {
  /** The id POST /api/teacher/grades/:id takes. */
  attemptId: string;
  student: string;
  name: string | null;
  questionId: string;
  question: string;
  answer: string;
  /** The grader's verdict and score, and the teacher's when overridden. */
  verdict: 'correct' | 'partial' | 'incorrect';
  score: number;
  confidence: number | null;
  gradedAt: string;
  reason?: 'partial' | 'uncertain' | 'rules';
  override?: { verdict: 'correct' | 'partial' | 'incorrect'; score: number; teacher: string; at: string };
}

/** POST /api/teacher/grades/:id */
export const OverrideBody = z
  .object({ verdict: z.enum(['correct', 'partial', 'incorrect']), teacher: z.string().trim().max(60).optional() })
  .strict();

/** Lines a correction may cover at most (a passage, not a file). */
export const MAX_CORRECTION_LINES = 200;

/** POST /api/teacher/corrections: lines startLine..endLine (1-based, inclusive) of a course file are wrong; `text` is right. */
export const CorrectionBody = z
  .object({
    file: z.string().min(1).max(400),
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    text: z.string().trim().min(1, 'must not be empty').max(4000),
    teacher: z.string().trim().max(60).optional(),
  })
  .strict()
  .refine((b) => b.startLine <= b.endLine && b.endLine - b.startLine < MAX_CORRECTION_LINES, {
    message: `startLine..endLine must be a range of at most ${MAX_CORRECTION_LINES} lines`,
  });

/**
 * A correction as the teacher sees it (GET /api/teacher/corrections, and the reply to POST).
 * `status`: `applied` at its lines; `moved` (the file changed above it; `appliesAt` says where it
 * stands now); `stale` (the passage it corrects is gone from the file: not applied; re-check it); `superseded` (a newer correction covers some of its lines).
 */
export interface TeacherCorrection {
  id: string;
  file: string;
  startLine: number;
  endLine: number;
  text: string;
  /** The marked lines as they read when the teacher corrected them. */
  original: string;
  teacher: string;
  at: string;
  status: 'applied' | 'moved' | 'stale' | 'superseded';
  appliesAt?: { startLine: number; endLine: number };
}

/** Any 4xx/5xx JSON body. */
export interface HttpError {
  error: string;
}
