import fs from 'node:fs';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { expect } from 'vitest';
import type { ChunkMetadata } from '../../src/index/documents.js';

type CitedLines = { file: string; startLine: number; endLine: number; text: string };

/** Every citation names lines that exist in its course file, and its text is exactly those lines. */
export function expectExactCitations(corpusDir: string, citations: readonly CitedLines[]): void {
  for (const citation of citations) {
    const lines = fs.readFileSync(path.join(corpusDir, citation.file), 'utf8').split(/\r?\n/);
    expect(citation.startLine).toBeGreaterThanOrEqual(1);
    expect(citation.endLine).toBeLessThanOrEqual(lines.length);
    expect(citation.text).toBe(lines.slice(citation.startLine - 1, citation.endLine).join('\n'));
  }
}

/** A one-line Norwegian document of a file the course does not have, for adding to a vector store. */
export function extraDocument(pageContent: string): Document<ChunkMetadata> {
  return new Document<ChunkMetadata>({
    pageContent,
    metadata: {
      id: 'extra.md:1-1',
      file: 'extra.md',
      startLine: 1,
      endLine: 1,
      kind: 'prose',
      title: 'Kvantisering',
      lang: 'nb',
      langs: ['nb'],
      unitId: 'extra.md#1',
      piece: 0,
      pieces: 1,
    },
  });
}
