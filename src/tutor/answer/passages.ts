import type { SearchHit } from '../../retrieval/search.js';
import { normaliseForComparison } from '../../text/normalise.js';
import { citeLines, type Citation } from '../knowledge/citations.js';

/**
 * Passages an explanation is written from, and characters of each. The prompt is most of an
 * explanation's wait: measured on a 2-core AMD EPYC (AVX2) the local model reads ~60 prompt tokens a
 * second, so two trimmed passages (~150 tokens) rather than three (~250) save about 1.5 s before
 * the first word; the best passage answers, the second is for what it leaves out.
 */
const MAX_PASSAGES = 2;
export const PASSAGE_CHARS = 300;
/** Fewer words than this in a passage's answer lines ("A:", a blank line) leave nothing to explain from. */
const MIN_ANSWER_WORDS = 3;

/**
 * The lines of a hit that answer (a Q&A unit's answer, not its question or its wrong options; a
 * term's definition) up to the budget, cited exactly: whole lines, 1-based.
 */
export function trimmedPassage(hit: SearchHit, budget = PASSAGE_CHARS): Citation {
  const { chunk } = hit;
  const lines = chunk.text.split('\n');
  const answerAt = chunk.answerStartLine !== undefined ? chunk.answerStartLine - chunk.startLine : -1;
  const first = answerAt >= 0 && answerAt < lines.length ? answerAt : 0;
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
    const citation = trimmedPassage(hit);
    // A piece of a unit that holds only its question (its answer is in another piece, which may come next) explains nothing.
    if ((citation.text.match(/\p{L}{2,}/gu) ?? []).length < MIN_ANSWER_WORDS) continue;
    seen.add(hit.chunk.unitId);
    const { chunk } = hit;
    const question = chunk.kind === 'qa' || chunk.kind === 'exam' ? chunk.title : undefined;
    passages.push({ citation, unitId: chunk.unitId, answer: citation.text, ...(question ? { question } : {}) });
    if (passages.length === MAX_PASSAGES) break;
  }
  return passages;
}

/** A passage as the model reads it: without the notes' list numbers, which it otherwise copies into its sentences. */
const LIST_NUMBER = /^\s*\d{1,3}[.)]\s+/gm;
/** The unit's title (a Q&A unit's question) above its lines, unless they begin by saying it (a glossary term). */
export function passageText(p: Citation): string {
  const text = p.text.slice(0, PASSAGE_CHARS).replace(LIST_NUMBER, '');
  const title = p.title?.slice(0, 120).replace(LIST_NUMBER, '');
  const said = title && normaliseForComparison(text.split('\n')[0] ?? '').startsWith(normaliseForComparison(title));
  return title && !said ? `${title}\n${text}` : text;
}
