import { distance } from 'fastest-levenshtein';
import { foldCognate, stems, words } from '../../text/analyze.js';
import type { Chunk } from '../../types.js';

/**
 * Every word form the course uses, cognate-folded. A definition question about a term the notes
 * never write ("What is a recurrent neural network (RNN)?") is not covered, however close its
 * other words ("neural network") bring it to a passage.
 */
export class CourseVocabulary {
  private readonly known: Set<string>;
  private readonly knownStems: Set<string>;
  private readonly long: string[];

  constructor(chunks: readonly Chunk[]) {
    this.known = new Set(chunks.flatMap((chunk) => words(`${chunk.title} ${chunk.text}`).map(foldCognate)));
    this.knownStems = new Set([...this.known].flatMap(stems).filter((stem) => stem.length >= MIN_STEM));
    this.long = [...this.known].filter((word) => word.length >= 5);
  }

  /** Whether the notes use this word, an inflection or compound of it ("dataaugmentering" ⊃ "augmentering"). */
  knows(word: string): boolean {
    return this.knowsFolded(foldCognate(word.toLowerCase()), true);
  }

  private knowsFolded(folded: string, splitCompounds: boolean): boolean {
    if (this.known.has(folded)) return true;
    if (stems(folded).some((stem) => stem.length >= MIN_STEM && this.knownStems.has(stem))) return true;
    if (folded.length < 5) return false;
    if (this.long.some((known) => known.includes(folded))) return true;
    // A compound is known when each of its parts is: "dataaugmentering" (data + augmentering), not
    // "hashtabell" (hash is no word of the course) nor "solcellepanel".
    if (splitCompounds && this.long.some((known) => folded.includes(known) && this.knowsRest(folded, known))) return true;
    // A typo or another spelling ("overtilpassning") is one or two edits from a known word and
    // starts as it does; a different word built alike ("underfitting" beside "overfitting",
    // "clustering" beside "justering") is more, or starts otherwise.
    const allowed = folded.length >= 10 ? 2 : 1;
    return this.long.some(
      (known) => known[0] === folded[0] && Math.abs(known.length - folded.length) <= allowed && distance(known, folded) <= allowed,
    );
  }

  /** Whether what a compound has besides a known part is a known word before it and an ending or a known word after it. */
  private knowsRest(compound: string, part: string): boolean {
    const at = compound.indexOf(part);
    const before = compound.slice(0, at).replace(/[se]$/, '');
    const after = compound.slice(at + part.length);
    return (
      (before.length === 0 || this.knowsFolded(before, false)) &&
      (INFLECTION.test(after) || this.knowsFolded(after.replace(/^[se]/, ''), false))
    );
  }
}

/** Shorter stems ("bak", "tid") match too many unrelated words. */
const MIN_STEM = 4;
/**
 * What may follow a known word as an inflection: up to four letters starting with a vowel
 * ("konvolusjon" + "ellt", "lag" + "ene") or a consonant ending ("-s", "-t", "-na"); not any four
 * letters ("blokk" + "hain" is no inflection of "blokk").
 */
const INFLECTION = /^(?:[aeiouy]\p{L}{0,3}|[nrst]|n[ae]|ns|st|ts)?$/u;

const DEFINITION =
  /^\s*(?:what\s+(?:is|are)|what's|define|explain\s+what|hva\s+(?:er|betyr)|hvad\s+(?:er|betyder)|vad\s+(?:är|betyder)|forklar\s+hva|forklar\s+hvad|förklara\s+vad|definer|definér|definiera)\s+(.+?)\s*\??\s*$/i;

/** "What does precision measure?", "Hva måler recall?": what a measure or term stands for is its definition. */
const MEANING = /^\s*(?:what\s+does\s+(.+?)\s+(?:mean|measure|stand\s+for)|(?:hva|hvad)\s+måler\s+(.+?)|vad\s+mäter\s+(.+?))\s*\??\s*$/i;

/** Words that say which aspect is asked about ("the goal of", "forskjellen på"), not what the thing is. */
const ASPECT = new Set([
  'goal',
  'goals',
  'purpose',
  'aim',
  'point',
  'meaning',
  'role',
  'idea',
  'use',
  'uses',
  'used',
  'advantage',
  'advantages',
  'benefit',
  'benefits',
  'difference',
  'differences',
  'main',
  'function',
  'definition',
  'example',
  'examples',
  'type',
  'types',
  'formål',
  'formålet',
  'hensikt',
  'hensikten',
  'mål',
  'målet',
  'poeng',
  'poenget',
  'betydning',
  'betydningen',
  'rolle',
  'rollen',
  'fordel',
  'fordeler',
  'fordelen',
  'forskjell',
  'forskjellen',
  'forskel',
  'forskellen',
  'eksempel',
  'syfte',
  'syftet',
  'poäng',
  'poängen',
  'roll',
  'rollen',
  'fördel',
  'fördelar',
  'skillnad',
  'skillnaden',
  'exempel',
  'hovedfunksjon',
  'hovedfunksjonen',
]);

/** '"Dropout" är en regulariseringsteknik, vad är det för något?': the thing named first, then asked what it is. */
const NAMED_THEN_ASKED =
  /^\s*["“«']?([^"“”«»',;:]+?)["”»']?\s+(?:is|are|är|er)\s+[^?]+?[,;:]\s*(?:what|vad|hva|hvad)\s+(?:is|are|är|er)\s+(?:it|this|that|det|den|dette|detta)\b[^?]*\??\s*$/i;
/** Words a thing is named in at most, for NAMED_THEN_ASKED (more is a claim, not a name). */
const MAX_NAME_WORDS = 4;

/**
 * The thing itself, without what the grammar puts around it: the copula that ends "explain what X
 * is" ("forklar hva X er") and a second question joined on ("X, and why is it used?").
 */
function bareSubject(subject: string): string {
  return subject
    .replace(/,?\s+(?:and|og|och|samt)\s+(?:why|how|what|when|hvorfor|hvordan|hva|hvad|når|varför|hur|vad|när)\b.*$/i, '')
    .replace(/\s+(?:is|are|er|är)$/i, '')
    .trim();
}

/** What a definition question ("Hva er X?", "What is X?") asks about; undefined for other questions. */
export function definitionSubject(question: string): string | undefined {
  const first = question.split('\n')[0] ?? '';
  const meaning = MEANING.exec(first);
  const named = NAMED_THEN_ASKED.exec(first)?.[1];
  const subject =
    DEFINITION.exec(first)?.[1] ??
    meaning?.[1] ??
    meaning?.[2] ??
    meaning?.[3] ??
    (named && named.split(/\s+/).length <= MAX_NAME_WORDS ? named : undefined);
  return subject === undefined ? undefined : bareSubject(subject) || undefined;
}

/**
 * What each definition question in a text asks about: an exam question may ask two at once
 * ("Vad är en parameter? Vad är en hyperparameter?").
 */
export function definitionSubjects(text: string): string[] {
  const first = text.split('\n')[0] ?? '';
  return first.split(/(?<=\?)\s+/).flatMap((sentence) => definitionSubject(sentence) ?? []);
}

/** Words of what a definition question asks about that the notes never use; [] for other questions. */
export function unknownSubjectWords(question: string, vocabulary: CourseVocabulary): string[] {
  const subject = definitionSubject(question);
  if (!subject) return [];
  return words(subject).filter((word) => !/\d/.test(word) && !ASPECT.has(word) && !vocabulary.knows(word));
}

/** Content words of a question that the notes never use, in any inflection, compound or spelling ("kanelbullar", "kubernetes"). */
export function unknownWords(question: string, vocabulary: CourseVocabulary): string[] {
  return words(question).filter((word) => !/\d/.test(word) && !ASPECT.has(word) && !vocabulary.knows(word));
}
