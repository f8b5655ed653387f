import { stems, words } from '../../../text/analyze.js';
import type { SupportScorer } from '../../knowledge/courseKnowledge.js';

/** Two things named side by side: "TensorFlow og Keras", "item transforms and batch transforms", "X vs Y". */
const PAIRED =
  /((?:[\p{L}\p{N}_-]+\s+)?[\p{L}\p{N}_-]+)["'«»“”’`)]*\s+(?:and|og|och|vs\.?|versus)\s+["'«»“”‘`(]*([\p{L}\p{N}_-]+(?:\s+[\p{L}\p{N}_-]+)?)/giu;
/** Where one claim ends and another begins: a sentence's end, a comma, "while", "mens", "medan", "but". */
const CLAUSE = /[.;:!?\n]+|,?\s+(?:while|whereas|but|mens|medan|men|medens|derimot)\s+|,\s+/iu;

const TOKEN = /[\p{L}\p{N}_]+/gu;

/** Whether a word of a text is the term in some form ("Items transforms" writes "item"): a shared stem. */
function sameWord(token: string, term: string): boolean {
  const forms = new Set(stems(term.toLowerCase()));
  return stems(token.toLowerCase()).some((form) => forms.has(form));
}

/** Where the text first writes the term in some form, or -1. */
function positionOf(text: string, term: string): number {
  for (const match of text.matchAll(TOKEN)) if (sameWord(match[0], term)) return match.index;
  return -1;
}

const writes = (text: string, term: string) => positionOf(text, term) >= 0;

/** The text with every form of either term hidden. */
const hidden = (text: string, [a, b]: [string, string]) =>
  text.replace(TOKEN, (token) => (sameWord(token, a) || sameWord(token, b) ? '…' : token));

/** The word that tells each side apart: "item transforms og batch transforms" → item, batch; "TensorFlow og Keras" → TensorFlow, Keras. */
function sides(left: string, right: string): [string, string] {
  const l = left.split(/\s+/);
  const r = right.split(/\s+/);
  if (l.length === 2 && r.length === 2 && l[1]!.toLowerCase() === r[1]!.toLowerCase()) return [l[0]!, r[0]!];
  return [l[l.length - 1]!, r[0]!];
}

/**
 * Names of things, not two verbs or adjectives ("forstå og tolke"): two words of one kind ("item
 * transforms og batch transforms"), or names written as names (TensorFlow, RMSE, L1).
 */
function namesThings(left: string, right: string, a: string, b: string): boolean {
  const sharedHead = left.split(/\s+/).length === 2 && left.split(/\s+/)[1]!.toLowerCase() === right.split(/\s+/)[1]?.toLowerCase();
  const asName = (word: string) => /^\p{Lu}|\d|_/u.test(word);
  return sharedHead || (asName(a) && asName(b));
}

/**
 * The two things a question names side by side, when every text given writes both (a list of three
 * or more, "AI, maskinlæring og dyp læring", is not a pair). A question about how two things differ
 * or relate is answered by saying what each one is or does.
 */
export function namedPair(question: string, ...texts: string[]): [string, string] | undefined {
  for (const match of question.matchAll(PAIRED)) {
    if (/,\s*$/.test(question.slice(0, match.index))) continue;
    const [a, b] = sides(match[1]!, match[2]!);
    if (a.toLowerCase() === b.toLowerCase() || words(a).length !== 1 || words(b).length !== 1) continue;
    if (!namesThings(match[1]!, match[2]!, a, b)) continue;
    if (texts.every((text) => writes(text, a) && writes(text, b))) return [a, b];
  }
  return undefined;
}

/**
 * What a text says of each of the two: its clauses, each given to the one of the two it names first,
 * with both names hidden so that only what is said of them is compared.
 */
export function clausesByRole(text: string, [a, b]: [string, string]): { a: string[]; b: string[] } {
  const found = { a: [] as string[], b: [] as string[] };
  for (const clause of text.split(CLAUSE)) {
    const atA = positionOf(clause, a);
    const atB = positionOf(clause, b);
    if (atA < 0 && atB < 0) continue;
    const said = hidden(clause, [a, b]).trim();
    if (words(said).length === 0) continue;
    (atB < 0 || (atA >= 0 && atA < atB) ? found.a : found.b).push(said);
  }
  return found;
}

/**
 * How much better the answer's claims about the two things a question names fit the reference's
 * claims about the other one than about the same one: "Keras does the computations, TensorFlow is the
 * high-level API" against "TensorFlow does the computations, Keras is a high-level API". Every word of
 * such an answer is in the reference, so similarity and shared words rate it right. Similarity of
 * e5 embeddings, in any of the four languages; 0 when the question names no pair or a text says
 * nothing of one of the two.
 */
export async function swappedRoles(question: string, reference: string, answer: string, score: SupportScorer): Promise<number> {
  const pair = namedPair(question, reference, answer);
  if (!pair) return 0;
  const said = clausesByRole(reference, pair);
  const claimed = clausesByRole(answer, pair);
  if (!said.a.length || !said.b.length || !claimed.a.length || !claimed.b.length) return 0;
  const [[aToA, aToB], [bToA, bToB]] = (await score([claimed.a.join(' '), claimed.b.join(' ')], [said.a.join(' '), said.b.join(' ')])) as [
    [number, number],
    [number, number],
  ];
  return Math.max(0, (aToB + bToA - aToA - bToB) / 2);
}

/** The text with the two names exchanged, each written as the other was (its first letter's case kept). */
export function exchanged(text: string, [a, b]: [string, string]): string {
  return text.replace(TOKEN, (found) => {
    if (!sameWord(found, a) && !sameWord(found, b)) return found;
    const other = sameWord(found, a) ? b : a;
    return /^\p{Lu}/u.test(found) ? other[0]!.toUpperCase() + other.slice(1) : other[0]!.toLowerCase() + other.slice(1);
  });
}
