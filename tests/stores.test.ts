import { groundedByScore } from '../src/tutor/scope/coverage.js';
import { createTutor } from '../src/app/compose.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TutorConfig } from '../src/config.js';
import { E5Embeddings } from '../src/embed/e5Embeddings.js';
import { loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { openDatabase } from '../src/index/stores/postgres/database.js';
import { PgCourseStore } from '../src/index/stores/postgres/pgStore.js';
import { loadIndex } from '../src/index/store.js';
import { LOCAL_LLM_FILE, LocalLlm } from '../src/llm/local.js';
import { closeDatabases, createRetriever, openExplanationStore, openIndexRetriever } from '../src/app/open.js';
import type { Retriever } from '../src/retrieval/search.js';
import { startLocalPostgres, type LocalPostgres } from '../bench/postgresServer.js';
import { MODELS, ROOT, tempWorkspace } from './helpers/env.js';
import { extraDocument } from './helpers/citations.js';
import { courseStoreCases } from './stores/courseStoreCases.js';
import { explanationStoreCases } from './stores/explanationStoreCases.js';
import { FileExplanationStore } from '../src/index/stores/explanations/fileExplanations.js';
import { PgExplanationStore } from '../src/index/stores/explanations/pgExplanations.js';
import { progressStoreCases } from './stores/progressStoreCases.js';
import { SqlProgressStore } from '../src/learners/store/sqlProgressStore.js';
import { openProgressStore } from '../src/app/open.js';

/**
 * Every course store passes one case file (stores/courseStoreCases.ts): the HNSW file store, the
 * Postgres store on PGlite in this process, and on a real PostgreSQL 16 server that `npm run
 * setup-models` unpacked (started here on a unix socket). The Postgres store is also held to the
 * file store's rankings. Real embeddings, real index, the real local language model.
 */
const readJsonl = <T>(name: string): T[] =>
  fs
    .readFileSync(path.join(ROOT, 'eval', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

const questions = readJsonl<{ query: string }>('dev-retrieval.jsonl').map((c) => c.query);
const outOfScope = readJsonl<{ query: string }>('dev-outofscope.jsonl').map((c) => c.query);
const traps = readJsonl<{ id: string; question: string; answer: string; expect: string }>('dev-grading-traps.jsonl').slice(0, 6);

let embedder: Embedder;
let llm: LocalLlm;
let fileRetriever: Retriever;
let baseConfig: TutorConfig;
let server: LocalPostgres | undefined;

beforeAll(async () => {
  expect(fs.existsSync(path.join(MODELS, LOCAL_LLM_FILE)), 'run `npm run setup-models` first').toBe(true);
  const ws = tempWorkspace('postgres');
  baseConfig = ws.config;
  embedder = await loadEmbedder(ws.config);
  await buildIndex({ config: ws.config, embedder });
  fileRetriever = createRetriever(loadIndex(ws.indexDir), embedder);
  llm = new LocalLlm({ modelDir: MODELS, mode: 'auto', threads: 1 });
  if (process.env.TUTOR_SKIP_POSTGRES !== '1') server = await startLocalPostgres(MODELS);
});

afterAll(async () => {
  await closeDatabases();
  await server?.stop();
  await llm?.dispose();
});

const ids = (result: Awaited<ReturnType<Retriever['search']>>) => result.hits.map((hit) => hit.chunk.id);

courseStoreCases('file (HNSW + BM25)', async () => ({ store: fileRetriever.store, index: loadIndex(baseConfig.indexDir), embedder }));

explanationStoreCases('files', async () => new FileExplanationStore(path.join(baseConfig.indexDir, 'explanations')));

describe.each(['pglite', 'postgres'] as const)('the Postgres store on %s', (engine) => {
  let config: TutorConfig;
  let retriever: Retriever;

  beforeAll(async () => {
    if (engine === 'postgres' && !server)
      throw new Error('no PostgreSQL server: run `npm run setup-models` (TUTOR_SKIP_POSTGRES=1 skipped it)');
    const databaseUrl = engine === 'pglite' ? `pglite:${path.join(path.dirname(baseConfig.indexDir), 'pg')}` : server!.url;
    config = { ...baseConfig, databaseUrl };
    retriever = await openIndexRetriever(config, embedder);
  });

  courseStoreCases(engine, async () => ({ store: retriever.store, index: loadIndex(config.indexDir), embedder }));
  // On PostgreSQL each handle is its own connection pool, as another replica's would be; a PGlite folder has one owner per process.
  explanationStoreCases(engine, async () =>
    engine === 'postgres' ? PgExplanationStore.open(await openDatabase(server!.url)) : openExplanationStore(config),
  );
  progressStoreCases(engine, async () =>
    engine === 'postgres' ? SqlProgressStore.open(await openDatabase(server!.url)) : openProgressStore(config),
  );

  it('is filled from the index generation once, and holds the same chunks', async () => {
    expect(retriever.store.engine).toBe(engine);
    expect((retriever.store as PgCourseStore).filled).toBe(true);
    expect(retriever.store.chunks).toEqual(fileRetriever.chunks);
    expect(retriever.denseAvailable).toBe(true);
    const again = await openIndexRetriever(config, embedder);
    expect((again.store as PgCourseStore).filled).toBe(false);
    expect(again.store.chunks).toHaveLength(fileRetriever.chunks.length);
  });

  it('ranks the dev questions as the file store does, and refuses the same out-of-scope ones', async () => {
    const mine = await retriever.searchMany(questions, { k: 5 });
    const theirs = await fileRetriever.searchMany(questions, { k: 5 });
    let sameTop = 0;
    mine.forEach((result, i) => {
      if (ids(result)[0] === ids(theirs[i]!)[0]) sameTop++;
      // The dense side is the same HNSW search over the same vectors: the same set in the top 5.
      expect(groundedByScore(result)).toBe(groundedByScore(theirs[i]!));
    });
    expect(sameTop).toBeGreaterThanOrEqual(questions.length - 1);
    const refusedHere = (await retriever.searchMany(outOfScope)).map((r) => groundedByScore(r));
    const refusedThere = (await fileRetriever.searchMany(outOfScope)).map((r) => groundedByScore(r));
    expect(refusedHere).toEqual(refusedThere);

    const dense = await retriever.searchMany(questions, { k: 5, mode: 'dense' });
    const fileDense = await fileRetriever.searchMany(questions, { k: 5, mode: 'dense' });
    dense.forEach((result, i) => {
      expect(new Set(ids(result))).toEqual(new Set(ids(fileDense[i]!)));
      expect(result.hits[0]!.score).toBeCloseTo(fileDense[i]!.hits[0]!.score, 4);
    });
  });

  it('grades through it: wrong answers that look right are not passed, right ones in other words are', async () => {
    // As a server grades: with the course's calibration, which belongs to the notes whatever store holds them.
    const tutor = createTutor(retriever, embedder, { chat: null, localLlm: llm, calibrationDir: baseConfig.calibrationDir });
    expect(tutor.calibration).toMatchObject({ calibrated: true });
    for (const trap of traps) {
      const result = await tutor.grade({ question: trap.question, answer: trap.answer });
      expect(result.verdict, `${trap.id}: ${trap.answer}`).toBe(trap.expect);
      for (const citation of result.citations) expect(retriever.chunks.some((chunk) => chunk.file === citation.file)).toBe(true);
    }
  });

  it('is a LangChain VectorStore: similarity search with a filter, and documents added', async () => {
    const db = await openDatabase(engine === 'pglite' ? 'pglite:memory' : config.databaseUrl!);
    try {
      const store = await PgCourseStore.open(db, loadIndex(config.indexDir), new E5Embeddings(embedder));
      const glossary = await store.similaritySearch('Hva er dropout?', 3, { kind: 'glossary' });
      expect(glossary.length).toBe(3);
      expect(glossary.every((doc) => doc.metadata.kind === 'glossary')).toBe(true);
      expect(glossary[0]!.pageContent.toLowerCase()).toContain('dropout');
      const before = store.chunks.length;
      await store.addDocuments([extraDocument('Kvantisering lagrer vektene med færre biter, så modellen blir mindre.')]);
      expect(store.chunks.length).toBe(before + 1);
      const [found] = await store.similaritySearch('Kvantisering lagrer vektene med færre biter', 1);
      expect(found!.metadata.file).toBe('extra.md');
      expect((await store.lexical('kvantisering', 1))[0]?.chunk.file).toBe('extra.md');
    } finally {
      await db.close();
    }
  });
});

describe('Postgres configuration errors', () => {
  it('a server that is not there is a clear error, not a hang', async () => {
    const db = await openDatabase('postgres://tutor@localhost/postgres?host=/nonexistent-socket-dir');
    try {
      await expect(PgCourseStore.open(db, loadIndex(baseConfig.indexDir), null)).rejects.toThrow(/ENOENT|ECONNREFUSED|connect/);
    } finally {
      await db.close();
    }
  });
});
