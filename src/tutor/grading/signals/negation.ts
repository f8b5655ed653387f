import { stems, words } from '../../../text/analyze.js';
import { detectLanguage } from '../../../text/language.js';
import type { PoleFlip } from './antonyms.js';

/**
 * Words that deny what follows them (or, after a Scandinavian main-clause verb, what precedes):
 * "not", "ikke", "inte", "without", "uden", and "stops"/"slutar", which deny a change going on.
 */
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'without',
  'cannot',
  'stop',
  'stops',
  'ikke',
  'ikkje',
  'aldri',
  'uten',
  'slutter',
  'stopper',
  'inte',
  'ej',
  'icke',
  'aldrig',
  'utan',
  'slutar',
  'uden',
  'ophører',
]);

/** Negators that follow the verb they deny in a Scandinavian main clause ("kopierer ikke"). */
export const AFTER_VERB: ReadonlySet<string> = new Set(['not', 'never', 'ikke', 'ikkje', 'aldri', 'inte', 'ej', 'icke', 'aldrig']);

/** How far before a word its negator may stand ("does not actually copy", "ikke faktisk kopier"). */
const BEFORE = 2;
/** The shortest word that can carry a claim ("copy", "øke"); shorter ones are function words. */
const MIN_CLAIM = 4;

/** Words in order; a clause's end (punctuation) is an empty string. */
function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/n['’]t\b/g, ' not')
      .match(/\p{L}+|[,;:.!?()]/gu) ?? []
  ).map((token) => (/\p{L}/u.test(token) ? token : ''));
}

/** "ikke faktisk kopier", "kopierer ikke": the word with the negator that denies it (the word alone when none does). */
function denialPhrase(sequence: readonly string[], i: number): string {
  if (AFTER_VERB.has(sequence[i + 1] ?? '')) return `${sequence[i]} ${sequence[i + 1]}`;
  const from = sequence.slice(Math.max(0, i - BEFORE), i).findIndex((w) => NEGATORS.has(w));
  return sequence.slice(from < 0 ? i : Math.max(0, i - BEFORE) + from, i + 1).join(' ');
}

/** The notes deny a word the negator stands just before (or, in a main clause, just after). */
const deniedAt = (sequence: readonly string[], i: number): boolean => denialPhrase(sequence, i) !== sequence[i];

/** An answer denies a word anywhere after a negator in its clause ("without waiting for it to improve"). */
function deniedInClause(sequence: readonly string[], i: number): boolean {
  if (AFTER_VERB.has(sequence[i + 1] ?? '')) return true;
  for (let j = i - 1; j >= 0 && sequence[j] !== ''; j--) if (NEGATORS.has(sequence[j]!)) return true;
  return false;
}

/** How near a word the words that say what it is about stand ("PyTorch … kopierer", "copy the data"). */
const NEIGHBOURHOOD = 4;

interface Use {
  word: string;
  denied: boolean;
  /** Stems of the content words around it. */
  neighbours: Set<string>;
  /** The denial as written ("ikke faktisk kopier"), for the feedback. */
  phrase: string;
}

/** Each content word's uses, by stem. */
function uses(text: string, denied: (sequence: readonly string[], i: number) => boolean): Map<string, Use[]> {
  const sequence = tokens(text);
  const content = new Set(words(text));
  const claim = (word: string | undefined) => !!word && word.length >= MIN_CLAIM && content.has(word) && !NEGATORS.has(word);
  const byStem = new Map<string, Use[]>();
  sequence.forEach((word, i) => {
    if (!claim(word)) return;
    const around = sequence.slice(Math.max(0, i - NEIGHBOURHOOD), i + NEIGHBOURHOOD + 1).filter((w) => claim(w) && w !== word);
    const use: Use = {
      word,
      denied: denied(sequence, i),
      neighbours: new Set(around.flatMap(stems)),
      phrase: denialPhrase(sequence, i),
    };
    for (const stem of stems(word)) byStem.set(stem, [...(byStem.get(stem) ?? []), use]);
  });
  return byStem;
}

const shareNeighbour = (a: Use, b: Use) => [...a.neighbours].some((stem) => b.neighbours.has(stem));

/**
 * What the notes deny, asserted: the reference uses a word only under a negation ("PyTorch ikke
 * faktisk kopier") and the answer uses it only without one, said of the same thing (a word near it
 * in both: "PyTorch kopierer den mindste tensor"). Similarity and the small model both read these
 * as the same sentence. Words of the question are its subject, not a claim, and are left out; only
 * within one language, like phraseFlip.
 */
export function negationFlip(question: string, reference: string, answer: string): PoleFlip | undefined {
  if (detectLanguage(reference) !== detectLanguage(answer)) return undefined;
  const asked = new Set(words(question).flatMap(stems));
  const noted = uses(reference, deniedAt);
  for (const [stem, answered] of uses(answer, deniedInClause)) {
    const inNotes = noted.get(stem);
    if (asked.has(stem) || !inNotes || answered.some((use) => use.denied) || !inNotes.every((use) => use.denied)) continue;
    const said = answered.find((use) => inNotes.some((denial) => shareNeighbour(use, denial)));
    if (said) return { reference: inNotes[0]!.phrase, answer: said.word };
  }
  return undefined;
}
