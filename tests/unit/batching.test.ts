import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/embed/coalesce.js';

/** A real (if tiny) embedding function: each text becomes [length, first char code]. */
function recordingEmbed() {
  const batches: string[][] = [];
  const embed = async (texts: string[]) => {
    batches.push(texts);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return texts.map((t) => Float32Array.of(t.length, t.charCodeAt(0)));
  };
  return { batches, embed };
}

describe('coalescing concurrent embedding requests', () => {
  it('gathers concurrent calls into shared batches no larger than the limit, each caller getting its own vectors in order', async () => {
    const { batches, embed } = recordingEmbed();
    const shared = coalesce(embed, 4, 2);
    const calls = [['a'], ['bb', 'ccc'], ['dddd'], ['e', 'ff', 'ggg']];
    const results = await Promise.all(calls.map((texts) => shared(texts)));
    results.forEach((vectors, i) => expect(vectors.map((v) => v[0])).toEqual(calls[i]!.map((t) => t.length)));
    expect(batches.length).toBeLessThan(calls.length);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(4);
    expect(batches.flat().sort()).toEqual(calls.flat().sort());
  });

  it('a failing batch fails every caller in it and the next batch still runs', async () => {
    let fail = true;
    const shared = coalesce(
      async (texts: string[]) => {
        if (fail) {
          fail = false;
          throw new Error('model crashed');
        }
        return texts.map(() => Float32Array.of(1));
      },
      8,
      2,
    );
    const first = await Promise.allSettled([shared(['a']), shared(['b'])]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(shared(['c'])).resolves.toHaveLength(1);
  });

  it('an empty request resolves at once without calling the model', async () => {
    const { batches, embed } = recordingEmbed();
    await expect(coalesce(embed)([])).resolves.toEqual([]);
    expect(batches).toEqual([]);
  });
});
