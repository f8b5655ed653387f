import path from 'node:path';
import WebSocket from 'ws';
import { ServerMessage } from '../../src/contracts/ws.js';
import type { ProgressResponse } from '../../src/contracts/http.js';
import type { TutorConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { Course } from '../../src/tutor/course.js';
import { openLearners, openTutor } from '../../src/app/compose.js';
import type { Tutor } from '../../src/tutor/tutor.js';
import type { LocalLlm } from '../../src/llm/local.js';
import { ROOT, tempWorkspace } from './env.js';
import type { Clock } from '../../src/learners/clock.js';
import type { Learners } from '../../src/learners/learners.js';

export interface TestServer {
  server: RunningServer;
  corpusDir: string;
  config: TutorConfig;
  course: Course;
  /** The local language model the tutor uses (loaded on first use). */
  localLlm: LocalLlm;
  learners: Learners;
  /** The teacher endpoints' bearer token. */
  teacherToken: string;
  /** The tutor of the current index build. */
  readonly tutor: Tutor;
}

/**
 * A real server on an ephemeral loopback port, over a private copy of the course, wired exactly as
 * `tutor serve` wires it (openTutor): real embeddings, real index, the real local language model
 * (loaded on the first open answer).
 */
export async function startTestServer(
  name: string,
  prepareCorpus?: (corpusDir: string) => void,
  configure: (config: TutorConfig) => TutorConfig = (config) => config,
  clock?: Clock,
): Promise<TestServer> {
  const ws = tempWorkspace(name);
  prepareCorpus?.(ws.corpusDir);
  return serveWorkspace(configure(ws.config), ws.corpusDir, clock);
}

/**
 * Another server over the same configuration and folders (a restart, or a replica on the same
 * database); the teacher token is the one the database keeps (or the configured one).
 */
export async function serveWorkspace(config: TutorConfig, corpusDir: string, clock?: Clock): Promise<TestServer> {
  const { course, tutor, localLlm } = await openTutor(config);
  const learners = await openLearners(config, course, clock);
  await learners.corrections.sync();
  const teacherToken = config.teacherToken ?? (await learners.teacherToken()).token;
  await tutor.knowledge.keyPoints();
  const server = await startServer({
    course,
    learners,
    teacherToken,
    corpusDir,
    webDir: path.join(ROOT, 'dist', 'web'),
    port: 0,
    host: '127.0.0.1',
  });
  return {
    server,
    corpusDir,
    config,
    course,
    localLlm,
    learners,
    teacherToken,
    get tutor() {
      return course.tutor;
    },
  };
}

export type Frame = Record<string, unknown> & { type: string; id?: string | number };

/** A ws client that collects frames and can wait for the final reply to a message id. */
export class Client {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      // Every frame the server sends must match the published contract.
      const checked = ServerMessage.safeParse(frame);
      if (!checked.success)
        throw new Error(`server sent a frame outside the contract: ${data.toString().slice(0, 200)} (${checked.error.message})`);
      this.frames.push(frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** `cookie`: the page's Cookie header (that student); without it the connection is a new anonymous student. */
  static async connect(server: RunningServer, cookie?: string): Promise<Client> {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, cookie ? { headers: { cookie } } : {});
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Client(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async until(predicate: (frames: Frame[]) => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.frames)) {
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames so far: ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  finals(id: string | number): Frame[] {
    return this.frames.filter((f) => f.id === id && f.type !== 'token');
  }

  /** Send a message and wait for its one final reply. */
  async request(message: Frame): Promise<Frame> {
    this.send(message);
    await this.until(() => this.finals(message.id!).length > 0);
    return this.finals(message.id!)[0]!;
  }

  close(): void {
    this.socket.close();
  }
}

/** A new student as the page becomes one: the first response sets the signed cookie; returns the Cookie header to send back. */
export async function newStudent(server: RunningServer): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${server.port}/`);
  const set = response.headers.get('set-cookie');
  if (!set) throw new Error('the first response set no cookie');
  return set.split(';')[0]!;
}

/** GET /api/progress as the student of `cookie` (none: a new anonymous one). */
export async function progressOf(server: RunningServer, cookie?: string): Promise<ProgressResponse> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/progress`, cookie ? { headers: { cookie } } : {});
  if (!response.ok) throw new Error(`GET /api/progress: ${response.status}`);
  return (await response.json()) as ProgressResponse;
}
