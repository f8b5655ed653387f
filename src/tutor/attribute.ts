import { log } from '../log.js';
import { citationMarkers } from './markers.js';

/** Scores sentences (as questions) against passages: one row of passage scores per sentence. */
export type SupportScorer = (sentences: string[], passages: string[]) => Promise<number[][]>;

export interface Attributed {
  /** The kept sentences, each ending with the markers of the passages that support it. */
  text: string;
  /** Sentences dropped because no passage supports them, or because they talk about the notes. */
  dropped: string[];
}

/**
 * e5 similarity a sentence needs to a passage to count as resting on it. Measured on explanations
 * of the dev questions: sentences restating a passage score 0.86–0.93 with it, added claims
 * ("Learner is built on top of PyTorch") 0.78–0.83 with every passage.
 */
export const SUPPORT_MIN = 0.84;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** "The notes explain …", "described in [1], [2]": about the notes, not about the subject. */
const ABOUT_THE_NOTES = /\b(the notes|notatene|noterne|anteckningarna|kursnotatene|passages?|described in|beskrevet i|beskrivs i)\b/i;

function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((paragraph) => [...segmenter.segment(paragraph)].map((s) => s.segment.trim()))
    .filter((sentence) => /\p{L}{2,}/u.test(sentence.replace(/\[\d+\]/g, '')));
}

/**
 * Small models forget markers, cite the wrong passage and add what no passage says. Each sentence
 * keeps the markers of passages that support it (the best-supporting one when it has none of its
 * own); a sentence no passage supports, a repeated one, one that talks about the notes, or one
 * copied in another language (a Danish line in a Norwegian explanation) is dropped.
 */
export async function attributeSentences(
  text: string,
  passages: string[],
  score: SupportScorer,
  options: {
    maxSentences?: number;
    inLanguage?: (sentence: string) => boolean;
    /** Terms the notes never write: a sentence about them cannot rest on the notes, however alike it reads. */
    unsupportedTerms?: readonly string[];
  } = {},
): Promise<Attributed> {
  const maxSentences = options.maxSentences ?? 6;
  const sentences = sentencesOf(text);
  const bare = sentences.map((sentence) => sentence.replace(/\s*\[\d+\]/g, '').trim());
  const support = sentences.length && passages.length ? await score(bare, passages) : [];
  const kept: string[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  sentences.forEach((sentence, i) => {
    const plain = bare[i]!;
    const scores = support[i] ?? [];
    const key = plain.toLowerCase();
    const foreign = options.inLanguage && plain.split(/\s+/).length >= 6 && !options.inLanguage(plain);
    const unsupported = (options.unsupportedTerms ?? []).some((term) => key.includes(term.toLowerCase()));
    if (seen.has(key) || ABOUT_THE_NOTES.test(plain) || foreign || unsupported || kept.length >= maxSentences) {
      dropped.push(plain);
      return;
    }
    const own = [...new Set(citationMarkers(sentence).map((m) => m.n))].filter((n) => (scores[n - 1] ?? 0) >= SUPPORT_MIN);
    const best = scores.reduce((top, value, index) => (value > (scores[top] ?? -1) ? index : top), 0);
    const markers = own.length > 0 ? own : (scores[best] ?? 0) >= SUPPORT_MIN ? [best + 1] : [];
    log.debug('explanation sentence', { sentence: plain, support: scores.map((value) => Number(value.toFixed(3))), markers });
    if (markers.length === 0) {
      dropped.push(plain);
      return;
    }
    seen.add(key);
    const end = /[.!?]$/.test(plain) ? '' : '.';
    kept.push(`${plain}${end} ${markers.map((n) => `[${n}]`).join('')}`);
  });
  return { text: kept.join(' '), dropped };
}
