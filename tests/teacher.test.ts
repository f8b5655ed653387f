import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabases } from '../src/app/open.js';
import type { TutorConfig } from '../src/config.js';
import type { TeacherOverview } from '../src/contracts/http.js';
import { startLocalPostgres, type LocalPostgres } from '../bench/postgresServer.js';
import { Client, newStudent, progressOf, serveWorkspace, startTestServer, type Frame, type TestServer } from './helpers/server.js';
import { MODELS } from './helpers/env.js';

/**
 * The teacher's endpoints over a real server and database (PGlite, and the real PostgreSQL with a
 * second replica on it): the token, the class overview, overrides the student sees, the CSV export.
 */
describe.each(['pglite', 'postgres'] as const)('teacher endpoints on %s', (engine) => {
  let ctx: TestServer;
  let postgres: LocalPostgres | undefined;
  let base: string;
  const auth = () => ({ authorization: `Bearer ${ctx.teacherToken}` });

  beforeAll(async () => {
    if (engine === 'postgres') postgres = await startLocalPostgres(MODELS);
    const configure = (config: TutorConfig): TutorConfig => (postgres ? { ...config, databaseUrl: postgres.url } : config);
    ctx = await startTestServer(`teacher-${engine}`, undefined, configure);
    base = `http://127.0.0.1:${ctx.server.port}`;
  });

  afterAll(async () => {
    await ctx?.server.close();
    await closeDatabases();
    await postgres?.stop();
  });

  /** A multiple-choice question answered right or wrong on purpose. */
  async function answer(client: Client, id: string, right: boolean): Promise<Frame> {
    const question = await client.request({ type: 'quiz', id: `q-${id}`, kind: 'mcq' });
    const bank = ctx.tutor.bank.find((q) => q.id === question.questionId)!;
    const labels = (question.options as Array<{ label: string }>).map((o) => o.label);
    const text = right ? bank.correct!.join(', ') : labels.find((l) => !bank.correct!.includes(l))!;
    return client.request({ type: 'answer', id: `a-${id}`, questionId: question.questionId, text });
  }

  const overview = async (at = base): Promise<TeacherOverview> => {
    const response = await fetch(`${at}/api/teacher/overview`, { headers: auth() });
    expect(response.status).toBe(200);
    return (await response.json()) as TeacherOverview;
  };

  it('refuses every teacher endpoint without the token or with a wrong one', async () => {
    for (const [method, url] of [
      ['GET', '/api/teacher/overview'],
      ['GET', '/api/teacher/export.csv'],
      ['POST', '/api/teacher/grades/anything'],
    ] as const) {
      expect((await fetch(`${base}${url}`, { method })).status).toBe(401);
      expect((await fetch(`${base}${url}`, { method, headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    }
  });

  it('shows the class: two students, mastery by topic, question statistics, wrong options and gaps', async () => {
    const [ada, bo] = [await newStudent(ctx.server), await newStudent(ctx.server)];
    await fetch(`${base}/api/progress/name`, {
      method: 'PUT',
      headers: { cookie: ada, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '=HYPERLINK("http://evil")' }),
    });
    const [a, b] = [await Client.connect(ctx.server, ada), await Client.connect(ctx.server, bo)];
    await answer(a, 'a1', true);
    await answer(b, 'b1', false);
    const gap = await b.request({ type: 'ask', id: 'gap', text: 'Hvordan baker man surdeigsbrød?' });
    expect(gap.grounded).toBe(false);
    a.close();
    b.close();
    const view = await overview();
    const ids = [(await progressOf(ctx.server, ada)).student, (await progressOf(ctx.server, bo)).student];
    const students = view.students.filter((s) => ids.includes(s.student));
    expect(students).toHaveLength(2);
    expect(students.find((s) => s.student === ids[0])!.name).toBe('=HYPERLINK("http://evil")');
    // Mastery for the topics each has answered, and only those.
    const topicIds = view.topics.map((t) => t.id);
    for (const s of students) {
      expect(Object.keys(s.mastery).length).toBeGreaterThan(0);
      for (const id of Object.keys(s.mastery)) expect(topicIds).toContain(id);
    }
    expect(view.questions.length).toBeGreaterThan(0);
    for (const q of view.questions) expect(q.shareCorrect).toBeGreaterThanOrEqual(0);
    expect(view.wrongOptions.length).toBeGreaterThan(0);
    expect(view.gaps.map((g) => g.question)).toContain('Hvordan baker man surdeigsbrød?');
  });

  it('an override changes the grade the student sees, their mastery and their review card; the original stays for the teacher', async () => {
    const cookie = await newStudent(ctx.server);
    const client = await Client.connect(ctx.server, cookie);
    const wrong = await answer(client, 'ov', false);
    client.close();
    expect(wrong.verdict).toBe('incorrect');
    const before = await progressOf(ctx.server, cookie);
    const mine = (await overview()).students.find((s) => s.student === before.student)!;
    expect(mine.correct).toBe(0);
    const all = await fetch(`${base}/api/teacher/export.csv`, { headers: auth() }).then((r) => r.text());
    const attemptId = all
      .split('\r\n')
      .find((line) => line.includes(before.student) && line.includes(String(wrong.questionId)))!
      .split(',')[0]!;

    expect(
      (
        await fetch(`${base}/api/teacher/grades/${attemptId}`, {
          method: 'POST',
          headers: { ...auth(), 'content-type': 'application/json' },
          body: '{"verdict": "maybe"}',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await fetch(`${base}/api/teacher/grades/nope`, {
          method: 'POST',
          headers: { ...auth(), 'content-type': 'application/json' },
          body: '{"verdict": "correct"}',
        })
      ).status,
    ).toBe(404);
    const changed = await fetch(`${base}/api/teacher/grades/${attemptId}`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'correct', teacher: 'Ms Berg' }),
    });
    expect(changed.status).toBe(200);

    const after = await progressOf(ctx.server, cookie);
    expect(after.correct).toBe(1);
    expect(after.history[0]).toMatchObject({ verdict: 'correct', score: 1, corrected: true });
    const topic = after.history[0]!.topic!;
    const mastery = (p: typeof after) => p.topics.find((t) => t.topic === topic)!.mastery;
    expect(mastery(after)).toBeGreaterThan(mastery(before));
    expect(Date.parse(after.schedule[0]!.due)).toBeGreaterThan(Date.parse(before.schedule[0]!.due));
    const listed = (await overview()).overrides.find((o) => o.attemptId === attemptId)!;
    expect(listed).toMatchObject({ verdict: 'incorrect', override: { verdict: 'correct', teacher: 'Ms Berg' } });
  });

  it('exports every grade as CSV, with cells a spreadsheet would run escaped', async () => {
    const response = await fetch(`${base}/api/teacher/export.csv`, { headers: auth() });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await response.text();
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'attempt_id,student,name,question_id,question,topic,answer,verdict,score,grader_verdict,grader_score,grader_confidence,graded_at,overridden_by,overridden_at',
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  if (engine === 'postgres')
    it('a second replica on the same database sees the grades at once, and an override made there holds here', async () => {
      const replica = (await serveWorkspace(ctx.config, ctx.corpusDir)).server;
      try {
        const cookie = await newStudent(ctx.server);
        const client = await Client.connect(ctx.server, cookie);
        const grade = await answer(client, 'rep', false);
        client.close();
        const there = await progressOf(replica, cookie);
        expect(there.answered).toBe(1);
        expect(there.history[0]!.questionId).toBe(grade.questionId);
        const other = `http://127.0.0.1:${replica.port}`;
        const view = await overview(other);
        const attempt =
          view.review.concat(view.overrides).find((g) => g.student === there.student) ??
          (await fetch(`${other}/api/teacher/export.csv`, { headers: auth() }).then((r) => r.text()))
            .split('\r\n')
            .filter((line) => line.includes(there.student))
            .map((line) => ({ attemptId: line.split(',')[0]! }))[0]!;
        const set = await fetch(`${other}/api/teacher/grades/${attempt.attemptId}`, {
          method: 'POST',
          headers: { ...auth(), 'content-type': 'application/json' },
          body: JSON.stringify({ verdict: 'partial' }),
        });
        expect(set.status).toBe(200);
        expect((await progressOf(ctx.server, cookie)).history[0]).toMatchObject({ verdict: 'partial', corrected: true });
      } finally {
        await replica.close();
      }
    });

  it('an address that keeps sending wrong tokens is refused for a while, even with the right one', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++)
      codes.push((await fetch(`${base}/api/teacher/overview`, { headers: { authorization: `Bearer wrong-${i}` } })).status);
    expect(codes).toContain(429);
    expect((await fetch(`${base}/api/teacher/overview`, { headers: auth() })).status).toBe(429);
  });
});
