import { citeLines, type Citation } from '../knowledge/citations.js';
import type { SearchHit } from '../../retrieval/search.js';
import type { Chunk, Lang } from '../../types.js';
import { MARKDOWN_HEADING } from '../../text/markdown.js';
import { normaliseForComparison } from '../../text/normalise.js';
import { quotedLanguage } from '../../text/language.js';
import { sourceLanguageNote } from '../messages/phrases.js';
import { answerSentences, type Sentence } from '../knowledge/sentences.js';
import type { SentenceScorer } from '../knowledge/courseKnowledge.js';
import { SPREAD } from '../../tuning.js';
import { keepNearBest } from '../knowledge/nearBest.js';

export type { Citation };

export interface ComposedAnswer {
  answer: string;
  citations: Citation[];
}

const MAX_GROUPS = 3;
const MAX_SENTENCES = 3;
const MAX_GROUP_CHARS = 520;
/** A further passage is shown only if its similarity is this close to the best one. */
const SIMILARITY_SPREAD = SPREAD.passage;

interface Group {
  title: string;
  hits: SearchHit[];
}

/** Hits with an answer part, grouped so one exam question answered in two files is one point. */
function groupHits(hits: SearchHit[]): Group[] {
  const groups = new Map<string, Group>();
  for (const hit of hits) {
    const { chunk } = hit;
    if (chunk.answerStartLine === undefined && chunk.kind !== 'prose') continue;
    // A heading alone is a title, not a statement to quote.
    if (chunk.kind === 'prose' && chunk.text.split('\n').every((line) => !line.trim() || MARKDOWN_HEADING.test(line))) continue;
    const key = chunk.kind === 'qa' || chunk.kind === 'exam' ? `q:${normaliseForComparison(chunk.title)}` : chunk.unitId;
    const group = groups.get(key) ?? { title: chunk.title, hits: [] };
    if (!group.hits.some((h) => h.chunk.file === chunk.file && h.chunk.unitId === chunk.unitId)) group.hits.push(hit);
    groups.set(key, group);
  }
  return [...groups.values()];
}

interface Candidate {
  group: Group;
  sentences: Sentence[][];
  scores: number[][];
  fit: number;
}

/**
 * Score every candidate point by passage similarity plus its best answer sentence: a short chunk
 * made mostly of its question can resemble any "what is …" question, but its answer will not.
 * One batched scoring call covers all candidates.
 */
async function rankCandidates(question: string, groups: Group[], scoreSentences: SentenceScorer): Promise<Candidate[]> {
  const sentences = groups.map((group) => group.hits.map(({ chunk }) => answerSentences(chunk, chunk.answerStartLine ?? chunk.startLine)));
  const flat = sentences.flat(2).map((s) => s.text);
  const flatScores = await scoreSentences(question, flat);
  let cursor = 0;
  const candidates = groups.map((group, g) => {
    const scores = sentences[g]!.map((list) => list.map(() => flatScores[cursor++] ?? 0));
    const similarity = Math.max(...group.hits.map((hit) => hit.similarity ?? 0));
    // An answer that is only code has no sentences; its passage similarity stands in for them.
    const bestSentence = scores.flat().length > 0 ? Math.max(...scores.flat()) : similarity;
    // Without similarities (lexical-only), earlier groups keep a small edge from their rank.
    const fit = similarity > 0 ? similarity + bestSentence : bestSentence + (groups.length - g) * 1e-3;
    return { group, sentences: sentences[g]!, scores, fit };
  });
  return candidates.sort((a, b) => b.fit - a.fit);
}

function chooseCandidates(ranked: Candidate[]): Candidate[] {
  return keepNearBest(ranked, (c) => c.fit, 2 * SIMILARITY_SPREAD).slice(0, MAX_GROUPS);
}

/** An answer that is only code (no prose sentences): its first code block, fenced, with its lines. */
function codeAnswer(chunk: Chunk): { text: string; startLine: number; endLine: number } | undefined {
  const from = chunk.answerStartLine ?? chunk.startLine;
  const lines = chunk.text.split('\n');
  let open = -1;
  for (let i = Math.max(0, from - chunk.startLine); i < lines.length; i++) {
    if (!/^\s*```/.test(lines[i] ?? '')) continue;
    if (open < 0) open = i;
    else {
      const body = lines.slice(open + 1, i).join('\n');
      return { text: '```\n' + body + '\n```', startLine: chunk.startLine + open, endLine: chunk.startLine + i };
    }
  }
  return undefined;
}

/** The first sentence (the direct answer) and the most relevant others, in reading order. */
function pickSentences(sentences: Sentence[], scores: number[], limit: number): Sentence[] {
  if (sentences.length === 0) return [];
  // Fragments such as "`x_train`" are no statement; a short answer ("Backpropagation") still is.
  const substantial = sentences.map((s) => s.text.split(/\s+/).length >= 3);
  const usable = (i: number) => substantial[i] || !substantial.some(Boolean);
  const best = Math.max(...scores.filter((_, i) => usable(i)));
  const first = sentences.findIndex((_, i) => usable(i));
  const ranked = sentences
    .map((sentence, i) => ({ sentence, i, score: scores[i] ?? 0 }))
    .filter(({ i, score }) => usable(i) && (i === first || score >= best - SPREAD.sentence))
    .sort((a, b) => (a.i === first ? -1 : b.i === first ? 1 : b.score - a.score));
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
  for (const candidate of chooseCandidates(await rankCandidates(question, groupHits(hits), scoreSentences))) {
    const { group } = candidate;
    const lines: string[] = [];
    const sourceLangs = new Set<Lang>();
    for (const [index, hit] of group.hits.entries()) {
      const { chunk } = hit;
      const sentences = candidate.sentences[index] ?? [];
      if (sentences.length === 0 && index === 0) {
        const code = codeAnswer(chunk);
        if (code) {
          citations.push(citeLines([chunk], code.startLine, code.endLine));
          lines.push(`${code.text}\n[${citations.length}]`);
          sourceLangs.add(chunk.lang);
        }
        continue;
      }
      // The main source gives the answer; a second file answering the same question adds one sentence.
      const picked = pickSentences(sentences, candidate.scores[index] ?? [], index === 0 ? MAX_SENTENCES : 1);
      if (picked.length === 0 || (index > 0 && lines.some((line) => line.includes(picked[0]!.text)))) continue;
      const startLine = Math.min(...picked.map((s) => s.startLine));
      const endLine = Math.max(...picked.map((s) => s.endLine));
      citations.push(citeLines([chunk], startLine, endLine));
      const marker = `[${citations.length}]`;
      lines.push(picked.map((s) => `${s.text} ${marker}`).join(' '));
      sourceLangs.add(quotedLanguage(picked.map((s) => s.text).join(' '), chunk.langs));
      if (index >= 1) break;
    }
    if (lines.length === 0) continue;
    const foreign = [...sourceLangs].filter((lang) => lang !== studentLang);
    const note = foreign.length > 0 ? ` ${sourceLanguageNote(studentLang, foreign)}` : '';
    paragraphs.push(`**${group.title || 'Course notes'}**${note}\n${lines.join('\n')}`);
  }
  return { answer: paragraphs.join('\n\n'), citations };
}
