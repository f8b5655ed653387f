import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ROOT } from './common.js';

/** Resident memory of a process now, and its peak so far (VmHWM), in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** What the server wrote to stderr (its JSON log lines). */
  log(): string;
  stop(): Promise<void>;
}

/** `tutor serve` in a child process on an ephemeral loopback port, over a private index folder. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-bench-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      TUTOR_HOST: '127.0.0.1',
      TUTOR_INDEX_DIR: indexDir,
      TUTOR_DATA_DIR: path.join(indexDir, 'data'),
      TUTOR_LOG_LEVEL: 'warn',
      TUTOR_LLM_BASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /Tutor ready on http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`server exited before it was ready: ${stderr}`)));
  });
  return {
    child,
    port,
    log: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(indexDir, { recursive: true, force: true });
    },
  };
}

/** A final reply (tokens are skipped): enough of every reply type for the benchmarks. */
export type Reply = {
  type: string;
  id: string;
  verdict?: string;
  code?: string;
  questionId?: string;
  kind?: string;
  options?: Array<{ label: string }>;
  saved?: boolean;
};

/** A new student's Cookie header, as the page gets it from its first response. */
export async function studentCookie(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/**
 * One WebSocket client (the student of `cookie`, else a new anonymous one): `request` sends a message
 * and resolves with its final reply and latency, or no reply after `timeoutMs`.
 */
export async function connectClient(port: number, name: string, timeoutMs = 180_000, cookie?: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, cookie ? { headers: { cookie } } : {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<string, (reply: Reply) => void>();
  socket.on('message', (data) => {
    const reply = JSON.parse(data.toString()) as Reply;
    if (reply.type === 'token') return;
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let counter = 0;
  const request = (message: Record<string, unknown>): Promise<{ reply: Reply | undefined; ms: number }> => {
    const id = `${name}-${counter++}`;
    const started = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve({ reply: undefined, ms: performance.now() - started });
      }, timeoutMs);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve({ reply, ms: performance.now() - started });
      });
      socket.send(JSON.stringify({ ...message, id }));
    });
  };
  return { request, close: () => socket.close() };
}
