import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { log } from '../../../log.js';
import { parseStoredExplanation, type ExplanationSource, type ExplanationStore, type StoredExplanation } from './explanationStore.js';

const KEY = /^[0-9a-f]{16,64}$/;

/** One JSON file per explanation in a folder (default: `explanations/` in the index folder); several processes may share it. */
export class FileExplanationStore implements ExplanationStore {
  readonly engine = 'file';

  constructor(private readonly dir: string) {}

  private fileOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not an explanation key: ${key}`);
    return path.join(this.dir, `${key}.json`);
  }

  private read(file: string): StoredExplanation | null {
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    try {
      const entry = parseStoredExplanation(JSON.parse(raw));
      if (entry) return entry;
    } catch {
      // fall through: a damaged file is dropped, never served
    }
    log.warn('a damaged cached explanation was removed', { file });
    fs.rmSync(file, { force: true });
    return null;
  }

  async get(key: string): Promise<StoredExplanation | null> {
    const entry = this.read(this.fileOf(key));
    return entry?.key === key ? entry : null;
  }

  async put(entry: StoredExplanation): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(entry.key);
    // Written whole, then renamed: a reader in another process never sees half a file.
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(entry));
    fs.renameSync(temporary, file);
  }

  async retain(isCurrent: (source: ExplanationSource) => boolean): Promise<number> {
    if (!fs.existsSync(this.dir)) return 0;
    let removed = 0;
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(this.dir, name);
      const entry = this.read(file);
      if (entry && entry.sources.every(isCurrent)) continue;
      fs.rmSync(file, { force: true });
      if (entry) removed++;
    }
    return removed;
  }
}
