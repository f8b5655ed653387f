import fs from 'node:fs';
import path from 'node:path';

export class IndexLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file beside the index, so two `tutor index` runs cannot interleave their
 * writes. A lock left by a process that no longer exists is taken over.
 */
export async function withIndexLock<T>(indexDir: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  fs.mkdirSync(indexDir, { recursive: true });
  const lockFile = path.join(indexDir, '.lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new IndexLockedError(`index folder ${indexDir} is locked by process ${owner}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
