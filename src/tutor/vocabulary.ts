import { distance } from 'fastest-levenshtein';
import { foldCognate, words } from '../text/analyze.js';
import type { Chunk } from '../types.js';

/**
 * Every word form the course uses, cognate-folded. A definition question about a term the notes
 * never write ("What is a recurrent neural network (RNN)?") is not covered, however close its
 * other words ("neural network") bring it to a passage.
 */
export class CourseVocabulary {
  private readonly known: Set<string>;
  private readonly long: string[];

  constructor(chunks: readonly Chunk[]) {
    this.known = new Set(chunks.flatMap((chunk) => words(`${chunk.title} ${chunk.text}`).map(foldCognate)));
    this.long = [...this.known].filter((word) => word.length >= 5);
  }

  /** Whether the notes use this word, an inflection or compound of it ("dataaugmentering" ⊃ "augmentering"). */
  knows(word: string): boolean {
    const folded = foldCognate(word.toLowerCase());
    if (this.known.has(folded)) return true;
    if (folded.length < 5) return false;
    if (this.long.some((known) => folded.includes(known) || known.includes(folded))) return true;
    // A typo or another spelling ("overtilpassning") is one or two edits from a known word; a
    // different word built alike ("underfitting" beside "overfitting") is more.
    const allowed = folded.length >= 10 ? 2 : 1;
    return this.long.some((known) => Math.abs(known.length - folded.length) <= allowed && distance(known, folded) <= allowed);
  }
}

const DEFINITION =
  /^\s*(?:what\s+(?:is|are)|what's|define|explain\s+what|hva\s+(?:er|betyr)|hvad\s+(?:er|betyder)|vad\s+(?:är|betyder)|forklar\s+hva|forklar\s+hvad|förklara\s+vad|definer|definér|definiera)\s+(.+?)\s*\??\s*$/i;

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

/** Words of what a definition question asks about that the notes never use; [] for other questions. */
export function unknownSubjectWords(question: string, vocabulary: CourseVocabulary): string[] {
  const subject = DEFINITION.exec(question.split('\n')[0] ?? '')?.[1];
  if (!subject) return [];
  return words(subject).filter((word) => !/\d/.test(word) && !ASPECT.has(word) && !vocabulary.knows(word));
}
