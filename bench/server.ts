import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
