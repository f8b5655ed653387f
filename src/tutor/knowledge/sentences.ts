import { splitSentences } from '../../text/sentences.js';
import type { Chunk } from '../../types.js';
import { CODE_FENCE as FENCE, pointsElsewhere } from '../../text/markdown.js';
import { definedTerm } from '../../text/definedTerm.js';

export interface Sentence {
  text: string;
  /** 1-based lines of the chunk's file that hold this sentence. */
  startLine: number;
  endLine: number;
}

const BULLET = /^\s*(?:[-*•]|\d{1,3}[.)])\s+/;
/** "### Action handler", "#### **Hierarchical Relationship:**": a title over the lines that say something. */
const HEADING = /^\s*#{1,6}\s/;
/** "- Typer", "- Oppgaver og deres mest brukte metrikk": a list heading, not a statement. */
const LIST_HEADING = /^\s*-\s+[^.:!?]{1,60}$/;

/**
 * Sentences of a chunk's answer part with the lines they sit on. Lines of one paragraph are read
 * together (notes wrap sentences across lines); a blank line, a bullet or a code fence starts a
 * new block, and code blocks and headings are left out of the prose.
 */
export function answerSentences(chunk: Chunk, fromLine: number): Sentence[] {
  const lines = chunk.text.split('\n');
  const sentences: Sentence[] = [];
  let block: Array<{ line: number; text: string }> = [];
  let inFence = false;
  const flush = () => {
    if (block.length === 0) return;
    let joined = '';
    const starts: Array<{ offset: number; line: number }> = [];
    for (const part of block) {
      starts.push({ offset: joined.length, line: part.line });
      joined += (joined ? ' ' : '') + part.text.trim();
    }
    for (const { segment, index } of splitSentences(joined)) {
      const text = segment.trim();
      if (text.replace(/[^\p{L}\p{N}]/gu, '').length < 2 || pointsElsewhere(text)) continue;
      const lineAt = (offset: number) => [...starts].reverse().find((s) => s.offset <= offset)?.line ?? block[0]!.line;
      sentences.push({ text, startLine: lineAt(index), endLine: lineAt(index + segment.trimEnd().length - 1) });
    }
    block = [];
  };
  lines.forEach((raw, i) => {
    const line = chunk.startLine + i;
    if (FENCE.test(raw)) {
      flush();
      inFence = !inFence;
      return;
    }
    if (inFence || line < fromLine) return;
    let text = raw;
    if (line === fromLine) text = text.replace(/^\s*A\s*:\s*/, '');
    if (line === chunk.startLine && chunk.kind === 'glossary') text = text.replace(/^\d{1,3}\.\s+[^:]{1,80}:\s*/, '');
    if (HEADING.test(text)) {
      flush();
      return;
    }
    if (LIST_HEADING.test(text) && text.trim().split(/\s+/).length <= 7 && chunk.kind === 'glossary') {
      flush();
      return;
    }
    // A bullet starts a new block, unless it carries on a sentence the line before left open
    // ("- … blive være, da" / "- den tager for store skridt."): notes wrap sentences across bullets too.
    const continues =
      BULLET.test(text) && /^\s*[-*•]\s+\p{Ll}/u.test(text) && block.length > 0 && !/[.!?:]\s*$/.test(block[block.length - 1]!.text);
    // "Presisjon: Forholdet mellom …" under "Presisjon og Recall" defines a term of its own.
    if (text.trim() === '' || (BULLET.test(text) && !continues) || definedTerm(text)) flush();
    const clean = text.replace(/^\s*[-*•]\s+/, '').replace(/\*\*/g, '');
    if (clean.trim() !== '') block.push({ line, text: clean });
  });
  flush();
  return sentences;
}
