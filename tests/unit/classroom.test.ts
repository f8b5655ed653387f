import { describe, expect, it } from 'vitest';
import { gaps, questionStats, unsureReason, wrongOptions } from '../../src/learners/classStats.js';
import type { AttemptRecord } from '../../src/learners/store/progressStore.js';
import type { BankQuestion } from '../../src/tutor/knowledge/bank.js';
import { toCsv } from '../../src/server/teacher/csv.js';

let seq = 0;
const attempt = (studentId: string, questionId: string, score: number, extra: Partial<AttemptRecord> = {}): AttemptRecord => ({
  id: `a${seq++}`,
  studentId,
  questionId,
  question: questionId,
  verdict: score === 1 ? 'correct' : score === 0 ? 'incorrect' : 'partial',
  score,
  answer: '',
  signals: {},
  confidence: null,
  feedback: '',
  citations: [],
  gradedAt: new Date(0),
  ...extra,
});

describe('class statistics', () => {
  it('share correct and discrimination: a question the strong students get and the weak miss discriminates positively', () => {
    const students = ['s1', 's2', 's3', 's4'];
    const strength = [1, 1, 0, 0];
    const attempts = students.flatMap((s, i) => [
      attempt(s, 'easy', 1),
      attempt(s, 'hard', strength[i]!),
      attempt(s, 'other', strength[i]!),
      attempt(s, 'another', strength[i]!),
      attempt(s, 'odd', 1 - strength[i]!),
    ]);
    const stats = new Map(questionStats(attempts).map((q) => [q.questionId, q]));
    expect(stats.get('easy')!.shareCorrect).toBe(1);
    expect(stats.get('easy')!.discrimination).toBeNull();
    expect(stats.get('hard')!.shareCorrect).toBe(0.5);
    expect(stats.get('hard')!.discrimination!).toBeGreaterThan(0);
    expect(stats.get('odd')!.discrimination!).toBeLessThan(0);
    expect(questionStats(attempts.slice(0, 10)).find((q) => q.questionId === 'hard')!.discrimination).toBeNull();
  });

  it('an override counts instead of the grade', () => {
    const overridden = attempt('s1', 'q', 0, { override: { verdict: 'correct', score: 1, teacher: 't', at: new Date(0) } });
    expect(questionStats([overridden])[0]!.shareCorrect).toBe(1);
  });

  it('counts the wrong options picked, never the right ones', () => {
    const question = {
      id: 'mcq',
      kind: 'mcq',
      options: [
        { label: 'A', text: 'right' },
        { label: 'B', text: 'wrong' },
        { label: 'C', text: 'also wrong' },
      ],
      correct: ['A'],
    } as unknown as BankQuestion;
    const picks = ['B', 'b', 'A, C', 'A'].map((answer) => attempt('s', 'mcq', 0, { answer }));
    expect(wrongOptions(picks, (id) => (id === 'mcq' ? question : undefined))).toEqual([
      { questionId: 'mcq', label: 'B', text: 'wrong', count: 2 },
      { questionId: 'mcq', label: 'C', text: 'also wrong', count: 1 },
    ]);
  });

  it('lists for review partial grades and grades within 3:1 odds, not overridden ones', () => {
    expect(unsureReason(attempt('s', 'q', 0.5), undefined)).toBe('partial');
    expect(unsureReason(attempt('s', 'q', 1, { confidence: 0.7 }), undefined)).toBe('uncertain');
    expect(unsureReason(attempt('s', 'q', 1, { confidence: 0.9 }), undefined)).toBeNull();
    expect(unsureReason(attempt('s', 'q', 0, { confidence: 0.2 }), undefined)).toBeNull();
    expect(unsureReason(attempt('s', 'q', 0, { signals: { by: 'rules' } }), undefined)).toBe('rules');
    const done = attempt('s', 'q', 0.5, { override: { verdict: 'correct', score: 1, teacher: 't', at: new Date(0) } });
    expect(unsureReason(done, undefined)).toBeNull();
  });

  it('groups refusals by what was asked', () => {
    const at = (s: number) => new Date(s * 1000);
    const grouped = gaps([
      { studentId: 'a', question: 'Hva er XGBoost?', lang: 'nb', at: at(1) },
      { studentId: 'b', question: 'hva er xgboost', lang: 'nb', at: at(3) },
      { studentId: 'c', question: 'What is SQL?', lang: 'en', at: at(2) },
    ]);
    expect(grouped.map((g) => g.count)).toEqual([2, 1]);
    expect(grouped[0]!.last).toBe(at(3).toISOString());
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and defuses cells a spreadsheet would run', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['=SUM(A1)', 'plain'],
        ['+1', '-2'],
        ['@cmd', 'comma, "quote"\nline'],
        [null, 3],
      ],
    );
    expect(csv.split('\r\n')).toEqual(['a,b', "'=SUM(A1),plain", "'+1,'-2", `'@cmd,"comma, ""quote""\nline"`, ',3', '']);
  });
});
