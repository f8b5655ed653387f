import { groundingScore } from '../../retrieval/grounding.js';
import type { SearchResult } from '../../retrieval/search.js';
import { words } from '../../text/analyze.js';
import type { QuestionReading } from './reading.js';
import { unknownWords, type CourseVocabulary } from '../knowledge/vocabulary.js';
import { COVERAGE, GROUNDING } from '../../tuning.js';

/**
 * Whether the notes cover a question, judged in up to four steps:
 * 1. the grounding score (retrieval/grounding.ts): far below every covered question → not covered;
 * 2. the words: a question whose every word the notes use (in some inflection, compound or
 *    spelling) and that clears the floor is covered; off-topic questions name things the course
 *    never does ("Kubernetes", "kanelbullar", "mitokondrier");
 * 3. a question that quotes a name from the notes' code ("--no-sauce", "parseAsync()") as the
 *    passages found write it is about them, whatever everyday words ask it ("framför");
 * 4. a word the notes never use may still be a course term in another language ("överanpassning",
 *    "tokenisering"), so a language model reads the question: its subject, or its whole English
 *    translation, must be words of the notes and the English question must clear a higher score.
 *    Without a model, such a question needs a score that only covered questions reach.
 * The thresholds were set on eval/dev-retrieval.jsonl, eval/dev-outofscope.jsonl and
 * eval/own-outofscope.jsonl; eval/holdout-*.jsonl measures them on questions not used to set them.
 */
export { COVERAGE };

export type CoverageStep = 'score' | 'words' | 'code' | 'reading' | 'no-reading';

export interface CoverageJudgement {
  covered: boolean;
  /** The step that decided. */
  step: CoverageStep;
  /** The question's words that the notes never use. */
  unknownWords: string[];
  reading?: QuestionReading;
}

export interface CoverageContext {
  vocabulary: CourseVocabulary;
  /** Reads the question with a language model; null/undefined when none is there (or it failed). */
  read?: (question: string) => Promise<QuestionReading | null>;
  /** Grounding score of another phrasing of the question (the English reading). */
  score: (query: string) => Promise<number | null>;
}

/**
 * Retrieval's score alone: something to look up, and a grounding score over GROUNDING.threshold (or,
 * without embeddings, a lexical match over GROUNDING.lexicalMin). The eval reports it as the
 * baseline that the whole judgement improves on; without embeddings it is the judgement.
 */
export function groundedByScore(result: SearchResult): boolean {
  if (result.hits.length === 0 || words(result.query).length === 0) return false;
  const score = groundingScore(result.signal);
  return score === null ? result.signal.lexicalTop >= GROUNDING.lexicalMin : score >= GROUNDING.threshold;
}

export async function judgeCoverage(result: SearchResult, context: CoverageContext): Promise<CoverageJudgement> {
  const unknown = unknownWords(result.query, context.vocabulary);
  const score = groundingScore(result.signal);
  // Without embeddings the lexical score is all there is.
  if (score === null) return { covered: groundedByScore(result), step: 'score', unknownWords: unknown };
  if (result.hits.length === 0 || words(result.query).length === 0 || score < COVERAGE.floor)
    return { covered: false, step: 'score', unknownWords: unknown };
  if (unknown.length === 0) return { covered: true, step: 'words', unknownWords: unknown };
  if (quotesFoundCode(result)) return { covered: true, step: 'code', unknownWords: unknown };
  const reading = context.read ? await context.read(result.query) : null;
  if (!reading) return { covered: score >= COVERAGE.withoutReading, step: 'no-reading', unknownWords: unknown };
  const allKnown = (text: string) => words(text).length > 0 && unknownWords(text, context.vocabulary).length === 0;
  // The small model often names a poor subject ("Technical term" for "add extra text to the help
  // text"); a translation whose every word is the notes' passes the stricter test on its own.
  const subjectKnown = allKnown(reading.subject) || (reading.english !== result.query && allKnown(reading.english));
  const englishScore = reading.english === result.query ? score : await context.score(reading.english);
  const covered = subjectKnown && englishScore !== null && englishScore >= COVERAGE.englishMin;
  return { covered, step: 'reading', unknownWords: unknown, reading };
}

/**
 * Names as code writes them: an option ("--no-sauce"), a call ("parseAsync()"), a member
 * ("program.opts"), snake_case or camelCase. No everyday word is written so.
 */
const CODE_NAME = /(?<![\w-])(?:--?[A-Za-z][\w-]*\w|[a-z]+[A-Z]\w*|\w+_\w+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|\w+\(\))/g;

/** Whether the question quotes a code name of four letters or more that a passage found writes exactly so. */
export function quotesFoundCode(result: SearchResult): boolean {
  const names = (result.query.match(CODE_NAME) ?? []).filter((name) => (name.match(/\p{L}/gu)?.length ?? 0) >= 4);
  return names.some((name) => result.hits.some((hit) => hit.chunk.text.includes(name)));
}

/**
 * Of the words the notes never use, those the language model's English reading kept as they are
 * ("underfitting"): a word it translated ("förstärkningsinlärning" → reinforcement learning) may be
 * a course term in another language, so the notes cannot be said to say nothing about it.
 */
export function untranslated(unknown: readonly string[], reading: QuestionReading | null | undefined): string[] {
  if (!reading) return [...unknown];
  const english = new Set(words(reading.english));
  return unknown.filter((word) => english.has(word));
}
