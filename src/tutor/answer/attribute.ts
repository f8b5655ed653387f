import { log } from '../../log.js';
import { splitSentences } from '../../text/sentences.js';
import { stemRecall } from '../../text/analyze.js';
import { citationMarkers } from '../knowledge/markers.js';

import type { SupportScorer } from '../knowledge/courseKnowledge.js';
import { EXPLANATION } from '../../tuning.js';

export type { SupportScorer };

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
export const SUPPORT_MIN = EXPLANATION.supportMin;

/** "The notes explain …", "described in [1], [2]": about the notes, not about the subject. */
const ABOUT_THE_NOTES = /\b(the notes|notatene|noterne|anteckningarna|kursnotatene|passages?|described in|beskrevet i|beskrivs i)\b/i;

/** A leading number or a label the model puts before a sentence ("37. ", "Explanation: ", "Merk: "). */
const LABEL =
  /^(?:\d+\.\s+)?(?:(?:explanation|note|answer|summary|forklaring|förklaring|svar|merk|obs|bemærk|notera|sammendrag|sammanfattning|opsummering)\s*:\s+)?/iu;
/** Fewer words than this make a heading or a fragment, not an explaining sentence. */
const MIN_WORDS = 4;
/** A sentence with this share of its stems in another says nothing that one does not. */
const CONTAINED = EXPLANATION.contained;

/** Prose sentences of an explanation: code the model writes is not from the notes (the quotes show the notes' own). */
function sentencesOf(text: string): string[] {
  return text
    .replace(/```[\s\S]*?(?:```|$)/g, '\n')
    .split(/\n+/)
    .flatMap((paragraph) => splitSentences(paragraph, { joinAbbreviations: true }).map((s) => s.segment.trim()))
    .map((sentence) => sentence.replace(LABEL, ''))
    .filter((sentence) => (sentence.replace(/\[\d+\]/g, ' ').match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? []).length >= MIN_WORDS);
}

const normalised = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export interface AttributeOptions {
  maxSentences?: number;
  inLanguage?: (sentence: string) => boolean;
  /** Terms the notes never write: a sentence about them cannot rest on the notes, however alike it reads. */
  unsupportedTerms?: readonly string[];
  /** The student's question: a sentence that only repeats it explains nothing. */
  question?: string;
}

/** What a drop rule sees of one sentence of an explanation, and of the sentences kept before it. */
interface Candidate {
  plain: string;
  key: string;
  kept: ReadonlyArray<{ plain: string }>;
  seen: ReadonlySet<string>;
  options: AttributeOptions;
}

/** Rules that drop a sentence before its support is checked, in the order they are tried (as transformers.js chains its logits processors). */
const DROP_RULES: ReadonlyArray<{ name: string; drops: (c: Candidate) => boolean }> = [
  { name: 'repeat', drops: (c) => c.seen.has(c.key) || c.kept.some((earlier) => stemRecall(c.plain, earlier.plain) >= CONTAINED) },
  { name: 'echoes the question', drops: (c) => c.options.question !== undefined && normalised(c.plain) === normalised(c.options.question) },
  // A sentence ending in a colon introduces something (a list, code) that is not kept.
  { name: 'introduces', drops: (c) => /:$/.test(c.plain) },
  { name: 'about the notes', drops: (c) => ABOUT_THE_NOTES.test(c.plain) },
  {
    name: 'another language',
    drops: (c) => Boolean(c.options.inLanguage && c.plain.split(/\s+/).length >= 6 && !c.options.inLanguage(c.plain)),
  },
  { name: 'unsupported term', drops: (c) => (c.options.unsupportedTerms ?? []).some((term) => c.key.includes(term.toLowerCase())) },
  { name: 'enough said', drops: (c) => c.kept.length >= (c.options.maxSentences ?? 6) },
];

/** The passages a sentence rests on: its own markers that a passage supports, else the best-supporting passage; [] when none does. */
function supportingMarkers(sentence: string, scores: readonly number[]): number[] {
  const own = [...new Set(citationMarkers(sentence).map((m) => m.n))].filter((n) => (scores[n - 1] ?? 0) >= SUPPORT_MIN);
  if (own.length > 0) return own;
  const best = scores.reduce((top, value, index) => (value > (scores[top] ?? -1) ? index : top), 0);
  return (scores[best] ?? 0) >= SUPPORT_MIN ? [best + 1] : [];
}

/**
 * Small models forget markers, cite the wrong passage and add what no passage says. Each sentence
 * keeps the markers of passages that support it (the best-supporting one when it has none of its
 * own); a sentence no passage supports, or one a drop rule catches (a repeat, also in other words;
 * the question again; one that introduces code; one about the notes; one copied in another language,
 * as a Danish line in a Norwegian explanation), is dropped.
 */
export async function attributeSentences(
  text: string,
  passages: string[],
  score: SupportScorer,
  options: AttributeOptions = {},
): Promise<Attributed> {
  const sentences = sentencesOf(text);
  const bare = sentences.map((sentence) => sentence.replace(/\s*\[\d+\]/g, '').trim());
  const support = sentences.length && passages.length ? await score(bare, passages) : [];
  const kept: Array<{ plain: string; rendered: string }> = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  sentences.forEach((sentence, i) => {
    const plain = bare[i]!;
    const key = plain.toLowerCase();
    if (DROP_RULES.some((rule) => rule.drops({ plain, key, kept, seen, options }))) {
      dropped.push(plain);
      return;
    }
    const scores = support[i] ?? [];
    const markers = supportingMarkers(sentence, scores);
    log.debug('explanation sentence', { sentence: plain, support: scores.map((value) => Number(value.toFixed(3))), markers });
    if (markers.length === 0) {
      dropped.push(plain);
      return;
    }
    seen.add(key);
    // An earlier sentence that this one says again with more is replaced by it.
    for (const earlier of kept.filter((k) => stemRecall(k.plain, plain) >= CONTAINED)) {
      kept.splice(kept.indexOf(earlier), 1);
      dropped.push(earlier.plain);
    }
    const end = /[.!?]$/.test(plain) ? '' : '.';
    kept.push({ plain, rendered: `${plain}${end} ${markers.map((n) => `[${n}]`).join('')}` });
  });
  return { text: kept.map((k) => k.rendered).join(' '), dropped };
}
