import type { Chunk } from '../types.js';
import { CODE_FENCE } from '../text/markdown.js';

/** A chunk that is a code block (it opens with a fence). */
export function isCodeBlock(chunk: Chunk): boolean {
  const first = chunk.text.split('\n').find((line) => line.trim());
  return first !== undefined && CODE_FENCE.test(first);
}

/**
 * A code block found in a section of prose comes right after the section's lead, the first prose
 * before it: "The optional `version` method adds handling for displaying the command version"
 * says what `program.version('0.0.1')` is for, and a question that matches the code's words
 * ("--version", "--no-sauce") is answered by what the section says of it. Exam and glossary units
 * are left as ranked: their first chunk is a question or a term, not an explanation. A lead that
 * ranked lower moves up; one that did not rank comes in with the code block's scores.
 */
export function leadBeforeCode<T extends { chunk: Chunk }>(
  ranked: readonly T[],
  /** The chunks under the same heading of the same file, in line order. */
  section: (chunk: Chunk) => readonly Chunk[],
  isListed: (chunk: Chunk) => boolean,
  asHit: (lead: Chunk, code: T) => T,
): T[] {
  const out: T[] = [];
  const placed = new Set<string>();
  for (const hit of ranked) {
    if (placed.has(hit.chunk.id)) continue;
    if (hit.chunk.kind === 'prose' && isCodeBlock(hit.chunk)) {
      const lead = section(hit.chunk).find((c) => c.startLine < hit.chunk.startLine && !isCodeBlock(c) && isListed(c));
      if (lead && !placed.has(lead.id)) {
        out.push(ranked.find((r) => r.chunk.id === lead.id) ?? asHit(lead, hit));
        placed.add(lead.id);
      }
    }
    out.push(hit);
    placed.add(hit.chunk.id);
  }
  return out;
}
