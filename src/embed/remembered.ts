import type { Embedder } from './embedder.js';

/** Vectors kept (about 1.5 kB each at 384 dimensions): the course's sentences several times over. */
const REMEMBERED = 50_000;

/**
 * An embedder that remembers the vectors of the texts it embedded (oldest forgotten first), so a
 * tutor rebuilt over the same notes (a teacher's correction, a new calibration, a re-index that
 * changed one file) embeds only what changed. Bulk embedding with progress (an index build) is
 * passed through, not kept.
 */
export function remembering(embedder: Embedder, capacity = REMEMBERED): Embedder {
  const kept = new Map<string, Float32Array>();
  const embedOnce = async (kind: 'p' | 'q', texts: string[], embed: (missing: string[]) => Promise<Float32Array[]>) => {
    const missing = [...new Set(texts.filter((t) => !kept.has(kind + t)))];
    if (missing.length > 0) {
      const vectors = await embed(missing);
      missing.forEach((text, i) => kept.set(kind + text, vectors[i]!));
      for (const key of kept.keys()) {
        if (kept.size <= capacity) break;
        kept.delete(key);
      }
    }
    // Read back after storing: a text evicted by this very call is embedded again rather than lost.
    return Promise.all(texts.map(async (t) => kept.get(kind + t) ?? (await embed([t]))[0]!));
  };
  return {
    model: embedder.model,
    device: embedder.device,
    dimension: embedder.dimension,
    embedPassages: (texts, onBatch) =>
      onBatch ? embedder.embedPassages(texts, onBatch) : embedOnce('p', texts, (missing) => embedder.embedPassages(missing)),
    embedQueries: (texts) => embedOnce('q', texts, (missing) => embedder.embedQueries(missing)),
  };
}
