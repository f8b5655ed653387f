import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.js';
import type { IndexData } from '../../src/index/store.js';
import type { CourseStore } from '../../src/index/stores/courseStore.js';

/** Everything a store case needs: the store under test, the index generation it was filled from, and the model. */
export interface StoreUnderTest {
  store: CourseStore;
  index: IndexData;
  embedder: Embedder;
}

/** The oracle: the similarity of a vector to every chunk of the index, by brute force over its raw vectors. */
function bruteForce(index: IndexData, vector: Float32Array): number[] {
  const dimension = index.manifest.model!.dimension;
  return index.chunks.map((_, label) => {
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let d = 0; d < dimension; d++) {
      const x = vector[d]!;
      const y = index.vectors[label * dimension + d]!;
      dot += x * y;
      a += x * x;
      b += y * y;
    }
    return dot / Math.sqrt(a * b);
  });
}

const QUERIES = ['Hva er dropout?', 'Why can we not always use a high learning rate?', 'Vad är en aktiveringsfunktion?'];

/**
 * The cases every CourseStore passes (as hono runs every router against one case file): the chunks
 * of its index, nearest neighbours and similarities that match a brute-force search over the index's
 * own vectors, the spread of a vector's similarity, and lexical matches ranked best first.
 */
export function courseStoreCases(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`CourseStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    const vectors = async () => subject.embedder.embedQueries(QUERIES);

    it('holds the chunks of its index generation, in label order, and the fingerprint of its model', async () => {
      subject = await open();
      expect(subject.store.chunks.map((chunk) => chunk.id)).toEqual(subject.index.chunks.map((chunk) => chunk.id));
      expect(subject.store.modelFingerprint).toBe(subject.embedder.model.fingerprint);
    });

    it('nearest: the k most similar chunks, best first, with the similarities a brute-force search gives', async () => {
      for (const vector of await vectors()) {
        const exact = bruteForce(subject.index, vector);
        const expected = exact
          .map((similarity, label) => ({ id: subject.index.chunks[label]!.id, similarity }))
          .sort((a, b) => b.similarity - a.similarity)
          .slice(0, 10);
        const hits = await subject.store.nearest(vector, 10);
        expect(hits).toHaveLength(10);
        hits.slice(1).forEach((hit, i) => expect(hit.similarity).toBeLessThanOrEqual(hits[i]!.similarity + 1e-6));
        expect(hits[0]!.chunk.id).toBe(expected[0]!.id);
        const found = new Set(hits.map((hit) => hit.chunk.id));
        expect(expected.filter((e) => found.has(e.id)).length).toBeGreaterThanOrEqual(9);
        for (const hit of hits) {
          const label = subject.index.chunks.findIndex((chunk) => chunk.id === hit.chunk.id);
          expect(hit.similarity).toBeCloseTo(exact[label]!, 4);
        }
      }
    });

    it('similarityTo and similarityStats: the numbers grading asks for, NaN for a chunk that is not there', async () => {
      const [vector] = await vectors();
      const exact = bruteForce(subject.index, vector!);
      const ids = subject.index.chunks.slice(0, 6).map((chunk) => chunk.id);
      const similarities = await subject.store.similarityTo(vector!, [...ids, 'no-such-chunk']);
      ids.forEach((_, i) => expect(similarities[i]).toBeCloseTo(exact[i]!, 4));
      expect(similarities[6]).toBeNaN();
      const mean = exact.reduce((sum, s) => sum + s, 0) / exact.length;
      const std = Math.sqrt(exact.reduce((sum, s) => sum + (s - mean) ** 2, 0) / exact.length);
      const stats = await subject.store.similarityStats(vector!);
      expect(stats.mean).toBeCloseTo(mean, 4);
      expect(stats.std).toBeCloseTo(std, 4);
    });

    it('lexical: at most k matches, best first; a cognate in another language through its n-grams; nothing for gibberish', async () => {
      const matches = await subject.store.lexical('dropout nevroner', 5);
      expect(matches.length).toBeGreaterThan(0);
      expect(matches.length).toBeLessThanOrEqual(5);
      matches.slice(1).forEach((match, i) => expect(match.score).toBeLessThanOrEqual(matches[i]!.score + 1e-9));
      expect(matches[0]!.chunk.text.toLowerCase()).toContain('dropout');
      const [cognate] = await subject.store.lexical('överanpassning', 3);
      expect(cognate!.chunk.text).toMatch(/anpassad|overtilpasning|overfitting/i);
      expect(await subject.store.lexical('qqzxv wwkjq', 5)).toEqual([]);
    });
  });
}
