import MiniSearch, { type Options } from 'minisearch';
import type { Chunk } from '../types.js';
import { grams, stems, words } from '../text/analyze.js';

interface LexicalDoc {
  id: number;
  title: string;
  body: string;
  grams: string;
}

/** Field weights, tuned on the development retrieval set. */
const BOOST = { title: 2, body: 1, grams: 0.25 };

const OPTIONS: Options<LexicalDoc> = {
  fields: ['title', 'body', 'grams'],
  storeFields: [],
  tokenize: (text: string) => words(text),
  processTerm: (term: string, fieldName?: string) => (fieldName === 'grams' ? grams(term) : stems(term)),
  searchOptions: { boost: BOOST, combineWith: 'OR' },
};

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
    return this.search
      .search(text)
      .slice(0, limit)
      .map((result) => ({ label: Number(result.id), score: result.score }));
  }
}
