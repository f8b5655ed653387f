import { devQueries, mib, ms, percentile, type Row } from './common.js';
import { connectClient, memoryOf, startServerProcess, studentCookie, type Reply } from './server.js';
import { startLocalPostgres } from './postgresServer.js';
import type { ProgressResponse } from '../src/contracts/http.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/index/stores/postgres/database.js';
import { SqlProgressStore } from '../src/learners/store/sqlProgressStore.js';
import { reviewCard } from '../src/learners/schedule.js';

const REPLY_TIMEOUT_MS = 180_000;

/**
 * One student: connect, then `rounds` × (ask, quiz, answer the quiz), each waiting for its reply;
 * then their progress is read back from `readPort` (another replica, when there are two).
 */
async function student(
  port: number,
  readPort: number,
  index: number,
  rounds: number,
  queries: string[],
  latencies: number[],
  outcome: Outcome,
): Promise<void> {
  const cookie = await studentCookie(port);
  const client = await connectClient(port, `s${index}`, REPLY_TIMEOUT_MS, cookie);
  const request = async (message: Record<string, unknown>): Promise<Reply | undefined> => {
    const { reply, ms } = await client.request(message);
    if (!reply) outcome.lost++;
    else {
      latencies.push(ms);
      if (reply.type === 'error') outcome.errors++;
      else outcome.done++;
    }
    return reply;
  };
  for (let round = 0; round < rounds; round++) {
    await request({ type: 'ask', text: queries[(index + round) % queries.length] });
    const question = await request({ type: 'quiz' });
    if (question?.type === 'question' && question.questionId) {
      const text = question.kind === 'mcq' ? (question.options?.[0]?.label ?? 'A') : 'Det handler om å trene modellen på data.';
      const started = performance.now();
      const grade = await request({ type: 'answer', questionId: question.questionId, text });
      if (grade?.type === 'grade' && grade.verdict !== 'unknown') {
        outcome.graded++;
        outcome.gradeMs.push(performance.now() - started);
        if (grade.saved === false) outcome.unsaved++;
      }
    }
  }
  client.close();
  // What the database holds for this student must be every answer graded.
  const progress = (await (await fetch(`http://127.0.0.1:${readPort}/api/progress`, { headers: { cookie } })).json()) as ProgressResponse;
  outcome.stored += progress.answered;
}

interface Outcome {
  errors: number;
  lost: number;
  done: number;
  /** Answers graded (a verdict), answers the server said it could not store, answers the database holds. */
  graded: number;
  unsaved: number;
  stored: number;
  gradeMs: number[];
}

/** The load on each progress database: PGlite in the data folder (the default) and the real PostgreSQL of `setup-models`. */
export async function benchLoad(clients = 200, rounds = 1, modelDir = 'models'): Promise<Row[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-bench-writes-'));
  const rows = [...(await benchWrites('pglite', `pglite:${folder}`, clients)), ...(await benchLoadOn('pglite', clients, rounds, {}))];
  fs.rmSync(folder, { recursive: true, force: true });
  const postgres = await startLocalPostgres(modelDir);
  try {
    rows.push(...(await benchWrites('postgres', postgres.url, clients)));
    rows.push(...(await benchLoadOn('postgres', clients, rounds, { TUTOR_DATABASE_URL: postgres.url })));
    rows.push(...(await benchLoadOn('postgres', clients, rounds, { TUTOR_DATABASE_URL: postgres.url }, 2)));
  } finally {
    await postgres.stop();
  }
  return rows;
}

/** The progress store alone: `students` students each storing three graded answers (with their cards) at once. */
async function benchWrites(engine: string, url: string, students: number): Promise<Row[]> {
  const db = await openDatabase(url);
  const store = await SqlProgressStore.open(db);
  const latencies: number[] = [];
  const at = new Date();
  const write = async (student: string, question: string) => {
    const attempt = {
      id: crypto.randomUUID(),
      studentId: student,
      questionId: question,
      question: 'Hva er dropout?',
      verdict: 'correct' as const,
      score: 1,
      answer: 'Å slå av tilfeldige nevroner under trening.',
      signals: { by: 'fitted' },
      confidence: 0.9,
      feedback: 'Riktig.',
      citations: [],
      gradedAt: at,
    };
    const started = performance.now();
    await store.record(attempt, (previous) => reviewCard(previous, student, question, 'correct', at));
    latencies.push(performance.now() - started);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: students }, async () => {
      const student = crypto.randomUUID();
      for (const question of ['q-a', 'q-b', 'q-c']) await write(student, question);
    }),
  );
  const wallMs = performance.now() - started;
  await db.close();
  const section = `progress writes on ${engine}: ${students} students × 3 graded answers at once (answer + card, one transaction)`;
  return [
    { section, metric: 'writes', value: `${latencies.length} in ${ms(wallMs)}` },
    {
      section,
      metric: 'write p50 / p95 / p99',
      value: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}`,
    },
  ];
}

/** `replicas` servers on one database: students alternate between them, and each reads its progress back from the other. */
async function benchLoadOn(engine: string, clients: number, rounds: number, env: Record<string, string>, replicas = 1): Promise<Row[]> {
  // The local language model answers one document at a time; its latency under a queue is measured by
  // bench/grading.ts. Here the server's own throughput is measured, grading by embeddings and rules.
  const servers = [];
  // One after another: the first fills the shared database with the course, the next finds it filled.
  for (let i = 0; i < replicas; i++)
    servers.push(await startServerProcess({ TUTOR_LOCAL_LLM: 'off', TUTOR_WARM_EXPLANATIONS: 'off', ...env }));
  const server = servers[0]!;
  const ports = servers.map((s) => s.port);
  const idleRss = memoryOf(server.child.pid!).rss;
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(server.child.pid!).rss)), 200);
  const latencies: number[] = [];
  const outcome: Outcome = { errors: 0, lost: 0, done: 0, graded: 0, unsaved: 0, stored: 0, gradeMs: [] };
  const queries = devQueries();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      student(ports[i % replicas]!, ports[(i + 1) % replicas]!, i, rounds, queries, latencies, outcome),
    ),
  );
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  await Promise.all(servers.map((s) => s.stop()));
  const crashed = servers.some((s) => /"level":"error"/.test(s.log()));
  const across = replicas > 1 ? ` across ${replicas} replicas (progress read back from the other)` : '';
  const section = `load on ${engine}${across}: ${clients} students × ${rounds} round(s) of ask + quiz + answer, loopback (local LLM off)`;
  const requests = outcome.done + outcome.errors + outcome.lost;
  return [
    { section, metric: 'requests', value: `${requests}` },
    {
      section,
      metric: 'throughput',
      value: `${((outcome.done + outcome.errors) / (wallMs / 1000)).toFixed(1)} replies/s over ${ms(wallMs)}`,
    },
    {
      section,
      metric: 'latency p50 / p95 / p99',
      value: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}`,
    },
    { section, metric: 'error replies / lost replies', value: `${outcome.errors} / ${outcome.lost}` },
    {
      section,
      metric: 'graded answers → stored (lost writes)',
      value: `${outcome.graded} → ${outcome.stored} (${outcome.graded - outcome.stored} lost; ${outcome.unsaved} reported unsaved)`,
    },
    {
      section,
      metric: 'answer: grade + write p50 / p95',
      value: `${ms(percentile(outcome.gradeMs, 50))} / ${ms(percentile(outcome.gradeMs, 95))}`,
    },
    { section, metric: 'server errors logged', value: crashed ? 'yes (see server log)' : '0' },
    { section, metric: 'server RSS idle → peak', value: `${mib(idleRss)} → ${mib(peakRss)}` },
  ];
}
