import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IndexLockedError, withIndexLock } from '../src/index/lock.js';
import { ROOT } from './helpers/env.js';

const LOCK_MODULE = pathToFileURL(path.join(ROOT, 'dist', 'src', 'index', 'lock.js')).href;

/** A separate process that holds the lock while it writes "in" and, after a pause, "out" to a shared log. */
function holder(indexDir: string, logFile: string, holdMs: number): Promise<number> {
  const script = `
    import fs from 'node:fs';
    const { withIndexLock } = await import(${JSON.stringify(LOCK_MODULE)});
    await withIndexLock(${JSON.stringify(indexDir)}, async () => {
      fs.appendFileSync(${JSON.stringify(logFile)}, 'in ' + process.pid + '\\n');
      await new Promise((r) => setTimeout(r, ${holdMs}));
      fs.appendFileSync(${JSON.stringify(logFile)}, 'out ' + process.pid + '\\n');
    });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
}

describe('the index lock', () => {
  it('lets racing processes in one at a time, never two at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-lockrace-'));
    const logFile = path.join(dir, 'log');
    const codes = await Promise.all(Array.from({ length: 6 }, () => holder(path.join(dir, 'index'), logFile, 150)));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    for (let i = 0; i < lines.length; i += 2) {
      const [event, pid] = lines[i]!.split(' ');
      expect(event).toBe('in');
      expect(lines[i + 1]).toBe(`out ${pid}`);
    }
    expect(fs.existsSync(path.join(dir, 'index', '.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that died, and times out on a live one', async () => {
    const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-lockstale-'));
    const lock = path.join(indexDir, '.lock');
    fs.mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    expect(await withIndexLock(indexDir, async () => 'ran', 2_000)).toBe('ran');

    let release!: () => void;
    const held = withIndexLock(indexDir, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(withIndexLock(indexDir, async () => 'never', 1_000)).rejects.toBeInstanceOf(IndexLockedError);
    release();
    await held;
  });
});
