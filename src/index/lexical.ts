import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Chunk } from '../types.js';
import { grams, stems, words } from '../text/analyze.js';

interface LexicalDoc {
  id: number;
  title: string;
  body: string;
  grams: string;
}

/** Field weights, tuned on the development retrieval set. */
const BOOST = { title: 2, body: 1 };
/** Weight of the n-gram side against the word side, tuned on the development retrieval set. */
export const GRAM_WEIGHT = 2;

const OPTIONS: Options<LexicalDoc> = {
  fields: ['title', 'body', 'grams'],
  storeFields: [],
  tokenize: (text: string) => words(text),
  processTerm: (term: string, fieldName?: string) => (fieldName === 'grams' ? grams(term) : stems(term)),
};

/** At query time MiniSearch calls processTerm without a field: a query word is its stems here. */
const WORD_SEARCH: SearchOptions = { fields: ['title', 'body'], boost: BOOST, combineWith: 'OR' };

/**
 * Each query word's n-grams weigh 1/n together, so a long word counts once, not once per n-gram
 * (an n-gram two words share keeps the larger weight). The Postgres store weighs them the same way.
 */
export function queryGramWeights(queryWords: readonly string[]): Map<string, number> {
  const weight = new Map<string, number>();
  for (const word of queryWords) {
    const terms = grams(word);
    for (const term of terms) weight.set(term, Math.max(weight.get(term) ?? 0, 1 / terms.length));
  }
  return weight;
}

/**
 * MiniSearch multiplies a result's score by the number of query terms it matched; query() divides
 * that back out, which keeps the n-gram side a plain weighted sum.
 */
function gramSearch(text: string): SearchOptions {
  const weight = queryGramWeights(words(text));
  return { fields: ['grams'], processTerm: (term) => grams(term), boostTerm: (term) => weight.get(term) ?? 0, combineWith: 'OR' };
}

export interface LexicalHit {
  label: number;
  score: number;
}

/** BM25 (MiniSearch's BM25+) over stop-word-free, stemmed words and character n-grams. */
export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<LexicalDoc>) {}

  static build(chunks: readonly Chunk[]): LexicalIndex {
    const search = new MiniSearch<LexicalDoc>(OPTIONS);
    search.addAll(chunks.map((chunk, label) => ({ id: label, title: chunk.title, body: chunk.text, grams: `${chunk.title} ${chunk.text}` })));
    return new LexicalIndex(search);
  }

  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDoc>(json, OPTIONS));
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  query(text: string, limit: number): LexicalHit[] {
    const score = new Map<number, number>();
    for (const result of this.search.search(text, WORD_SEARCH)) score.set(Number(result.id), result.score);
    for (const result of this.search.search(text, gramSearch(text))) {
      const id = Number(result.id);
      score.set(id, (score.get(id) ?? 0) + (GRAM_WEIGHT * result.score) / Math.max(1, result.queryTerms.length));
    }
    return [...score]
      .map(([label, value]) => ({ label, score: value }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
