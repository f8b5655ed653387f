import type { SearchHit } from '../retrieval/search.js';
import type { Chunk, Lang } from '../types.js';
import { sourceLanguageNote } from './phrases.js';
import { answerSentences, type Sentence } from './sentences.js';

export interface Citation {
  file: string;
  startLine: number;
  endLine: number;
  title: string;
  /** Exactly the cited lines of the file. */
  text: string;
}

export interface ComposedAnswer {
  answer: string;
  citations: Citation[];
}

/** Scores each sentence's relevance to the question (higher is more relevant). */
export type SentenceScorer = (question: string, sentences: string[]) => Promise<number[]>;

const MAX_GROUPS = 3;
const MAX_SENTENCES = 3;
const MAX_GROUP_CHARS = 520;
/** A further passage is shown only if its similarity is this close to the best one. */
const SIMILARITY_SPREAD = 0.035;

interface Group {
  title: string;
  hits: SearchHit[];
}

function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Hits with an answer part, grouped so one exam question answered in two files is one point. */
function groupHits(hits: SearchHit[]): Group[] {
  const groups = new Map<string, Group>();
  for (const hit of hits) {
    const { chunk } = hit;
    if (chunk.answerStartLine === undefined && chunk.kind !== 'prose') continue;
    const key = chunk.kind === 'qa' || chunk.kind === 'exam' ? `q:${normaliseTitle(chunk.title)}` : chunk.unitId;
    const group = groups.get(key) ?? { title: chunk.title, hits: [] };
    if (!group.hits.some((h) => h.chunk.file === chunk.file && h.chunk.unitId === chunk.unitId)) group.hits.push(hit);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function bestSimilarity(group: Group): number | undefined {
  const values = group.hits.map((hit) => hit.similarity).filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}

/** The points closest in meaning to the question; without similarities, the two best-ranked. */
function chooseGroups(groups: Group[]): Group[] {
  if (groups.some((group) => bestSimilarity(group) === undefined)) return groups.slice(0, 2);
  const ordered = [...groups].sort((a, b) => (bestSimilarity(b) ?? 0) - (bestSimilarity(a) ?? 0));
  const top = bestSimilarity(ordered[0]!) ?? 0;
  return ordered.filter((group) => (bestSimilarity(group) ?? 0) >= top - SIMILARITY_SPREAD).slice(0, MAX_GROUPS);
}

function citationFor(chunk: Chunk, startLine: number, endLine: number): Citation {
  const lines = chunk.text.split('\n').slice(startLine - chunk.startLine, endLine - chunk.startLine + 1);
  return { file: chunk.file, startLine, endLine, title: chunk.title, text: lines.join('\n') };
}

/** The first sentence (the direct answer) and the most relevant others, in reading order. */
function pickSentences(sentences: Sentence[], scores: number[], limit: number): Sentence[] {
  if (sentences.length === 0) return [];
  const best = Math.max(...scores);
  const ranked = sentences
    .map((sentence, i) => ({ sentence, i, score: scores[i] ?? 0 }))
    .filter(({ i, score }) => i === 0 || score >= best - 0.03)
    .sort((a, b) => (a.i === 0 ? -1 : b.i === 0 ? 1 : b.score - a.score));
  const picked: typeof ranked = [];
  let chars = 0;
  for (const item of ranked) {
    if (picked.length >= limit) break;
    if (picked.length > 0 && chars + item.sentence.text.length > MAX_GROUP_CHARS) continue;
    picked.push(item);
    chars += item.sentence.text.length;
  }
  return picked.sort((a, b) => a.i - b.i).map(({ sentence }) => sentence);
}

/**
 * The grounded extractive answer: for the best few points of the notes, the reference answer or
 * definition trimmed to its most relevant sentences, each sentence followed by the marker of the
 * exact lines it was taken from.
 */
export async function composeExtractive(
  question: string,
  studentLang: Lang,
  hits: SearchHit[],
  scoreSentences: SentenceScorer,
): Promise<ComposedAnswer> {
  const citations: Citation[] = [];
  const paragraphs: string[] = [];
  for (const group of chooseGroups(groupHits(hits))) {
    const lines: string[] = [];
    const sourceLangs = new Set<Lang>();
    for (const [index, hit] of group.hits.entries()) {
      const { chunk } = hit;
      const sentences = answerSentences(chunk, chunk.answerStartLine ?? chunk.startLine);
      const scores = await scoreSentences(question, sentences.map((s) => s.text));
      // The main source gives the answer; a second file answering the same question adds one sentence.
      const picked = pickSentences(sentences, scores, index === 0 ? MAX_SENTENCES : 1);
      if (picked.length === 0 || (index > 0 && lines.some((line) => line.includes(picked[0]!.text)))) continue;
      const startLine = Math.min(...picked.map((s) => s.startLine));
      const endLine = Math.max(...picked.map((s) => s.endLine));
      citations.push(citationFor(chunk, startLine, endLine));
      const marker = `[${citations.length}]`;
      lines.push(picked.map((s) => `${s.text} ${marker}`).join(' '));
      sourceLangs.add(chunk.lang);
      if (index >= 1) break;
    }
    if (lines.length === 0) continue;
    const foreign = [...sourceLangs].filter((lang) => lang !== studentLang);
    const note = foreign.length > 0 ? ` ${foreign.map((lang) => sourceLanguageNote(studentLang, lang)).join(' ')}` : '';
    paragraphs.push(`**${group.title || 'Course notes'}**${note}\n${lines.join('\n')}`);
  }
  return { answer: paragraphs.join('\n\n'), citations };
}
