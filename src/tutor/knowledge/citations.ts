import type { Citation } from '../../contracts/ws.js';
import type { Chunk } from '../../types.js';

export type { Citation };

/**
 * Exactly the lines startLine..endLine (1-based, inclusive) of one course file, taken from its
 * chunks (one chunk, or the pieces of one unit in line order). Every citation the tutor shows is
 * built here, so its text is always the file's own lines.
 */
export function citeLines(chunks: readonly Chunk[], startLine: number, endLine: number, title = chunks[0]?.title ?? ''): Citation {
  const lines: string[] = [];
  for (const chunk of chunks) {
    chunk.text.split('\n').forEach((line, i) => {
      const n = chunk.startLine + i;
      if (n >= startLine && n <= endLine) lines[n - startLine] = line;
    });
  }
  return { file: chunks[0]?.file ?? '', startLine, endLine, title, text: Array.from(lines, (line) => line ?? '').join('\n') };
}

/** A whole chunk as a citation. */
export function citeChunk(chunk: Chunk): Citation {
  return citeLines([chunk], chunk.startLine, chunk.endLine);
}
