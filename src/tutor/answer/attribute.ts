import { log } from '../../log.js';
import { splitSentences } from '../../text/sentences.js';
import { stemRecall } from '../../text/analyze.js';
import { citationMarkers } from '../knowledge/markers.js';
import type { SupportScorer } from '../knowledge/courseKnowledge.js';
import { EXPLANATION } from '../../tuning.js';
import { checkSupport, type SupportReading, type SupportVerdict } from './support.js';

export type { SupportScorer };

/** "The notes explain …", "described in [1], [2]": about the notes, not about the subject. */
const ABOUT_THE_NOTES = /\b(the notes|notatene|noterne|anteckningarna|kursnotatene|passages?|described in|beskrevet i|beskrivs i)\b/i;

/** A leading list marker or a label the model puts before a sentence ("37. ", "- ", "Explanation: ", "Merk: "). */
const LABEL =
  /^(?:\s*(?:\d+[.)]|[-*•])\s+)?(?:(?:explanation|note|answer|summary|forklaring|förklaring|svar|merk|obs|bemærk|notera|sammendrag|sammanfattning|opsummering)\s*:\s+)?/iu;
/** A list marker inside a sentence ("… da 2. den tager …"): a list copied across its items, not a sentence. */
const LIST_RESIDUE = /(?:^|[\s,;:])\d{1,2}[.)]\s+\p{L}/u;
/** Fewer words than this make a heading or a fragment, not an explaining sentence. */
const MIN_WORDS = 4;
/** A sentence with this share of its stems in another says nothing that one does not. */
const CONTAINED = EXPLANATION.contained;

const normalised = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The model's markers are moved before the sentence's end, so "… tar. [1] Neste …" splits after the marker. */
const markersBeforeEnd = (text: string) => text.replace(/([.!?])((?:\s*\[\d{1,3}\])+)/g, '$2$1');

/** Sentences of a paragraph; a list number on its own ("1. Weight decay …" splits after "1.") stays with the sentence it numbers. */
function segments(paragraph: string): string[] {
  const joined: string[] = [];
  let marker = '';
  for (const { segment } of splitSentences(paragraph, { joinAbbreviations: true })) {
    if (/^\s*\d{1,3}[.)]\s*$/.test(segment)) marker += segment;
    else {
      joined.push(marker + segment);
      marker = '';
    }
  }
  if (marker) joined.push(marker);
  return joined;
}

/**
 * The complete sentences of text the model is still writing, and what is left (a sentence being
 * written). With `final`, the rest is a sentence too. Code the model writes is not from the notes
 * (the quotes show the notes' own) and is left out.
 */
export function completeSentences(text: string, final: boolean): { sentences: string[]; rest: string } {
  const prose = markersBeforeEnd(text.replace(/```[\s\S]*?(?:```|$)/g, '\n'));
  const paragraphs = prose.split(/\n+/);
  const lastParagraph = final ? '' : (paragraphs.pop() ?? '');
  const sentences = paragraphs.flatMap((p) => segments(p).map((s) => s.trim()));
  const open = segments(lastParagraph);
  const rest = open.pop() ?? '';
  sentences.push(...open.map((s) => s.trim()));
  return { sentences: sentences.filter(Boolean), rest };
}

export interface AttributeOptions {
  maxSentences?: number;
  inLanguage?: (sentence: string) => boolean;
  /** Terms the notes never write: a sentence about them cannot rest on the notes, however alike it reads. */
  unsupportedTerms?: readonly string[];
  /** The student's question: a sentence that only repeats it explains nothing. */
  question?: string;
  /** The notes' own questions of the passages: a sentence that says one again explains nothing (and may state a claim the notes call false). */
  notesQuestions?: readonly string[];
  /** The instructions the model was given: a small model sometimes writes them out again. */
  instructions?: string;
  /** The first quote of the answer already on screen: a sentence that only says it again adds nothing. */
  firstQuote?: string;
  /** Checks for the cache, written when nobody waits: the model's readings go in the background lane. */
  background?: boolean;
}

/** What a drop rule sees of one sentence of an explanation, and of the sentences kept before it. */
interface Candidate {
  plain: string;
  key: string;
  kept: ReadonlyArray<{ plain: string }>;
  options: AttributeOptions;
}

/** Rules that drop a sentence before its support is checked, in the order they are tried (as transformers.js chains its logits processors). */
const DROP_RULES: ReadonlyArray<{ name: string; drops: (c: Candidate) => boolean }> = [
  { name: 'fragment', drops: (c) => (c.plain.match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? []).length < MIN_WORDS },
  { name: 'list residue', drops: (c) => LIST_RESIDUE.test(c.plain) },
  { name: 'repeat', drops: (c) => c.kept.some((earlier) => stemRecall(c.plain, earlier.plain) >= CONTAINED) },
  { name: 'echoes the question', drops: (c) => c.options.question !== undefined && normalised(c.plain) === normalised(c.options.question) },
  // An explanation states; a question in it is the notes' or the student's asked again, or a new one it does not answer.
  { name: 'asks a question', drops: (c) => c.plain.includes('?') },
  {
    name: 'echoes the instructions',
    drops: (c) => c.options.instructions !== undefined && stemRecall(c.plain, c.options.instructions) >= CONTAINED,
  },
  { name: "echoes the notes' question", drops: (c) => (c.options.notesQuestions ?? []).some((q) => stemRecall(c.plain, q) >= CONTAINED) },
  {
    name: 'restates the first quote',
    drops: (c) => c.options.firstQuote !== undefined && stemRecall(c.plain, c.options.firstQuote) >= CONTAINED,
  },
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

export type Considered =
  | { kept: true; plain: string; passages: number[]; support: SupportVerdict }
  | { kept: false; plain: string; reason: string; support?: SupportVerdict };

/**
 * Small models forget markers, cite the wrong passage, copy list numbers and add what no passage
 * says. Each sentence of an explanation, as it is written, is cleaned (labels, list markers), put
 * through the drop rules, then checked against the passage it cites (or, without a marker, the
 * passage most like it): kept only when that passage supports it (support.ts).
 */
export class SentenceChecker {
  private readonly kept: Array<{ plain: string }> = [];

  constructor(
    private readonly passages: readonly string[],
    private readonly score: SupportScorer,
    private readonly read: SupportReading | null,
    private readonly options: AttributeOptions = {},
  ) {}

  get keptCount(): number {
    return this.kept.length;
  }

  async consider(sentence: string): Promise<Considered> {
    const own = [...new Set(citationMarkers(sentence).map((m) => m.n))].filter((n) => n >= 1 && n <= this.passages.length);
    const unlabelled = sentence
      .replace(/\s*\[\d{1,3}\]/g, '')
      .replace(LABEL, '')
      .trim();
    // A list number or label taken off leaves the sentence starting where the model's did not.
    const plain =
      unlabelled === sentence.replace(/\s*\[\d{1,3}\]/g, '').trim() ? unlabelled : unlabelled.charAt(0).toUpperCase() + unlabelled.slice(1);
    const rule = DROP_RULES.find((r) => r.drops({ plain, key: plain.toLowerCase(), kept: this.kept, options: this.options }));
    if (rule) return { kept: false, plain, reason: rule.name };
    const [similarity = []] = this.passages.length ? await this.score([plain], [...this.passages]) : [];
    const best = similarity.reduce((top, value, index) => (value > (similarity[top] ?? -1) ? index : top), 0) + 1;
    // The passages it cites first, then the one most like it; two at most (each may cost the model a reading).
    const candidates = [...new Set([...own, best])].slice(0, 2);
    let support: SupportVerdict | undefined;
    for (const n of candidates) {
      support = await checkSupport(plain, this.passages[n - 1]!, this.options.question ?? '', this.read, this.options.background);
      log.debug('explanation sentence', { sentence: plain, passage: n, ...support });
      if (support.supported) {
        this.kept.push({ plain });
        return { kept: true, plain, passages: [n], support };
      }
    }
    return { kept: false, plain, reason: 'not supported', ...(support ? { support } : {}) };
  }
}
