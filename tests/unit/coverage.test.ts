import { describe, expect, it } from 'vitest';
import { COVERAGE, judgeCoverage, untranslated } from '../../src/tutor/scope/coverage.js';
import { CourseVocabulary, unknownWords } from '../../src/tutor/knowledge/vocabulary.js';
import { fuseResults, type SearchResult } from '../../src/retrieval/search.js';
import type { Chunk } from '../../src/types.js';

const chunk = (id: string, title: string, text: string) => ({ id, title, text }) as Chunk;
const vocabulary = new CourseVocabulary([
  chunk('a', 'Dropout', 'Dropout er en regulariseringsteknikk som hindrer overtilpasning i nevrale nettverk.'),
  chunk('b', 'Data Augmentation', 'Data augmentation creates new training images by flipping and cropping.'),
]);

/** A search result whose grounding score is `score` (denseTop alone carries it). */
function resultFor(query: string, score: number): SearchResult {
  return {
    query,
    mode: 'hybrid',
    hits: [{ chunk: chunk('a', 'Dropout', 'Dropout …'), score: 1 }],
    signal: { denseTop: score, denseBackground: score, corpusMean: 0, lexicalTop: 5 },
  };
}

const noScore = async () => null;

describe('coverage judgement', () => {
  it('finds the words the notes never use, past inflections and compounds of known parts', () => {
    expect(unknownWords('Hvordan hindrer dropout overtilpasning?', vocabulary)).toEqual([]);
    expect(unknownWords('What is a Kubernetes pod?', vocabulary)).toEqual(['kubernetes', 'pod']);
    expect(unknownWords('Hva er dataaugmentation?', vocabulary)).toEqual([]);
    expect(unknownWords('Hva er hashaugmentation?', vocabulary)).toEqual(['hashaugmentation']);
    // An inflection follows a known word ("dropouten"); any four letters do not ("dropoutkhai").
    expect(unknownWords('Hvordan hindrer dropouten overtilpasning?', vocabulary)).toEqual([]);
    expect(unknownWords('Hva er dropoutkhai?', vocabulary)).toEqual(['dropoutkhai']);
  });

  it('refuses below the floor, covers a question of known words above it', async () => {
    const low = await judgeCoverage(resultFor('Hva er dropout?', COVERAGE.floor - 0.01), { vocabulary, score: noScore });
    expect(low).toMatchObject({ covered: false, step: 'score' });
    const known = await judgeCoverage(resultFor('Hva er dropout?', COVERAGE.floor + 0.01), { vocabulary, score: noScore });
    expect(known).toMatchObject({ covered: true, step: 'words' });
  });

  it('a question with unknown words needs a reading whose subject the notes name, or else a high score', async () => {
    const question = 'Hur undviker man överanpassning med dropout?';
    const score = COVERAGE.floor + 0.05;
    const noModel = await judgeCoverage(resultFor(question, score), { vocabulary, score: noScore });
    expect(noModel).toMatchObject({ covered: false, step: 'no-reading' });
    const courseTerm = await judgeCoverage(resultFor(question, score), {
      vocabulary,
      read: async () => ({ english: 'How do you avoid overfitting with dropout?', subject: 'Dropout' }),
      score: async () => COVERAGE.englishMin + 0.01,
    });
    expect(courseTerm).toMatchObject({ covered: true, step: 'reading' });
    const elsewhere = await judgeCoverage(resultFor('Hur bakar man kanelbullar?', score), {
      vocabulary,
      read: async () => ({ english: 'How do you bake cinnamon buns?', subject: 'Cinnamon buns' }),
      score: async () => COVERAGE.englishMin + 0.01,
    });
    expect(elsewhere).toMatchObject({ covered: false, step: 'reading' });
  });

  it('a question that quotes a code name as a found passage writes it is covered, whatever everyday words ask it', async () => {
    const score = COVERAGE.floor + 0.05;
    const found = (query: string): SearchResult => ({
      ...resultFor(query, score),
      hits: [{ chunk: chunk('c', 'Options', "program.option('--no-sauce', 'Remove sauce')"), score: 1 }],
    });
    const quoted = await judgeCoverage(found('Vad gör ett flagga med no- framför, som --no-sauce?'), { vocabulary, score: noScore });
    expect(quoted).toMatchObject({ covered: true, step: 'code' });
    // A code name the passages do not write is no evidence; nor is a short one.
    const other = await judgeCoverage(found('Vad gör en flagga som --no-cache framför?'), { vocabulary, score: noScore });
    expect(other).toMatchObject({ covered: false, step: 'no-reading' });
    const short = await judgeCoverage(found('Vad gör --no framför?'), { vocabulary, score: noScore });
    expect(short).toMatchObject({ covered: false, step: 'no-reading' });
  });

  it('a translation whose every word the notes use covers the question though the model named a poor subject', async () => {
    const score = COVERAGE.floor + 0.05;
    const context = (english: string) => ({
      vocabulary,
      read: async () => ({ english, subject: 'Technical term' }),
      score: async () => COVERAGE.englishMin + 0.01,
    });
    const translated = await judgeCoverage(
      resultFor('Hvordan lager man nye treningsbilder?', score),
      context('How do you create new training images?'),
    );
    expect(translated).toMatchObject({ covered: true, step: 'reading' });
    const offTopic = await judgeCoverage(resultFor('Hvordan lager man kanelboller?', score), context('How do you make cinnamon buns?'));
    expect(offTopic).toMatchObject({ covered: false, step: 'reading' });
    // An English question is its own reading: its unknown words still need a subject the notes name.
    const english = await judgeCoverage(resultFor('How do you make training images?', score), context('How do you make training images?'));
    expect(english).toMatchObject({ covered: false, step: 'reading' });
  });

  it('fuses phrasings by rank, named by the first and grounded by the strongest', () => {
    const first = resultFor('Hva er et eksempel på data augmentering?', 3.9);
    const second = {
      ...resultFor('Hva er data augmentering? Kan du gi et eksempel?', 4.2),
      hits: [{ chunk: chunk('b', 'Data Augmentation', '…'), score: 1 }],
    };
    const fused = fuseResults([first, second], 5);
    expect(fused.query).toBe(first.query);
    expect(fused.signal).toBe(second.signal);
    expect(fused.hits.map((h) => h.chunk.id).sort()).toEqual(['a', 'b']);
  });
});

describe('what the notes can be said to say nothing about', () => {
  it('only words the English reading kept as they are', () => {
    const reading = { english: 'What is the difference between overfitting and underfitting?', subject: 'Machine Learning' };
    expect(untranslated(['underfitting'], reading)).toEqual(['underfitting']);
    expect(
      untranslated(['förstärkningsinlärning'], { english: 'What is reinforcement learning?', subject: 'Reinforcement learning' }),
    ).toEqual([]);
    expect(untranslated(['rnn'], undefined)).toEqual(['rnn']);
  });
});
