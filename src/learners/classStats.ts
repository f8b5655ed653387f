import { normaliseForComparison } from '../text/normalise.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import { effective } from './schedule.js';
import type { AttemptRecord, RefusalRecord } from './store/progressStore.js';

/** A grade is worth the teacher's look when the grader's own probability gives neither verdict 3:1 odds. */
const UNSURE_ODDS = 3;
/** Students needed before a question's discrimination means anything. */
const MIN_STUDENTS_FOR_DISCRIMINATION = 3;

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / n;
  const [mx, my] = [mean(xs), mean(ys)];
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [dx, dy] = [xs[i]! - mx, ys[i]! - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const average = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export interface QuestionStats {
  questionId: string;
  answered: number;
  students: number;
  /** Share of answers graded correct (overrides applied): the question's easiness. */
  shareCorrect: number;
  /** How well it separates strong from weak students: the correlation of a student's score on it with their score on the rest (null: too few students). */
  discrimination: number | null;
}

/** Difficulty and discrimination (item–rest correlation) of every question answered. */
export function questionStats(attempts: readonly AttemptRecord[]): QuestionStats[] {
  const byStudentQuestion = new Map<string, Map<string, number[]>>();
  for (const attempt of attempts) {
    const mine = byStudentQuestion.get(attempt.studentId) ?? new Map<string, number[]>();
    mine.set(attempt.questionId, [...(mine.get(attempt.questionId) ?? []), effective(attempt).score]);
    byStudentQuestion.set(attempt.studentId, mine);
  }
  const questionIds = [...new Set(attempts.map((a) => a.questionId))];
  return questionIds.map((questionId) => {
    const mine = attempts.filter((a) => a.questionId === questionId);
    const item: number[] = [];
    const rest: number[] = [];
    for (const scores of byStudentQuestion.values()) {
      const here = scores.get(questionId);
      const others = [...scores].filter(([id]) => id !== questionId).flatMap(([, s]) => s);
      if (!here || others.length === 0) continue;
      item.push(average(here));
      rest.push(average(others));
    }
    return {
      questionId,
      answered: mine.length,
      students: new Set(mine.map((a) => a.studentId)).size,
      shareCorrect: mine.filter((a) => effective(a).verdict === 'correct').length / mine.length,
      discrimination: item.length >= MIN_STUDENTS_FOR_DISCRIMINATION ? pearson(item, rest) : null,
    };
  });
}

/** The options chosen that are not right, per multiple-choice question, the most chosen first. */
export function wrongOptions(
  attempts: readonly AttemptRecord[],
  question: (id: string) => BankQuestion | undefined,
): Array<{ questionId: string; label: string; text: string; count: number }> {
  const counts = new Map<string, { questionId: string; label: string; text: string; count: number }>();
  for (const attempt of attempts) {
    const q = question(attempt.questionId);
    if (q?.kind !== 'mcq' || !q.options) continue;
    const chosen = new Set(
      attempt.answer
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean),
    );
    for (const option of q.options) {
      if (!chosen.has(option.label.toUpperCase()) || q.correct?.includes(option.label)) continue;
      const key = `${q.id}\0${option.label}`;
      const entry = counts.get(key) ?? { questionId: q.id, label: option.label, text: option.text, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

/** Why a grade is listed for the teacher's review. */
export type UnsureReason = 'partial' | 'uncertain' | 'rules';

/** Grades the grader was unsure of and nobody has overridden: partial ones, fitted ones within 3:1 odds, open answers graded by the conservative rules. */
export function unsureReason(attempt: AttemptRecord, question: BankQuestion | undefined): UnsureReason | null {
  if (attempt.override) return null;
  if (attempt.verdict === 'partial') return 'partial';
  const p = attempt.confidence;
  if (p !== null && p > 1 / (1 + UNSURE_ODDS) && p < UNSURE_ODDS / (1 + UNSURE_ODDS)) return 'uncertain';
  if (attempt.signals['by'] === 'rules' && question?.kind !== 'mcq') return 'rules';
  return null;
}

/** The questions the notes did not cover, grouped by what was asked, the most asked first. */
export function gaps(refusals: readonly RefusalRecord[]): Array<{ question: string; lang: string; count: number; last: string }> {
  const grouped = new Map<string, { question: string; lang: string; count: number; last: string }>();
  for (const refusal of refusals) {
    const key = normaliseForComparison(refusal.question);
    const entry = grouped.get(key) ?? { question: refusal.question, lang: refusal.lang, count: 0, last: refusal.at.toISOString() };
    entry.count++;
    if (refusal.at.toISOString() > entry.last) entry.last = refusal.at.toISOString();
    grouped.set(key, entry);
  }
  return [...grouped.values()].sort((a, b) => b.count - a.count || b.last.localeCompare(a.last));
}
