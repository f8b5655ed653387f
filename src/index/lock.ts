import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export class IndexLockedError extends Error {}

/** A holder refreshes its lock this often; a lock not refreshed for STALE_MS belongs to a dead process. */
const UPDATE_MS = 2_000;
const STALE_MS = 10_000;

/**
 * An exclusive lock beside the index, so two `tutor index` runs cannot interleave their writes.
 * proper-lockfile takes it with an atomic mkdir and keeps its mtime fresh while the work runs, so
 * there is no half-written owner to misread and a crashed holder's lock goes stale by itself.
 */
export async function withIndexLock<T>(indexDir: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  fs.mkdirSync(indexDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(indexDir, {
      lockfilePath: path.join(indexDir, '.lock'),
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: { retries: Math.ceil(waitMs / 250), factor: 1, minTimeout: 250, maxTimeout: 250 },
      realpath: false,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new IndexLockedError(`index folder ${indexDir} is locked by another process (waited ${Math.round(waitMs / 1000)} s)`);
    }
    throw error;
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
