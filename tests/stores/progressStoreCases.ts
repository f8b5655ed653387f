import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AttemptRecord, CardRecord, ProgressStore } from '../../src/learners/store/progressStore.js';
import { reviewCard } from '../../src/learners/schedule.js';

const attempt = (studentId: string, questionId: string, verdict: AttemptRecord['verdict'], at: Date): AttemptRecord => ({
  id: crypto.randomUUID(),
  studentId,
  questionId,
  question: 'Hva er dropout?',
  verdict,
  score: verdict === 'correct' ? 1 : verdict === 'partial' ? 0.5 : 0,
  answer: 'Å slå av <b>tilfeldige</b> nevroner under trening',
  signals: { by: 'fitted', agreement: 0.8 },
  confidence: 0.9,
  feedback: 'Riktig.',
  citations: [{ file: 'notes.md', startLine: 3, endLine: 4, title: 'Dropout', text: 'Dropout slår av nevroner.' }],
  gradedAt: at,
});

const scheduler = (a: AttemptRecord) => (previous: CardRecord | null) =>
  reviewCard(previous, a.studentId, a.questionId, a.verdict, a.gradedAt);

/**
 * The cases every ProgressStore passes (one case file, as hono runs every router against one): an
 * attempt and its card read back as written, by another handle on the same database too (another
 * replica); a retried write stored once; students never see each other's rows; concurrent answers
 * of one student to one card all counted; a shared setting made once.
 */
export function progressStoreCases(name: string, open: () => Promise<ProgressStore>): void {
  describe(`ProgressStore contract: ${name}`, () => {
    it('reads back an attempt and its card from another handle; another student sees none of it', async () => {
      const [writer, reader] = [await open(), await open()];
      const student = crypto.randomUUID();
      const first = attempt(student, 'q-1', 'correct', new Date('2026-01-01T10:00:00Z'));
      expect(await writer.record(first, scheduler(first))).toBe(true);
      const read = await reader.attempts(student);
      expect(read).toEqual([first]);
      const cards = await reader.cards(student);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({ studentId: student, questionId: 'q-1' });
      expect(cards[0]!.due.getTime()).toBeGreaterThan(first.gradedAt.getTime());
      expect(await reader.attempts(crypto.randomUUID())).toEqual([]);
      expect(await reader.cards(crypto.randomUUID())).toEqual([]);
    });

    it('a retried write (same attempt id) is stored once and does not move the card again', async () => {
      const store = await open();
      const student = crypto.randomUUID();
      const once = attempt(student, 'q-2', 'incorrect', new Date('2026-01-02T10:00:00Z'));
      expect(await store.record(once, scheduler(once))).toBe(true);
      const card = (await store.cards(student))[0]!;
      expect(await store.record(once, scheduler(once))).toBe(false);
      expect(await store.attempts(student)).toHaveLength(1);
      expect((await store.cards(student))[0]).toEqual(card);
    });

    it('schedules from the previous card: a second correct answer pushes the card further out', async () => {
      const store = await open();
      const student = crypto.randomUUID();
      const first = attempt(student, 'q-3', 'correct', new Date('2026-01-03T10:00:00Z'));
      await store.record(first, scheduler(first));
      const firstDue = (await store.cards(student))[0]!.due;
      const second = attempt(student, 'q-3', 'correct', firstDue);
      await store.record(second, scheduler(second));
      const [card] = await store.cards(student);
      expect(card!.state['reps']).toBe(2);
      expect(card!.due.getTime() - firstDue.getTime()).toBeGreaterThan(firstDue.getTime() - first.gradedAt.getTime());
      expect((await store.attempts(student)).map((a) => a.id)).toEqual([first.id, second.id]);
      expect((await store.attempts(student, 1)).map((a) => a.id)).toEqual([second.id]);
    });

    it('concurrent answers of one student to one question are all stored and all counted on the card', async () => {
      const [a, b] = [await open(), await open()];
      const student = crypto.randomUUID();
      const base = Date.parse('2026-01-04T10:00:00Z');
      const attempts = Array.from({ length: 12 }, (_, i) => attempt(student, 'q-4', 'partial', new Date(base + i * 1000)));
      const results = await Promise.all(attempts.map((x, i) => (i % 2 ? a : b).record(x, scheduler(x))));
      expect(results.every(Boolean)).toBe(true);
      expect(await a.attempts(student)).toHaveLength(12);
      expect((await b.cards(student))[0]!.state['reps']).toBe(12);
    });

    it('keeps an attempt without a card (a reference that is not a quiz question)', async () => {
      const store = await open();
      const student = crypto.randomUUID();
      const free = attempt(student, 'q-glossary', 'partial', new Date('2026-01-05T10:00:00Z'));
      expect(await store.record(free, null)).toBe(true);
      expect(await store.attempts(student)).toHaveLength(1);
      expect(await store.cards(student)).toEqual([]);
    });

    it('an override keeps the grader verdict, is read with the attempt by every handle, and reschedules the card from all answers', async () => {
      const [a, b] = [await open(), await open()];
      const student = crypto.randomUUID();
      const wrong = attempt(student, 'q-5', 'incorrect', new Date('2026-01-06T10:00:00Z'));
      await a.record(wrong, scheduler(wrong));
      const before = (await a.cards(student))[0]!;
      const at = new Date('2026-01-06T11:00:00Z');
      const seen: AttemptRecord[][] = [];
      const updated = await b.override(wrong.id, { verdict: 'correct', score: 1, teacher: 'Ms Berg', at }, (history) => {
        seen.push(history);
        return history.reduce<CardRecord | null>(
          (card, x) => reviewCard(card, student, 'q-5', x.override?.verdict ?? x.verdict, x.gradedAt),
          null,
        );
      });
      expect(updated).toMatchObject({ id: wrong.id, verdict: 'incorrect', override: { verdict: 'correct', teacher: 'Ms Berg' } });
      expect(seen[0]!.map((x) => x.id)).toEqual([wrong.id]);
      expect((await a.attempts(student))[0]!.override).toEqual({ verdict: 'correct', score: 1, teacher: 'Ms Berg', at });
      expect((await a.cards(student))[0]!.due.getTime()).toBeGreaterThan(before.due.getTime());
      expect(await a.override('no-such-attempt', { verdict: 'correct', score: 1, teacher: 't', at }, null)).toBeNull();
      expect((await b.classAttempts(100_000)).some((x) => x.id === wrong.id)).toBe(true);
      expect((await b.students()).some((x) => x.id === student)).toBe(true);
    });

    it('keeps refusals, newest first', async () => {
      const store = await open();
      const question = `Hva er ${crypto.randomUUID()}?`;
      await store.recordRefusal({ studentId: 's', question, lang: 'nb', at: new Date() });
      expect((await store.refusals(10))[0]).toMatchObject({ question, lang: 'nb' });
    });

    it('names a student, and a shared setting is made once whoever asks first', async () => {
      const [a, b] = [await open(), await open()];
      const student = crypto.randomUUID();
      expect(await a.student(student)).toBeNull();
      await a.rename(student, 'Ada');
      expect(await b.student(student)).toEqual({ id: student, name: 'Ada' });
      await b.rename(student, null);
      expect(await a.student(student)).toEqual({ id: student, name: null });
      const key = `case-${crypto.randomUUID()}`;
      expect(await a.readSetting(key)).toBeNull();
      const [x, y] = await Promise.all([a.setting(key, () => 'from-a'), b.setting(key, () => 'from-b')]);
      expect(x).toBe(y);
      expect(await b.setting(key, () => 'later')).toBe(x);
      expect(await a.readSetting(key)).toBe(x);
    });

    it('keeps corrections of the notes, oldest first, shared by every handle, and withdraws them', async () => {
      const [a, b] = [await open(), await open()];
      const before = (await a.corrections()).length;
      const made = (at: string) => ({
        id: crypto.randomUUID(),
        file: 'notes.md',
        startLine: 3,
        endLine: 4,
        text: 'The rank is the number of axes.',
        original: 'line three\nline four',
        teacher: 'Ms Berg',
        at: new Date(at),
      });
      const [first, second] = [made('2026-01-01T00:00:00Z'), made('2026-01-02T00:00:00Z')];
      await a.addCorrection(second);
      await a.addCorrection(first);
      const seen = (await b.corrections()).slice(before);
      expect(seen).toEqual([first, second]);
      expect(await b.removeCorrection(first.id)).toBe(true);
      expect(await a.removeCorrection(first.id)).toBe(false);
      expect((await a.corrections()).map((c) => c.id)).not.toContain(first.id);
    });
  });
}
