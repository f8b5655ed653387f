import { createEmptyCard, fsrs, Rating, TypeConvert, type Card, type Grade } from 'ts-fsrs';
import type { GradedVerdict } from '../tutor/types.js';
import type { AttemptRecord, CardRecord } from './store/progressStore.js';

/** FSRS with its published default parameters; no fuzz, so a schedule is reproducible (tests move the clock). */
const scheduler = fsrs({ enable_fuzz: false });

/** How a grade rates the card: correct → Good, partial → Hard, incorrect → Again. */
const RATINGS: Record<GradedVerdict, Grade> = { correct: Rating.Good, partial: Rating.Hard, incorrect: Rating.Again };

function stored(card: Card): Record<string, unknown> {
  return JSON.parse(JSON.stringify(card)) as Record<string, unknown>;
}

/** The card after one more graded answer to its question (a new card when there was none). */
export function reviewCard(
  previous: CardRecord | null,
  studentId: string,
  questionId: string,
  verdict: GradedVerdict,
  now: Date,
): CardRecord {
  const card = previous ? TypeConvert.card(previous.state as never) : createEmptyCard(now);
  const next = scheduler.next(card, now, RATINGS[verdict]).card;
  return { studentId, questionId, due: next.due, state: stored(next) };
}

/** What an attempt counts as: the teacher's verdict when there is one, else the grader's. */
export function effective(attempt: AttemptRecord): { verdict: GradedVerdict; score: number } {
  const { verdict, score } = attempt.override ?? attempt;
  return { verdict, score };
}

/** The card replayed from every attempt at one question, in order, with overrides applied. */
export function replayCard(attempts: readonly AttemptRecord[], studentId: string, questionId: string): CardRecord | null {
  return attempts.reduce<CardRecord | null>(
    (card, attempt) => reviewCard(card, studentId, questionId, effective(attempt).verdict, attempt.gradedAt),
    null,
  );
}
