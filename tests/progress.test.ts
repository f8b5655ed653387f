import crypto from 'node:crypto';
import { openDatabase } from '../src/index/stores/postgres/database.js';
import { Learners } from '../src/learners/learners.js';
import { SqlProgressStore } from '../src/learners/store/sqlProgressStore.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabases } from '../src/app/open.js';
import type { TutorConfig } from '../src/config.js';
import { startLocalPostgres, type LocalPostgres } from '../bench/postgresServer.js';
import { Client, newStudent, progressOf, serveWorkspace, startTestServer, type Frame, type TestServer } from './helpers/server.js';
import { MODELS } from './helpers/env.js';
import type { ProgressResponse } from '../src/contracts/http.js';

/**
 * Students' progress over a real server: anonymous students by signed cookie, graded answers and
 * review cards in the real database (PGlite in the data folder, and the real PostgreSQL 16 that
 * `setup-models` unpacks), a clock the test moves, a restart that loses nothing.
 */
const DAY_MS = 24 * 3600 * 1000;

describe.each(['pglite', 'postgres'] as const)('progress on %s', (engine) => {
  let ctx: TestServer;
  let postgres: LocalPostgres | undefined;
  let now = Date.parse('2026-03-02T09:00:00Z');
  const clock = () => new Date(now);

  beforeAll(async () => {
    if (engine === 'postgres') postgres = await startLocalPostgres(MODELS);
    const configure = (config: TutorConfig): TutorConfig => (postgres ? { ...config, databaseUrl: postgres.url } : config);
    ctx = await startTestServer(`progress-${engine}`, undefined, configure, clock);
  });

  afterAll(async () => {
    await ctx?.server.close();
    await closeDatabases();
    await postgres?.stop();
  });

  /** Answers a multiple-choice quiz question, right or wrong on purpose; returns the question and the grade. */
  async function answerQuiz(client: Client, id: string, right: boolean, extra: Record<string, unknown> = {}): Promise<[Frame, Frame]> {
    const question = await client.request({ type: 'quiz', id: `q-${id}`, kind: 'mcq', ...extra });
    expect(question.type, JSON.stringify(question)).toBe('question');
    const bank = ctx.tutor.bank.find((q) => q.id === question.questionId)!;
    const labels = (question.options as Array<{ label: string }>).map((o) => o.label);
    const text = right ? bank.correct!.join(', ') : labels.find((l) => !bank.correct!.includes(l))!;
    const grade = await client.request({ type: 'answer', id: `a-${id}`, questionId: question.questionId, text });
    return [question, grade];
  }

  it('a student answers three questions and sees the same progress from a new connection; another student sees none of it', async () => {
    const cookie = await newStudent(ctx.server);
    const tab = await Client.connect(ctx.server, cookie);
    const grades: Frame[] = [];
    for (const [i, right] of [true, false, true].entries()) {
      const [, grade] = await answerQuiz(tab, `three-${i}`, right);
      expect(grade).toMatchObject({ type: 'grade', verdict: right ? 'correct' : 'incorrect', saved: true });
      expect(typeof grade.topic).toBe('string');
      expect(grade.mastery).toBeGreaterThan(0);
      grades.push(grade);
    }
    tab.close();
    const mine = await progressOf(ctx.server, cookie);
    expect(mine).toMatchObject({ answered: 3, correct: 2 });
    expect(mine.history.map((h) => h.questionId)).toEqual(grades.map((g) => g.questionId).reverse());
    expect(mine.history[0]!.citations.length).toBeGreaterThan(0);
    expect(mine.schedule).toHaveLength(new Set(grades.map((g) => g.questionId)).size);
    const topic = mine.topics.find((t) => t.topic === grades[2]!.topic)!;
    expect(topic.answered).toBeGreaterThan(0);
    expect(topic.mastery).toBeCloseTo(grades[2]!.mastery as number, 6);

    const other = await newStudent(ctx.server);
    expect(other).not.toBe(cookie);
    const theirs = await progressOf(ctx.server, other);
    expect(theirs).toMatchObject({ answered: 0, correct: 0, due: 0, history: [], schedule: [] });
    expect(theirs.student).not.toBe(mine.student);
  });

  it('a forged or unsigned cookie reads nothing and is a new student', async () => {
    const cookie = await newStudent(ctx.server);
    const tab = await Client.connect(ctx.server, cookie);
    await answerQuiz(tab, 'forge', true);
    tab.close();
    const real = await progressOf(ctx.server, cookie);
    const value = decodeURIComponent(cookie.split('=')[1]!);
    const forged = `tutor_student=${encodeURIComponent(value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA'))}`;
    const unsigned = `tutor_student=${real.student}`;
    for (const fake of [forged, unsigned]) {
      const seen = await progressOf(ctx.server, fake);
      expect(seen.student).not.toBe(real.student);
      expect(seen.answered).toBe(0);
      const socket = await Client.connect(ctx.server, fake);
      const [, grade] = await answerQuiz(socket, `fake-${fake.length}`, true);
      expect(grade.saved).toBe(true);
      socket.close();
    }
    expect((await progressOf(ctx.server, cookie)).answered).toBe(real.answered);
  });

  it('a card comes due when the clock moves, and review serves it; before that it says when', async () => {
    const cookie = await newStudent(ctx.server);
    const tab = await Client.connect(ctx.server, cookie);
    const empty = await tab.request({ type: 'quiz', id: 'r0', mode: 'review' });
    expect(empty).toEqual({ type: 'nothing_due', id: 'r0', nextDue: null });
    const [question] = await answerQuiz(tab, 'due', false);
    const notYet = await tab.request({ type: 'quiz', id: 'r1', mode: 'review' });
    expect(notYet.type).toBe('nothing_due');
    const due = Date.parse(String(notYet.nextDue));
    expect(due).toBeGreaterThan(now);
    now = due + 1000;
    expect((await progressOf(ctx.server, cookie)).due).toBe(1);
    const review = await tab.request({ type: 'quiz', id: 'r2', mode: 'review' });
    expect(review).toMatchObject({ type: 'question', questionId: question.questionId, review: true });
    tab.close();
    now += DAY_MS;
  });

  it('a plain quiz does not repeat what the student just had; weakest serves the least mastered topic', async () => {
    const cookie = await newStudent(ctx.server);
    const tab = await Client.connect(ctx.server, cookie);
    const answered = new Set<string>();
    for (let i = 0; i < 3; i++) answered.add(String((await answerQuiz(tab, `fresh-${i}`, true))[0].questionId));
    for (let i = 0; i < 5; i++) {
      const next = await tab.request({ type: 'quiz', id: `n-${i}`, kind: 'mcq' });
      expect(answered.has(String(next.questionId))).toBe(false);
    }
    const [, wrong] = await answerQuiz(tab, 'weak', false);
    const progress = await progressOf(ctx.server, cookie);
    expect(progress.topics.find((t) => t.topic === wrong.topic)!.answered).toBeGreaterThan(0);
    const weakest = [...progress.topics].sort(
      (a, b) => a.mastery - b.mastery || a.answered - b.answered || a.topic.localeCompare(b.topic),
    )[0]!;
    const served = await tab.request({ type: 'quiz', id: 'w', mode: 'weakest' });
    expect(served).toMatchObject({ type: 'question', topic: weakest.topic });
    tab.close();
  });

  it('a display name is set and validated; a malformed body is a 400', async () => {
    const cookie = await newStudent(ctx.server);
    const put = (body: string) =>
      fetch(`http://127.0.0.1:${ctx.server.port}/api/progress/name`, {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json' },
        body,
      });
    expect((await put(JSON.stringify({ name: 'Kari' }))).status).toBe(200);
    expect((await progressOf(ctx.server, cookie)).name).toBe('Kari');
    expect((await put('{"name": ')).status).toBe(400);
    expect((await put(JSON.stringify({ name: 'x'.repeat(200) }))).status).toBe(400);
    expect((await put(JSON.stringify({ name: 'Kari', admin: true }))).status).toBe(400);
    expect((await progressOf(ctx.server, cookie)).name).toBe('Kari');
  });

  it('a grade whose write keeps failing is reported unsaved after the retries, never silently dropped', async () => {
    const db = await openDatabase('pglite:memory');
    const learners = new Learners(await SqlProgressStore.open(db), ctx.course, clock);
    await db.close();
    const question = ctx.tutor.bank.find((q) => q.kind === 'mcq')!;
    const result = await ctx.tutor.grade({ question: question.text, answer: question.correct!.join(', '), questionId: question.id });
    const started = Date.now();
    const recorded = await learners.record({ studentId: crypto.randomUUID(), question: question.text, answer: 'A', result });
    expect(recorded?.saved).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it.runIf(engine === 'pglite')('topic names come in the language asked for, translated once and kept in the database', async () => {
    const cookie = await newStudent(ctx.server);
    const get = (query: string) => fetch(`http://127.0.0.1:${ctx.server.port}/api/progress${query}`, { headers: { cookie } });
    expect((await get('?lang=xx')).status).toBe(400);
    const first = (await (await get('?lang=sv')).json()) as ProgressResponse;
    for (const topic of first.topics) expect(topic.label.length).toBeGreaterThan(0);
    const labels = await ctx.learners.topicLabelsSettled('sv');
    // The real model translates some of this course's names into Swedish (each one translating back to its name).
    expect(Object.keys(labels).length).toBeGreaterThan(0);
    const translated = (await (await get('?lang=sv')).json()) as ProgressResponse;
    for (const topic of translated.topics) expect(topic.label).toBe(labels[topic.topic] ?? topic.topic);
    expect(translated.topics.some((t) => t.label !== t.topic)).toBe(true);
    // English is how these notes name their topics: nothing to translate.
    expect(await ctx.learners.topicLabelsSettled('en')).toEqual({});
  });

  it('a restarted server still has every student and signs the same cookies', async () => {
    const cookie = await newStudent(ctx.server);
    const tab = await Client.connect(ctx.server, cookie);
    await answerQuiz(tab, 'restart', true);
    tab.close();
    const before = await progressOf(ctx.server, cookie);
    await ctx.server.close();
    await closeDatabases();
    ctx = await serveWorkspace(ctx.config, ctx.corpusDir, clock);
    const after = await progressOf(ctx.server, cookie);
    expect(after.student).toBe(before.student);
    expect(after.history).toEqual(before.history);
    expect(after.answered).toBe(before.answered);
    if (engine === 'pglite') {
      // The translated topic names are read back, not asked of the model again.
      const response = await fetch(`http://127.0.0.1:${ctx.server.port}/api/progress?lang=sv`, { headers: { cookie } });
      const labelled = ((await response.json()) as ProgressResponse).topics;
      expect(labelled.some((t) => t.label !== t.topic)).toBe(true);
    }
  });
});
