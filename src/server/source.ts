import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import { SourceQuery, type SourceResponse } from '../contracts/http.js';
import { decodeCourseText } from '../ingest/corpus.js';
import { splitLines } from '../text/lines.js';
import type { PlacedCorrection } from '../retrieval/corrections/correction.js';

const CONTEXT_LINES = 3;
const MAX_SPAN = 400;

/**
 * The real path of a course file, or undefined. Only files the index knows are served, and only
 * when their real path (symlinks resolved) lies inside the corpus folder.
 */
export function resolveCourseFile(corpusDir: string, knownFiles: ReadonlySet<string>, file: string): string | undefined {
  if (!knownFiles.has(file)) return undefined;
  try {
    const root = fs.realpathSync(corpusDir);
    const real = fs.realpathSync(path.join(root, file));
    return real.startsWith(root + path.sep) && fs.statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** A course file's lines as they are now (only a file the index knows, inside the corpus folder); undefined otherwise. */
export function readCourseLines(corpusDir: string, knownFiles: ReadonlySet<string>, file: string): string[] | undefined {
  const real = resolveCourseFile(corpusDir, knownFiles, file);
  if (!real) return undefined;
  try {
    return splitLines(decodeCourseText(file, fs.readFileSync(real)));
  } catch {
    return undefined;
  }
}

/** GET /api/source?file=…&start=…&end=… → the cited lines with a little context around them. */
export function sourceRoute(
  corpusDir: string,
  knownFiles: () => ReadonlySet<string>,
  correctionsIn: (file: string) => readonly PlacedCorrection[] = () => [],
) {
  return (req: Request, res: Response): void => {
    const query = SourceQuery.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: 'file, start and end are required; start and end are line numbers' });
      return;
    }
    const { file, start, end } = query.data;
    const lines = readCourseLines(corpusDir, knownFiles(), file);
    if (!lines) {
      res.status(404).json({ error: 'no such course file' });
      return;
    }
    if (start > end || end > lines.length || end - start > MAX_SPAN) {
      res.status(400).json({ error: `lines ${start}-${end} are not a range of this file (it has ${lines.length} lines)` });
      return;
    }
    const from = Math.max(1, start - CONTEXT_LINES);
    const to = Math.min(lines.length, end + CONTEXT_LINES);
    const corrections = correctionsIn(file)
      .filter((c) => c.placedStart <= to && from <= c.placedEnd)
      .map((c) => ({ startLine: c.placedStart, endLine: c.placedEnd, text: c.text, teacher: c.teacher, at: c.at.toISOString() }));
    const body: SourceResponse = {
      file,
      start,
      end,
      totalLines: lines.length,
      lines: lines.slice(from - 1, to).map((text, i) => ({ n: from + i, text, cited: from + i >= start && from + i <= end })),
      ...(corrections.length > 0 ? { corrections } : {}),
    };
    res.json(body);
  };
}
