import { groundedByScore } from '../src/tutor/scope/coverage.js';
import { createRetriever } from '../src/app/open.js';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { IndexCorruptError, loadIndex } from '../src/index/store.js';
import { tempWorkspace } from './helpers/env.js';

const EDITED = '003_3481d4d7558ed6e1.txt';

describe('index', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadEmbedder(tempWorkspace('model').config);
  });

  it('incremental re-index: editing one file re-embeds only its chunks', async () => {
    const { config, corpusDir } = tempWorkspace('incremental');
    const first = await buildIndex({ config, embedder });
    expect(first.embeddedChunks).toBe(first.chunks);
    const before = loadIndex(config.indexDir);

    const again = await buildIndex({ config, embedder });
    expect(again.upToDate).toBe(true);
    expect(again.embeddedChunks).toBe(0);

    const file = path.join(corpusDir, EDITED);
    fs.appendFileSync(file, '\n\n- 18. What is a learning rate scheduler?\n  - En plan for hvordan læringsraten ændres under træning.\n');
    const third = await buildIndex({ config, embedder });
    const after = loadIndex(config.indexDir);
    expect(third.changedFiles).toEqual([EDITED]);
    const editedChunks = after.chunks.filter((c) => c.file === EDITED);
    expect(third.embeddedChunks).toBe(editedChunks.length);
    expect(third.reusedChunks).toBe(after.chunks.length - editedChunks.length);
    expect(editedChunks.some((c) => c.title === 'What is a learning rate scheduler?')).toBe(true);

    // Every other file's chunks and vectors are exactly what they were.
    const dim = embedder.dimension;
    const vectorOf = (data: typeof before, id: string) => {
      const label = data.chunks.findIndex((c) => c.id === id);
      return Array.from(data.vectors.subarray(label * dim, (label + 1) * dim));
    };
    for (const chunk of before.chunks.filter((c) => c.file !== EDITED)) {
      const same = after.chunks.find((c) => c.id === chunk.id);
      expect(same).toEqual(chunk);
      expect(vectorOf(after, chunk.id)).toEqual(vectorOf(before, chunk.id));
    }
    expect(after.manifest.files[EDITED]?.sha256).not.toBe(before.manifest.files[EDITED]?.sha256);

    // Deleting a file drops its chunks.
    fs.rmSync(file);
    const fourth = await buildIndex({ config, embedder });
    expect(fourth.removedFiles).toEqual([EDITED]);
    expect(loadIndex(config.indexDir).chunks.some((c) => c.file === EDITED)).toBe(false);
  });

  it('a model change forces a full re-index', async () => {
    const { config } = tempWorkspace('model-change');
    const first = await buildIndex({ config, embedder });
    const otherModel: Embedder = { ...embedder, model: { ...embedder.model, fingerprint: `${embedder.model.fingerprint}-retrained` } };
    const second = await buildIndex({ config, embedder: otherModel });
    expect(second.upToDate).toBe(false);
    expect(second.reusedChunks).toBe(0);
    expect(second.embeddedChunks).toBe(first.chunks);
    expect(loadIndex(config.indexDir).manifest.model?.fingerprint).toBe(otherModel.model.fingerprint);
  });

  it('atomic write: a crash before the switch leaves the old index loadable and unchanged', async () => {
    const { config, corpusDir } = tempWorkspace('atomic');
    await buildIndex({ config, embedder });
    const before = loadIndex(config.indexDir);
    fs.appendFileSync(path.join(corpusDir, EDITED), '\n- 19. What is momentum?\n  - Et glidende gennemsnit af gradienterne.\n');
    await expect(
      buildIndex({
        config,
        embedder,
        beforeSwitch: () => {
          throw new Error('simulated crash mid-write');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const still = loadIndex(config.indexDir);
    expect(still.manifest.corpusDigest).toBe(before.manifest.corpusDigest);
    expect(still.chunks).toEqual(before.chunks);
    const retriever = createRetriever(still, embedder);
    const result = await retriever.search('What is SGD?');
    expect(result.hits.some((hit) => /SGD/.test(hit.chunk.title))).toBe(true);
    // The next build notices the change and completes.
    const next = await buildIndex({ config, embedder });
    expect(next.changedFiles).toEqual([EDITED]);
  });

  it('a damaged index file is detected, never trusted, and rebuilt', async () => {
    const { config } = tempWorkspace('corrupt');
    await buildIndex({ config, embedder });
    const generation = fs.readFileSync(path.join(config.indexDir, 'CURRENT'), 'utf8').trim();
    const chunksFile = path.join(config.indexDir, generation, 'chunks.json');
    fs.truncateSync(chunksFile, 100);
    expect(() => loadIndex(config.indexDir)).toThrow(IndexCorruptError);
    const rebuilt = await buildIndex({ config, embedder });
    expect(rebuilt.embeddedChunks).toBe(rebuilt.chunks);
    expect(loadIndex(config.indexDir).chunks.length).toBe(rebuilt.chunks);
  });

  it('hybrid search finds the Norwegian glossary line for an English question and refuses off-topic ones', async () => {
    const { config } = tempWorkspace('search');
    await buildIndex({ config, embedder });
    const retriever = createRetriever(loadIndex(config.indexDir), embedder);
    const dropout = await retriever.search('What is dropout?', { k: 5 });
    expect(groundedByScore(dropout)).toBe(true);
    expect(dropout.hits.some((h) => h.chunk.file === '004_f703909277ea8cfb.txt' && h.chunk.startLine === 68)).toBe(true);
    const gradient = await retriever.search('Hva er gradient descent?', { k: 5 });
    expect(gradient.hits.some((h) => h.chunk.file === '001_277e09fd6dde2077.txt' && h.chunk.startLine === 9)).toBe(true);
    const offTopic = await retriever.search('What is the capital of Australia?');
    expect(groundedByScore(offTopic)).toBe(false);
  });
});

describe('lexical fallback', () => {
  it('without any model, the index is lexical-only and search still answers', async () => {
    const { config } = tempWorkspace('lexical');
    const stats = await buildIndex({ config, embedder: null });
    expect(stats.lexicalOnly).toBe(true);
    const data = loadIndex(config.indexDir);
    expect(data.hnsw).toBeNull();
    const retriever = createRetriever(data, null);
    expect(retriever.denseAvailable).toBe(false);
    const result = await retriever.search('Hva er gradient descent?', { k: 5, mode: 'hybrid' });
    expect(result.mode).toBe('lexical');
    expect(result.hits.some((h) => h.chunk.title === 'Gradient Descent')).toBe(true);
  });
});
