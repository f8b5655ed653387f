import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PACKAGED_MODEL_ID } from '../src/config.js';
import { ModelUnavailableError, cudaProviderInstalled, loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { MODELS } from './helpers/env.js';

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

describe('real multilingual embeddings', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadEmbedder(loadConfig({ TUTOR_MODEL_DIR: MODELS, TUTOR_DEVICE: 'auto' }));
  });

  it('loads the packaged offline model on the CPU when no GPU is there', () => {
    expect(embedder.model.id).toBe(PACKAGED_MODEL_ID);
    expect(embedder.model.localDir).toBe(path.join(MODELS, ...PACKAGED_MODEL_ID.split('/')));
    expect(embedder.dimension).toBe(384);
    // auto picks CUDA only where onnxruntime's CUDA provider is installed (never on these machines).
    expect(embedder.device).toBe(cudaProviderInstalled() ? 'cuda' : 'cpu');
  });

  it('"What is dropout?" is closer to the Norwegian dropout definition than to the learning-rate-finder sentence', async () => {
    const [query] = await embedder.embedQueries(['What is dropout?']);
    const [dropout, finder] = await embedder.embedPassages([
      '3. Dropout: En regulariseringsteknikk som tilfeldig setter en andel av inngangsenhetene til 0 ved hver oppdatering under trening, som hjelper til med å forhindre at nevroner ko-adapterer for mye.',
      '30. Learning Rate Finder: En teknikk brukt for å bestemme en passende læringsrate for trening av nevrale nettverk, spesielt i konteksten av stochastic gradient descent-optimaliseringsalgoritmer.',
    ]);
    expect(cosine(query!, dropout!)).toBeGreaterThan(cosine(query!, finder!) + 0.02);
  });

  it('matches across nb/sv/da/en: a Swedish question finds the Danish SGD answer before an unrelated one', async () => {
    const [query] = await embedder.embedQueries(['Vad är stokastisk gradientnedstigning?']);
    const [sgd, tensor] = await embedder.embedPassages([
      'What is SGD? Stochastic Gradient Descent Det er en iterativ måde, at optimere vores model via. gradients.',
      'Create a 3×3 tensor or array containing the numbers from 1 to 9. Double it.',
    ]);
    expect(cosine(query!, sgd!)).toBeGreaterThan(cosine(query!, tensor!));
  });

  it('batching changes nothing: a text embeds the same alone and inside a mixed-length batch', async () => {
    const texts = [
      'kort',
      'En mye lengre tekst om nevrale nettverk og hvordan de trenes med gradient descent over mange epoker.',
      'medium length text',
    ];
    const batch = await embedder.embedPassages(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embedPassages([text]);
      expect(cosine(alone!, batch[i]!)).toBeGreaterThan(0.9999);
    }
    expect(batch.every((v) => Math.abs(cosine(v, v) - 1) < 1e-4)).toBe(true);
  });
});

describe('missing model', () => {
  it('offline with an empty model folder: a clear error, not a crash', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-nomodel-'));
    process.env.TUTOR_OFFLINE = '1';
    try {
      await expect(loadEmbedder(loadConfig({ TUTOR_MODEL_DIR: empty, TUTOR_DEVICE: 'cpu' }))).rejects.toBeInstanceOf(ModelUnavailableError);
    } finally {
      delete process.env.TUTOR_OFFLINE;
    }
  });
});
