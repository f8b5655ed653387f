import type { SearchHit } from '../../retrieval/search.js';
import { citeLines, type Citation } from '../knowledge/citations.js';

/** Passages an explanation is written from, and characters of each (see explain.ts for the measurement). */
const MAX_PASSAGES = 3;
export const PASSAGE_CHARS = 320;

/** The first lines of a hit's answer (or text) up to the budget, cited exactly: whole lines, 1-based. */
export function trimmedPassage(hit: SearchHit, budget = PASSAGE_CHARS): Citation {
  const { chunk } = hit;
  const lines = chunk.text.split('\n');
  const first = chunk.answerStartLine !== undefined ? Math.max(0, chunk.answerStartLine - chunk.startLine - (chunk.title ? 1 : 0)) : 0;
  let end = first;
  let used = 0;
  while (end < lines.length && (end === first || used + (lines[end]?.length ?? 0) <= budget)) {
    used += (lines[end]?.length ?? 0) + 1;
    end++;
  }
  return citeLines([chunk], chunk.startLine + first, chunk.startLine + end - 1);
}

/** A passage an explanation is written from: what the model is shown, and what it is checked against. */
export interface ExplanationPassage {
  citation: Citation;
  unitId: string;
  /** The lines that answer (a Q&A unit's answer, a term's definition): a sentence must rest on these, not on the question. */
  answer: string;
  /** The notes' own question of a Q&A unit: a sentence that only says it again explains nothing. */
  question?: string;
}

/** The passages an explanation is written from: the best hits, one per unit, trimmed. */
export function explanationPassages(hits: SearchHit[]): ExplanationPassage[] {
  const seen = new Set<string>();
  const passages: ExplanationPassage[] = [];
  for (const hit of hits) {
    if (seen.has(hit.chunk.unitId)) continue;
    seen.add(hit.chunk.unitId);
    const citation = trimmedPassage(hit);
    const { chunk } = hit;
    // The cited lines that answer: a Q&A citation starts with its question line, which a sentence may not rest on.
    const answerLine = chunk.answerStartLine ?? citation.startLine;
    const answer =
      answerLine > citation.startLine && answerLine <= citation.endLine
        ? citeLines([chunk], answerLine, citation.endLine).text
        : citation.text;
    const question = chunk.kind === 'qa' || chunk.kind === 'exam' ? chunk.title : undefined;
    passages.push({ citation, unitId: chunk.unitId, answer, ...(question ? { question } : {}) });
    if (passages.length === MAX_PASSAGES) break;
  }
  return passages;
}
