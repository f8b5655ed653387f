import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type TutorConfig } from '../../src/config.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SEEDS = path.join(ROOT, 'seeds');
export const MODELS = path.resolve(process.env.TUTOR_MODEL_DIR ?? path.join(ROOT, 'models'));
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** A private copy of the course notes and an empty index folder, so tests never touch index/. */
export function tempWorkspace(name: string): { corpusDir: string; indexDir: string; config: TutorConfig } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tutor-${name}-`));
  const corpusDir = path.join(dir, 'seeds');
  const indexDir = path.join(dir, 'index');
  fs.cpSync(SEEDS, corpusDir, { recursive: true });
  // Two test files run at once on two cores: one thread each for the language model keeps the machine responsive.
  const config = loadConfig({
    TUTOR_MODEL_DIR: MODELS,
    TUTOR_CORPUS_DIR: corpusDir,
    TUTOR_INDEX_DIR: indexDir,
    TUTOR_DATA_DIR: path.join(dir, 'data'),
    TUTOR_DEVICE: 'cpu',
    TUTOR_LLM_THREADS: '1',
    // A test of what the model reads must not depend on how fast the machine is that day.
    TUTOR_READ_WAIT_MS: '0',
  });
  return { corpusDir, indexDir, config };
}

export function seedText(file: string): string {
  return fs.readFileSync(path.join(SEEDS, file), 'utf8');
}

/** The environment for a `tutor` child process over a workspace: this process's, plus its folders. */
export function cliEnv(ws: { corpusDir: string; indexDir: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TUTOR_MODEL_DIR: MODELS,
    TUTOR_CORPUS_DIR: ws.corpusDir,
    TUTOR_INDEX_DIR: ws.indexDir,
    TUTOR_DATA_DIR: path.join(path.dirname(ws.indexDir), 'data'),
    TUTOR_DEVICE: 'cpu',
    TUTOR_READ_WAIT_MS: '0',
    ...extra,
  };
}
