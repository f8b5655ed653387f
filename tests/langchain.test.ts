import { createRetriever } from '../src/app/open.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { E5Embeddings } from '../src/embed/e5Embeddings.js';
import { loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { FileCourseStore } from '../src/index/stores/file/fileStore.js';
import { HnswVectorStore } from '../src/index/stores/file/hnswStore.js';
import { loadIndex, type IndexData } from '../src/index/store.js';
import { tempWorkspace } from './helpers/env.js';
import { extraDocument } from './helpers/citations.js';

/** The retrieval pieces behind LangChain's own interfaces, driven through those interfaces only. */
let embedder: Embedder;
let index: IndexData;

beforeAll(async () => {
  const ws = tempWorkspace('langchain');
  embedder = await loadEmbedder(ws.config);
  await buildIndex({ config: ws.config, embedder });
  index = loadIndex(ws.indexDir);
});

describe('LangChain interfaces', () => {
  it('E5Embeddings is an Embeddings: unit-length 384-d vectors, queries and passages prefixed differently', async () => {
    const embeddings = new E5Embeddings(embedder);
    const query = await embeddings.embedQuery('What is dropout?');
    const [passage] = await embeddings.embedDocuments(['What is dropout?']);
    expect(query).toHaveLength(384);
    expect(Math.hypot(...query)).toBeCloseTo(1, 3);
    expect(passage).not.toEqual(query);
  });

  it('HnswVectorStore is a VectorStore: similaritySearch, filters, asRetriever, addDocuments', async () => {
    const store = HnswVectorStore.fromIndex(index, new E5Embeddings(embedder))!;
    const [top] = await store.similaritySearchWithScore('Hva er dropout?', 3);
    expect(top![0].pageContent.toLowerCase()).toContain('dropout');
    expect(top![0].metadata).toMatchObject({ file: expect.stringMatching(/\.txt$/), kind: expect.any(String), unitId: expect.any(String) });
    expect(top![0].metadata.startLine).toBeLessThanOrEqual(top![0].metadata.endLine);
    expect(top![1]).toBeGreaterThan(0.8);

    const onlyGlossary = await store.similaritySearch('Hva er dropout?', 3, (doc) => doc.metadata.kind === 'glossary');
    expect(onlyGlossary.length).toBeGreaterThan(0);
    expect(onlyGlossary.every((doc) => doc.metadata.kind === 'glossary')).toBe(true);

    const viaRetriever = await store.asRetriever({ k: 2 }).invoke('What is a gradient?');
    expect(viaRetriever).toHaveLength(2);

    const before = store.size;
    await store.addDocuments([
      extraDocument('Kvantisering lagrer vektene med færre biter, for eksempel 4 biter, så modellen blir mindre.'),
    ]);
    expect(store.size).toBe(before + 1);
    const [found] = await store.similaritySearch('Kvantisering lagrer vektene med færre biter', 1);
    expect(found!.metadata.file).toBe('extra.md');
    // The loaded index generation itself is untouched.
    expect(index.chunks.some((chunk) => chunk.file === 'extra.md')).toBe(false);
    expect(index.hnsw!.getCurrentCount()).toBe(before);
  });

  it('the hybrid Retriever and the lexical retriever are BaseRetrievers', async () => {
    const retriever = createRetriever(index, embedder);
    const documents = await retriever.invoke('Hur kan man undvika överanpassning?');
    expect(documents.length).toBeGreaterThan(0);
    expect(documents[0]!.metadata.score).toBeGreaterThan(0);
    expect(retriever.store).toBeInstanceOf(FileCourseStore);
    const lexical = await (retriever.store as FileCourseStore).lexicalRetriever.invoke('dropout');
    expect(lexical[0]!.pageContent.toLowerCase()).toContain('dropout');
    expect(lexical[0]!.metadata.score).toBeGreaterThan(0);
  });
});
