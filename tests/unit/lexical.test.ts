import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/index/lexical.js';
import { foldCognate } from '../../src/text/analyze.js';
import type { Chunk } from '../../src/types.js';

const chunk = (title: string, text: string) => ({ title, text }) as Chunk;

const chunks = [
  chunk('gradual unfreezing', 'Gradvis opplåsing: lagene i en forhåndstrent modell låses opp gradvis under trening.'),
  chunk('Overfitting', 'Teknikker som forhindrer overtilpasning i dyplæringsmodeller: dropout og data augmentering.'),
  chunk('Learning rate', 'Læringsraten styrer hvor store steg optimereren tar.'),
  chunk('Tabell', 'Data alene, uten noe mer.'),
  chunk('Metrikker', 'Presisjon: andelen av de forutsagte positive som er sanne positive.'),
];

describe('lexical index', () => {
  const index = LexicalIndex.fromJSON(LexicalIndex.build(chunks).toJSON());

  it('finds a cognate in another language by its character n-grams', () => {
    expect(index.query('överanpassning', 4)[0]?.label).toBe(1);
    expect(index.query('augmentation', 4)[0]?.label).toBe(1);
  });

  it('folds the spellings by which the languages took in Latin words (precision/presisjon)', () => {
    expect(foldCognate('precision')).toBe(foldCognate('presisjon'));
    expect(foldCognate('function')).toBe(foldCognate('funktion'));
    expect(foldCognate('funktion')).toBe(foldCognate('funksjon'));
    expect(foldCognate('complex')).toBe(foldCognate('kompleks'));
    expect(index.query('precision', 4)[0]?.label).toBe(4);
  });

  it('an exact word outweighs a long word that only shares n-grams', () => {
    expect(index.query('læringsraten overtilpasningsteknikk', 4)[0]?.label).toBe(2);
  });

  it('n-grams never match a short word of the body', () => {
    // "data" is a 4-gram of "datasettet" but must not find the chunk that only says "Data".
    expect(index.query('datasettet', 4).map((hit) => hit.label)).not.toContain(3);
  });

  it('a query of only stop words finds nothing', () => {
    expect(index.query('og i en', 4)).toEqual([]);
  });
});
