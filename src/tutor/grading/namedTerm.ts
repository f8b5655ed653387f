import { foldCognate } from '../../text/analyze.js';
import type { BankQuestion } from '../knowledge/bank.js';

/** Words a subject may start with that name no thing ("a feature", "en tensor"). */
const ARTICLES = new Set(['a', 'an', 'the', 'en', 'ett', 'et', 'ei', 'den', 'det']);
/** Words after a term that narrow where it is asked about, not what ("feature in machine learning"). */
const QUALIFIERS = new Set(['in', 'within', 'for', 'when', 'i', 'inom', 'innen', 'innenfor', 'når', 'när', 'ved', 'vid']);

function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}_]+/gu) ?? []
  );
}

/** Plural and definite endings in the four languages: "hyperparameters", "dropouten", "lagene". */
const INFLECTIONS = new Set(['s', 'es', 'e', 'n', 'r', 'er', 'ar', 'or', 'en', 'et', 'na', 'ne', 'ene', 'erne', 'arna', 'orna']);

/** The same word, perhaps inflected; not a derivation ("learner" is not "learning"). */
function sameWord(a: string, b: string): boolean {
  const x = foldCognate(a);
  const y = foldCognate(b);
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short === long || (long.startsWith(short) && INFLECTIONS.has(long.slice(short.length)));
}

/** The term's own words and, if it gives one in parentheses, its abbreviation ("Natural Language Processing (NLP)"). */
function namesOf(term: string): string[][] {
  const abbreviation = /\(([^)]+)\)/.exec(term)?.[1];
  return [tokens(term.replace(/\([^)]*\)/g, ' ')), ...(abbreviation ? [tokens(abbreviation)] : [])].filter((name) => name.length > 0);
}

/** Whether a subject is this term, perhaps with an article before it or a qualifier after it. */
export function namesTerm(subject: string, term: string): boolean {
  let asked = tokens(subject);
  while (asked.length > 1 && ARTICLES.has(asked[0]!)) asked = asked.slice(1);
  return namesOf(term).some(
    (name) =>
      name.length <= asked.length &&
      name.every((word, i) => sameWord(word, asked[i]!)) &&
      (asked.length === name.length || QUALIFIERS.has(asked[name.length]!)),
  );
}

/**
 * The glossary entries a definition question names ("What is a feature in machine learning?" →
 * "feature"; "Vad är förstärkningsinlärning?" read in English as "reinforcement learning"): a
 * question that asks what a term is has that term's entry as its reference, whatever passages
 * retrieval ranks above it.
 */
export function namedTerms(subjects: readonly string[], references: readonly BankQuestion[]): BankQuestion[] {
  return references.filter((ref) => ref.origin === 'glossary' && subjects.some((subject) => namesTerm(subject, ref.text)));
}
