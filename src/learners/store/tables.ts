import type { ColumnType, Generated, Selectable } from 'kysely';
import type { AttemptRecord, CardRecord } from './progressStore.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** The progress database's tables, as Kysely types them. */
export interface Tables {
  tutor_settings: { key: string; value: string };
  tutor_students: { id: string; name: string | null; created_at: Generated<Timestamp> };
  tutor_attempts: {
    id: string;
    seq: Generated<string>;
    student_id: string;
    question_id: string;
    question: string;
    verdict: string;
    score: number;
    answer: string;
    signals: Json<Record<string, unknown>>;
    confidence: number | null;
    feedback: string;
    citations: Json<AttemptRecord['citations']>;
    graded_at: Timestamp;
  };
  tutor_cards: { student_id: string; question_id: string; due: Timestamp; state: Json<Record<string, unknown>> };
  tutor_overrides: { attempt_id: string; verdict: string; score: number; teacher: string; at: Timestamp };
  tutor_corrections: {
    id: string;
    file: string;
    start_line: number;
    end_line: number;
    text: string;
    original: string;
    teacher: string;
    at: Timestamp;
  };
  tutor_refusals: { seq: Generated<string>; student_id: string; question: string; lang: string; at: Timestamp };
}

export type AttemptRow = Selectable<Tables['tutor_attempts']> & {
  override_verdict: string | null;
  override_score: number | null;
  override_teacher: string | null;
  override_at: Date | string | null;
};

export function toAttempt(row: AttemptRow): AttemptRecord {
  const override =
    row.override_verdict === null
      ? {}
      : {
          override: {
            verdict: row.override_verdict as AttemptRecord['verdict'],
            score: Number(row.override_score),
            teacher: row.override_teacher ?? 'teacher',
            at: new Date(row.override_at!),
          },
        };
  return {
    ...override,
    id: row.id,
    studentId: row.student_id,
    questionId: row.question_id,
    question: row.question,
    verdict: row.verdict as AttemptRecord['verdict'],
    score: Number(row.score),
    answer: row.answer,
    signals: row.signals,
    confidence: row.confidence === null ? null : Number(row.confidence),
    feedback: row.feedback,
    citations: row.citations,
    gradedAt: new Date(row.graded_at),
  };
}

export function toCard(row: Selectable<Tables['tutor_cards']>): CardRecord {
  return { studentId: row.student_id, questionId: row.question_id, due: new Date(row.due), state: row.state };
}
