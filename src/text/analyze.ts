import { stemmer as stemDa } from '@orama/stemmers/danish';
import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemNb } from '@orama/stemmers/norwegian';
import { stemmer as stemSv } from '@orama/stemmers/swedish';
import { stopwords as stopDa } from '@orama/stopwords/danish';
import { stopwords as stopEn } from '@orama/stopwords/english';
import { stopwords as stopNb } from '@orama/stopwords/norwegian';
import { stopwords as stopSv } from '@orama/stopwords/swedish';

const STOPWORDS = new Set([...stopDa, ...stopEn, ...stopNb, ...stopSv, 'explain', 'forklar', 'förklara']);
const STEMMERS = [stemNb, stemDa, stemSv, stemEn];
const GRAM = 4;

/** Lower-cased words without stop words; "fine_tune()" gives "fine" and "tune". */
export function words(text: string): string[] {
  const tokens =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return tokens.filter((token) => !STOPWORDS.has(token) && (token.length > 1 || /\d/.test(token)));
}

/**
 * A word and its stems in all four languages. A question in English about a Norwegian passage
 * cannot say which stemmer fits, so documents and queries both carry every variant.
 */
export function stems(word: string): string[] {
  const variants = new Set([word]);
  for (const stem of STEMMERS) {
    const stemmed = stem(word);
    if (stemmed.length >= 2) variants.add(stemmed);
  }
  return [...variants];
}

/**
 * Spelling rules by which the Scandinavian languages took in Latin and English words, and their
 * vowels' marks: convolution/konvolusjon, precision/presisjon, function/funktion/funksjon,
 * complex/kompleks, överanpassning/overtilpasning, læring/lärning. Folded before n-grams are taken.
 */
const COGNATE_SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/ck/g, 'k'],
  [/qu/g, 'kv'],
  [/x/g, 'ks'],
  [/z/g, 's'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/(?:ss|s|t)ion/g, 'sjon'],
];

export function foldCognate(word: string): string {
  const unmarked = word.replace(/æ/g, 'a').replace(/ø/g, 'o').normalize('NFD').replace(/\p{M}/gu, '');
  return COGNATE_SPELLINGS.reduce((folded, [pattern, spelling]) => folded.replace(pattern, spelling), unmarked);
}

/** Character n-grams of longer words: they match cognates such as augment/augmentering. */
export function grams(token: string): string[] {
  const word = foldCognate(token);
  if (word.length < GRAM + 1) return [];
  const out: string[] = [];
  for (let i = 0; i + GRAM <= word.length; i++) out.push(word.slice(i, i + GRAM));
  return out;
}

function stemSet(text: string): Set<string> {
  return new Set(words(text).flatMap(stems));
}

function sharedCount(x: Set<string>, y: Set<string>): number {
  let shared = 0;
  for (const stem of x) if (y.has(stem)) shared++;
  return shared;
}

/** F1 of the stems two texts share (symmetric): how much of each is found in the other. */
export function stemOverlap(a: string, b: string): number {
  const x = stemSet(a);
  const y = stemSet(b);
  if (x.size === 0 || y.size === 0) return 0;
  const shared = sharedCount(x, y);
  const precision = shared / x.size;
  const recall = shared / y.size;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Share of the wanted text's stems found in the other text: relevance when no model is loaded. */
export function stemRecall(wanted: string, text: string): number {
  const x = stemSet(wanted);
  return x.size === 0 ? 0 : sharedCount(x, stemSet(text)) / x.size;
}
