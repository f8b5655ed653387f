import { describe, expect, it } from 'vitest';
import type { ExplanationStore, StoredExplanation } from '../../src/index/stores/explanations/explanationStore.js';

const entry = (key: string, unitId: string, hash: string, text: string): StoredExplanation => ({
  key,
  lang: 'nb',
  question: 'hva er dropout',
  sources: [{ unitId, file: 'notes.md', hash }],
  body: {
    composer: 'llm',
    text,
    citations: [{ file: 'notes.md', startLine: 3, endLine: 4, title: 'Dropout', text: 'Dropout slår av nevroner.' }],
    lang: 'nb',
  },
  createdAt: new Date().toISOString(),
});

/**
 * The cases every ExplanationStore passes (as hono runs every router against one case file): what is
 * put is read back as written, by another handle on the same storage too (another replica); a key
 * never put is absent; a second put replaces the first; `retain` drops exactly the entries whose
 * sources changed.
 */
export function explanationStoreCases(name: string, open: () => Promise<ExplanationStore>): void {
  describe(`ExplanationStore contract: ${name}`, () => {
    const key = (n: number) => `${name.length}${'0'.repeat(30)}${n}`.slice(-32).replace(/[^0-9a-f]/g, 'a');

    it('reads back what was put, from another handle on the same storage; an unknown key is absent', async () => {
      const writer = await open();
      const reader = await open();
      await writer.put(entry(key(1), 'u1', 'h1', 'Dropout slår av tilfeldige nevroner. [1]'));
      expect(await reader.get(key(1))).toMatchObject({ key: key(1), lang: 'nb', sources: [{ unitId: 'u1', hash: 'h1' }] });
      expect(((await reader.get(key(1)))!.body as { text: string }).text).toBe('Dropout slår av tilfeldige nevroner. [1]');
      expect(await reader.get(key(9))).toBeNull();
    });

    it('a second put of a key replaces the first', async () => {
      const store = await open();
      await store.put(entry(key(2), 'u2', 'h2', 'first'));
      await store.put(entry(key(2), 'u2', 'h2', 'second'));
      expect(((await store.get(key(2)))!.body as { text: string }).text).toBe('second');
    });

    it('retain drops the entries whose sources are no longer current, and only those', async () => {
      const store = await open();
      await store.put(entry(key(3), 'u3', 'old', 'stale'));
      await store.put(entry(key(4), 'u4', 'same', 'fresh'));
      const removed = await store.retain((source) => source.unitId !== 'u3');
      expect(removed).toBeGreaterThanOrEqual(1);
      expect(await store.get(key(3))).toBeNull();
      expect(await store.get(key(4))).not.toBeNull();
    });
  });
}
