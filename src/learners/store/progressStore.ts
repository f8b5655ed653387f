import type { Citation, Verdict } from '../../contracts/ws.js';
import type { Correction } from '../../retrieval/corrections/correction.js';

/** One graded answer, as stored: never changed after it is written. */
export interface AttemptRecord {
  /** Chosen by the server before the first try, so a retried write is stored once. */
  id: string;
  studentId: string;
  questionId: string;
  /** The question as the student saw it. */
  question: string;
  verdict: Exclude<Verdict, 'unknown'>;
  score: number;
  answer: string;
  /** The grader's signals (agreement, coverage, rules that fired…) as it reported them. */
  signals: Record<string, unknown>;
  /** How sure the grader was (0–1), when it says. */
  confidence: number | null;
  feedback: string;
  citations: Citation[];
  gradedAt: Date;
  /** A teacher's verdict that replaces the grader's (which stays as `verdict` and `score`). */
  override?: Override;
}

export interface Override {
  verdict: AttemptRecord['verdict'];
  score: number;
  /** Who overrode it (the teacher's name as given, or "teacher"). */
  teacher: string;
  at: Date;
}

/** A question the notes did not cover. */
export interface RefusalRecord {
  studentId: string;
  question: string;
  lang: string;
  at: Date;
}

/** A review card: FSRS's state for one student and question, kept as ts-fsrs writes it. */
export interface CardRecord {
  studentId: string;
  questionId: string;
  due: Date;
  /** ts-fsrs's Card, dates as ISO strings. */
  state: Record<string, unknown>;
}

export interface StudentRecord {
  id: string;
  name: string | null;
}

/**
 * Where students' progress lives: PGlite in TUTOR_DATA_DIR by default, the Postgres of
 * TUTOR_DATABASE_URL when set (replicas share it). Every implementation passes
 * tests/stores/progressStoreCases.ts.
 */
export interface ProgressStore {
  /**
   * Store an attempt and, in the same transaction, the card `schedule` makes from the previous one
   * (null: no card, the question is not a quiz question). Returns false when an attempt with this id
   * was stored already (a retry of a write that did land): nothing changes then.
   */
  record(attempt: AttemptRecord, schedule: ((previous: CardRecord | null) => CardRecord) | null): Promise<boolean>;
  /** The student's attempts, oldest first (the most recent `limit` when given). */
  attempts(studentId: string, limit?: number): Promise<AttemptRecord[]>;
  cards(studentId: string): Promise<CardRecord[]>;
  student(studentId: string): Promise<StudentRecord | null>;
  /** Sets (or with null clears) the display name; creates the student when new. */
  rename(studentId: string, name: string | null): Promise<void>;
  /**
   * Set a teacher's verdict on an attempt and, in the same transaction, the card `reschedule` makes
   * from every attempt of that student at that question (in order, overrides applied; null: no card).
   * Returns the attempt with its override, or null when there is no such attempt.
   */
  override(
    attemptId: string,
    override: Override,
    reschedule: ((attempts: AttemptRecord[]) => CardRecord | null) | null,
  ): Promise<AttemptRecord | null>;
  /** Every student's attempts, oldest first (the most recent `limit`), for the teacher. */
  classAttempts(limit: number): Promise<AttemptRecord[]>;
  /** Every student who has a row (answered or named). */
  students(): Promise<StudentRecord[]>;
  recordRefusal(refusal: RefusalRecord): Promise<void>;
  /** The most recent refusals, newest first. */
  refusals(limit: number): Promise<RefusalRecord[]>;
  /** A value shared by every replica: the first to ask stores `generate()`, the rest read it. */
  setting(key: string, generate: () => string): Promise<string>;
  /** Keep a teacher's correction of the notes. */
  addCorrection(correction: Correction): Promise<void>;
  /** Every correction, oldest first. */
  corrections(): Promise<Correction[]>;
  /** Withdraw a correction; false when there was none with this id. */
  removeCorrection(id: string): Promise<boolean>;
  /** A shared value if one was stored, else null. */
  readSetting(key: string): Promise<string | null>;
}
