import { foldCognate } from '../../text/analyze.js';
import { definedTerm } from '../../text/definedTerm.js';
import type { BankQuestion } from '../knowledge/bank.js';
import { definitionSubjects } from '../knowledge/vocabulary.js';

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

function withoutArticle(words: string[]): string[] {
  let rest = words;
  while (rest.length > 1 && ARTICLES.has(rest[0]!)) rest = rest.slice(1);
  return rest;
}

/** The term's own words and, if it gives one in parentheses, its abbreviation ("Natural Language Processing (NLP)"). */
function namesOf(term: string): string[][] {
  const abbreviation = /\(([^)]+)\)/.exec(term)?.[1];
  return [tokens(term.replace(/\([^)]*\)/g, ' ')), ...(abbreviation ? [tokens(abbreviation)] : [])]
    .map(withoutArticle)
    .filter((name) => name.length > 0);
}

/** Whether a subject is this term, perhaps with an article before it or a qualifier after it. */
export function namesTerm(subject: string, term: string): boolean {
  const asked = withoutArticle(tokens(subject));
  return namesOf(term).some(
    (name) =>
      name.length <= asked.length &&
      name.every((word, i) => sameWord(word, asked[i]!)) &&
      (asked.length === name.length || QUALIFIERS.has(asked[name.length]!)),
  );
}

/** Whether a text names the term anywhere, perhaps inflected or spelt as a cognate ("loss funksjon" names "Loss Function"). */
export function mentionsTerm(text: string, term: string): boolean {
  const words = tokens(text);
  return namesOf(term).some((name) =>
    words.some((_, start) => start + name.length <= words.length && name.every((word, i) => sameWord(word, words[start + i]!))),
  );
}

/** Whether a line defines the term ("Presisjon: Forholdet …" for "Presisjon"; "Hyperparameters: These are …" for "en hyperparameter"). */
export function definesTerm(line: string, term: string): boolean {
  const defined = definedTerm(line);
  return defined !== undefined && (defined === term || namesTerm(term, defined));
}

/**
 * The terms a reference is about: a glossary entry's own term and those it defines inside
 * ("Presisjon" under "Metric"), or what an exam question asks the definition of (one or several).
 */
export function termsOf(ref: BankQuestion): string[] {
  return ref.origin === 'glossary' ? [ref.text, ...(ref.terms ?? [])] : definitionSubjects(ref.text);
}

/**
 * The references a definition question names ("What is a feature in machine learning?" →
 * "feature"; "Vad är förstärkningsinlärning?" read in English as "reinforcement learning"; "What
 * is a gradient?" names "Hvad er en gradient?" asked in English): a question that asks what a term
 * is has that term's entry as its reference, whatever passages retrieval ranks above it.
 */
export function namedTerms(subjects: readonly string[], references: readonly BankQuestion[]): Array<{ ref: BankQuestion; term?: string }> {
  return references.flatMap((ref) => {
    const terms = termsOf(ref);
    const name = terms.find((term) => subjects.some((subject) => namesTerm(subject, term)));
    if (name === undefined) return [];
    // A term the entry defines inside itself, or one of the terms an exam question asks about
    // together ("Vad är en parameter? Vad är en hyperparameter?"), is what the question asks of it.
    const oneOfSeveral = ref.origin === 'glossary' ? ref.terms?.includes(name) : terms.length > 1;
    return [oneOfSeveral ? { ref, term: name } : { ref }];
  });
}
