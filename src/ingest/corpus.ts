import fs from 'node:fs/promises';
import path from 'node:path';

export const CORPUS_EXTENSIONS = new Set(['.txt', '.md']);

export class CorpusFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Course files under the corpus folder, as sorted forward-slash paths relative to it. */
export async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && CORPUS_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        found.push(path.relative(corpusDir, full).split(path.sep).join('/'));
      }
    }
  }
  await walk(corpusDir);
  return found.sort();
}

/** The file's text; a file that is not valid UTF-8 is refused rather than read as mojibake. */
export function decodeCourseText(file: string, bytes: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    throw new CorpusFileError(file, 'is not valid UTF-8 text; convert it to UTF-8 to include it');
  }
}

export async function readCourseFile(corpusDir: string, file: string): Promise<{ text: string; bytes: Buffer }> {
  const bytes = await fs.readFile(path.join(corpusDir, file));
  return { text: decodeCourseText(file, bytes), bytes };
}
