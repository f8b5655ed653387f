import type { SearchResult } from '../../retrieval/search.js';
import type { Chunk } from '../../types.js';
import type { BankQuestion } from '../knowledge/bank.js';
import type { QuestionScorer } from '../knowledge/courseKnowledge.js';
import type { QuestionLookUp } from '../types.js';
import { citeLines, type Citation } from '../knowledge/citations.js';
import { log } from '../../log.js';
import { normaliseForComparison as normaliseQuestion } from '../../text/normalise.js';
import { SAME_QUESTION, SPREAD } from '../../tuning.js';
import { definitionSubject } from '../knowledge/vocabulary.js';
import { namedTerms } from './namedTerm.js';
import { namingAll } from './identifiers.js';
import { words } from '../../text/analyze.js';

/** Passages a question is looked up by. */
const LOOKED_UP = 8;
/** The most content words a term asked about has ("mini-batch gradient descent"). */
const MAX_TERM_WORDS = 3;

export interface MatchedReference {
  question: BankQuestion;
  /** The unit's chunks, in line order: the citable reference. */
  chunks: Chunk[];
  similarity: number | undefined;
  /**
   * The one of several terms the reference defines that the question named ("Presisjon" under
   * "Metric"; the hyperparameter of "What is a parameter? What is a hyperparameter?"): what is asked of it.
   */
  term?: string;
}

export { SAME_QUESTION };

const MAX_REFERENCES = 4;

function sameQuestion(a: BankQuestion, b: BankQuestion): boolean {
  return normaliseQuestion(a.text) === normaliseQuestion(b.text);
}

/** "Question? option A / option B / option C" → the question alone (students paste options too). */
export function questionStem(text: string): string {
  const mark = text.indexOf('?');
  return mark > 0 && text.slice(mark + 1).includes('/') ? text.slice(0, mark + 1) : text;
}

/**
 * The notes' references for a student's question: retrieval finds the passages (paraphrases and
 * other languages included); the question-bank and glossary units among the best hits are the
 * references. Not covered (the scope's judgement) → no reference.
 */
export interface ReferenceSources {
  /** Exam questions and glossary terms. */
  references: readonly BankQuestion[];
  /** Sections of prose: the references when no exam question or term is among the passages found. */
  passages: readonly BankQuestion[];
  chunksOf: (reference: BankQuestion) => Chunk[];
  scoreQuestions?: QuestionScorer;
}

/** A question in English and what it asks about, when a language model has read it (the scope's reading). */
export type EnglishReading = (question: string) => Promise<{ english: string; subject: string } | undefined>;

/** The references among the hits, in hit order, each once. */
function referencesAmong(
  result: SearchResult,
  candidates: readonly BankQuestion[],
  chunksOf: ReferenceSources['chunksOf'],
): MatchedReference[] {
  const byUnit = new Map(candidates.flatMap((ref) => (ref.unitIds ?? [ref.unitId]).map((unitId) => [unitId, ref] as const)));
  const found: MatchedReference[] = [];
  for (const hit of result.hits) {
    const ref = byUnit.get(hit.chunk.unitId);
    if (!ref || found.some((f) => f.question.id === ref.id)) continue;
    found.push({ question: ref, chunks: chunksOf(ref), similarity: hit.similarity });
  }
  return found;
}

/** The references a definition question names (glossary entries, exam questions asking the same), as written or as the language model read it in English. */
async function namedReferences(
  sources: ReferenceSources,
  question: string,
  reading?: EnglishReading,
): Promise<Array<{ ref: BankQuestion; term?: string }>> {
  const written = definitionSubject(question);
  if (!written) return [];
  // The model's English subject stands for a term asked about in another language
  // ("förstärkningsinlärning"), not for a longer question it summarises ("the purpose of the
  // fine_tune() function" is not the glossary's "Fine-tuning").
  const read = words(written).length <= MAX_TERM_WORDS ? (await reading?.(question))?.subject : undefined;
  return namedTerms(read ? [written, read] : [written], sources.references);
}

/** The exam question a student's question restates, when one stands out clearly above the rest. */
async function restatedExamQuestion(
  scoreQuestions: QuestionScorer,
  references: readonly BankQuestion[],
  question: string,
): Promise<BankQuestion | undefined> {
  const exam = references.filter((ref) => ref.origin !== 'glossary');
  const scores = await scoreQuestions(questionStem(question), exam);
  const ranked = scores.map((score, i) => ({ score, ref: exam[i]! })).sort((a, b) => b.score - a.score);
  const [top, next] = ranked;
  log.debug('closest exam questions', {
    question,
    top: ranked.slice(0, 3).map((r) => [r.ref.text.slice(0, 60), Number(r.score.toFixed(3))]),
  });
  const standsOut =
    top && top.score >= SAME_QUESTION.min && (!next || top.score - next.score >= SAME_QUESTION.margin || sameQuestion(top.ref, next.ref));
  return standsOut ? top.ref : undefined;
}

/**
 * The references a question is graded against, best first; none when the notes do not cover it. It
 * is looked up as `ask` looks it up (a Swedish question about an English manual by its English reading too).
 */
export async function findReferences(
  sources: ReferenceSources,
  question: string,
  lookUp: QuestionLookUp,
  reading?: EnglishReading,
): Promise<MatchedReference[]> {
  const { references, scoreQuestions } = sources;
  const stem = questionStem(question);
  const result = await lookUp(stem, LOOKED_UP);
  if (!result) return [];
  let found = referencesAmong(result, references, sources.chunksOf);
  // A question the notes answer only in prose is graded against the sections that answer it (those
  // that write the code names it asks about, when it names any).
  if (found.length === 0) found = namingAll(referencesAmong(result, sources.passages, sources.chunksOf), (f) => f.question.reference, stem);
  // A question pasted from the bank (perhaps with its options after it) is its own reference.
  const asked = normaliseQuestion(questionStem(question));
  const exact = found.findIndex((f) => {
    const text = normaliseQuestion(f.question.text);
    return text.length > 0 && (asked === text || (asked.includes(text) && text.length >= SAME_QUESTION.pastedShare * asked.length));
  });
  if (exact > 0) found.unshift(...found.splice(exact, 1));
  const named = exact < 0 ? await namedReferences(sources, stem, reading) : [];
  const namedIds = new Set(named.map(({ ref }) => ref.id));
  if (named.length > 0) {
    const similarity = found[0]?.similarity;
    found = [
      ...named.map(({ ref, term }) => ({
        ...(found.find((f) => f.question.id === ref.id) ?? { question: ref, chunks: sources.chunksOf(ref), similarity }),
        ...(term ? { term } : {}),
      })),
      ...found.filter((f) => !namedIds.has(f.question.id)),
    ];
  } else if (exact < 0 && scoreQuestions) {
    const top = await restatedExamQuestion(scoreQuestions, references, question);
    if (top) {
      const at = found.findIndex((f) => f.question.id === top.id);
      const match = at >= 0 ? found.splice(at, 1)[0]! : { question: top, chunks: sources.chunksOf(top), similarity: found[0]?.similarity };
      found.unshift(match);
    }
  }
  const first = found[0];
  if (!first) return [];
  const top = first.similarity;
  if (top === undefined) return [first];
  // A question pasted from the bank or naming a term has its reference: an answer that only fits a
  // neighbouring one (recall's definition when asked about precision) must not pass by it.
  const certain = exact >= 0 || named.length > 0;
  // The same exam question answered in another file is always a reference too.
  return found
    .filter(
      (f, i) =>
        i === 0 ||
        sameQuestion(f.question, first.question) ||
        (certain ? namedIds.has(f.question.id) : (f.similarity ?? 0) >= top - SPREAD.reference),
    )
    .slice(0, MAX_REFERENCES);
}

export function referenceCitation(ref: MatchedReference, startLine?: number, endLine?: number): Citation {
  const cited = citeLines(
    ref.chunks,
    startLine ?? ref.question.source.startLine,
    endLine ?? ref.question.source.endLine,
    ref.question.text,
  );
  return { ...cited, file: ref.question.source.file };
}
