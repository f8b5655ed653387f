import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabases, openRetriever } from '../src/app/open.js';
import type { TutorConfig } from '../src/config.js';
import type { SourceResponse, TeacherCorrection } from '../src/contracts/http.js';
import { startLocalPostgres, type LocalPostgres } from '../bench/postgresServer.js';
import { Client, newStudent, serveWorkspace, startTestServer, type Frame, type TestServer } from './helpers/server.js';
import { MODELS } from './helpers/env.js';

/**
 * A teacher's corrections of wrong notes over a real server, index and database: 003 defines a
 * tensor's rank as the number of "unique data types" it holds. Once corrected, answers, grading
 * references and explanations use the teacher's statement (cited as the teacher's) and never quote
 * the marked lines; the correction survives re-indexing and a restart, follows its passage when the
 * file changes above it, is flagged stale when the passage is rewritten, and (on PostgreSQL) holds
 * on a second replica at once.
 */
const FILE = '003_3481d4d7558ed6e1.txt';
const WRONG = 'unikke datatyper';
const QUESTION = 'What is a "rank-3 tensor"?';
const RIGHT = "A tensor's rank is its number of axes (dimensions): a rank-3 tensor has three axes, like a stack of matrices.";

describe.each(['pglite', 'postgres'] as const)('corrections of the notes on %s', (engine) => {
  let ctx: TestServer;
  let postgres: LocalPostgres | undefined;
  let base: string;
  let wrongLine: number;
  const auth = () => ({ authorization: `Bearer ${ctx.teacherToken}` });

  beforeAll(async () => {
    if (engine === 'postgres') postgres = await startLocalPostgres(MODELS);
    const configure = (config: TutorConfig): TutorConfig => (postgres ? { ...config, databaseUrl: postgres.url } : config);
    ctx = await startTestServer(`corrections-${engine}`, undefined, configure);
    base = `http://127.0.0.1:${ctx.server.port}`;
    wrongLine =
      fs
        .readFileSync(path.join(ctx.corpusDir, FILE), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(WRONG)) + 1;
  });

  afterAll(async () => {
    await ctx?.server.close();
    await closeDatabases();
    await postgres?.stop();
  });

  const post = (body: unknown, at = base) =>
    fetch(`${at}/api/teacher/corrections`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const list = async (at = base) =>
    (await (await fetch(`${at}/api/teacher/corrections`, { headers: auth() })).json()) as TeacherCorrection[];
  const ask = async (client: Client, id: string) => client.request({ type: 'ask', id, text: QUESTION });
  const quoted = (frame: Frame) => `${String(frame.text ?? '')} ${JSON.stringify(frame.citations ?? [])} ${String(frame.reference ?? '')}`;
  const cites = (frame: Frame) =>
    (frame.citations as Array<{ correction?: { teacher: string } }>).some((c) => c.correction?.teacher === 'Ms Berg');

  it('refuses corrections without the token, and a bad body, an unknown file or lines outside the file clearly', async () => {
    expect((await fetch(`${base}/api/teacher/corrections`)).status).toBe(401);
    expect((await fetch(`${base}/api/teacher/corrections`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${base}/api/teacher/corrections/x`, { method: 'DELETE' })).status).toBe(401);
    expect((await post('{"file": ')).status).toBe(400);
    expect((await post({ file: FILE, startLine: 3, endLine: 2, text: 'x' })).status).toBe(400);
    expect((await post({ file: FILE, startLine: 1, endLine: 1, text: '   ' })).status).toBe(400);
    expect((await post({ file: FILE, startLine: 1, endLine: 1, text: 'x', admin: true })).status).toBe(400);
    expect((await post({ file: '../package.json', startLine: 1, endLine: 1, text: 'x' })).status).toBe(404);
    const outside = await post({ file: FILE, startLine: 100000, endLine: 100000, text: 'x' });
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as { error: string }).error).toMatch(/lines/);
    expect(await list()).toEqual([]);
  });

  it('once a passage is corrected, answers and grading use the correction as the teacher’s and never quote the marked lines', async () => {
    const student = await Client.connect(ctx.server, await newStudent(ctx.server));
    const before = await ask(student, 'before');
    expect(quoted(before)).toContain(WRONG);

    const made = await post({ file: FILE, startLine: wrongLine, endLine: wrongLine, text: RIGHT, teacher: 'Ms Berg' });
    expect(made.status).toBe(201);
    const correction = (await made.json()) as TeacherCorrection;
    expect(correction).toMatchObject({ file: FILE, startLine: wrongLine, status: 'applied', teacher: 'Ms Berg' });
    expect(correction.original).toContain(WRONG);

    const after = await ask(student, 'after');
    expect(after.grounded).toBe(true);
    expect(quoted(after)).not.toContain(WRONG);
    expect(quoted(after)).toContain('number of axes');
    expect(cites(after)).toBe(true);

    const question = ctx.tutor.bank.find((q) => q.source.file === FILE && q.text.includes('rank-3'))!;
    expect(question.reference).toContain('number of axes');
    const grade = await student.request({
      type: 'answer',
      id: 'g',
      questionId: question.id,
      text: 'It counts how many unique data types the tensor holds.',
    });
    expect(quoted(grade)).not.toContain(WRONG);
    expect(grade.verdict).not.toBe('correct');

    const source = (await (await fetch(`${base}/api/source?file=${FILE}&start=${wrongLine}&end=${wrongLine}`)).json()) as SourceResponse;
    expect(source.corrections).toEqual([expect.objectContaining({ startLine: wrongLine, text: RIGHT, teacher: 'Ms Berg' })]);
    student.close();
  });

  it('an explanation written after the correction explains the correction, cited as the teacher’s', async () => {
    const student = await Client.connect(ctx.server, await newStudent(ctx.server));
    // Asked in Norwegian about the Danish notes' English heading: the model explains rather than restates the quote.
    student.send({ type: 'ask', id: 'x', text: 'Hva er rangen til en tensor?', explain: true });
    await student.until((frames) => frames.some((f) => f.type === 'explanation' && f.id === 'x'), 240_000);
    const explanation = student.frames.find((f) => f.type === 'explanation')!;
    expect(quoted(explanation)).not.toContain(WRONG);
    // Whether the small model's explanation passes the support checks varies with what it wrote before
    // (the chat context is reused); when it does, it is cited as the teacher's.
    if (explanation.composer === 'llm') expect(cites(explanation)).toBe(true);
    student.close();
  }, 300_000);

  if (engine === 'pglite')
    it('survives re-indexing and a restart, follows its passage down the file, and is flagged stale when the passage is rewritten', async () => {
      const file = path.join(ctx.corpusDir, FILE);
      const original = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, `# Added on top\n\nA new first paragraph.\n\n${original}`);
      await ctx.course.switchTo((await openRetriever(ctx.config)).retriever);
      const [moved] = await list();
      expect(moved).toMatchObject({ status: 'moved', appliesAt: { startLine: wrongLine + 4, endLine: wrongLine + 4 } });
      const student = await Client.connect(ctx.server, await newStudent(ctx.server));
      expect(quoted(await ask(student, 'moved'))).not.toContain(WRONG);
      student.close();

      await ctx.server.close();
      await closeDatabases();
      ctx = await serveWorkspace(ctx.config, ctx.corpusDir);
      base = `http://127.0.0.1:${ctx.server.port}`;
      const again = await Client.connect(ctx.server, await newStudent(ctx.server));
      const restarted = await ask(again, 'restarted');
      expect(quoted(restarted)).not.toContain(WRONG);
      expect(cites(restarted)).toBe(true);

      fs.writeFileSync(file, original.replace(WRONG, 'forskellige datatyper'));
      await ctx.course.switchTo((await openRetriever(ctx.config)).retriever);
      const [stale] = await list();
      expect(stale).toMatchObject({ status: 'stale' });
      expect(stale!.appliesAt).toBeUndefined();
      const unapplied = await ask(again, 'stale');
      expect(cites(unapplied)).toBe(false);

      const withdrawn = await fetch(`${base}/api/teacher/corrections/${stale!.id}`, { method: 'DELETE', headers: auth() });
      expect(withdrawn.status).toBe(200);
      expect(await list()).toEqual([]);
      expect((await fetch(`${base}/api/teacher/corrections/${stale!.id}`, { method: 'DELETE', headers: auth() })).status).toBe(404);
      again.close();
    }, 300_000);

  if (engine === 'postgres')
    it('a correction made on one replica holds on the other at once, and so does its withdrawal', async () => {
      const replica = (await serveWorkspace(ctx.config, ctx.corpusDir)).server;
      try {
        const there = await Client.connect(replica, await newStudent(ctx.server));
        const [correction] = await list();
        expect(correction).toMatchObject({ status: 'applied' });
        const answered = await ask(there, 'replica');
        expect(quoted(answered)).not.toContain(WRONG);
        expect(cites(answered)).toBe(true);
        const other = `http://127.0.0.1:${replica.port}`;
        expect((await fetch(`${other}/api/teacher/corrections/${correction!.id}`, { method: 'DELETE', headers: auth() })).status).toBe(200);
        const here = await Client.connect(ctx.server, await newStudent(ctx.server));
        expect(quoted(await ask(here, 'withdrawn'))).toContain(WRONG);
        there.close();
        here.close();
      } finally {
        await replica.close();
      }
    }, 300_000);
});
