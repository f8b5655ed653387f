import fs from 'node:fs';
import path from 'node:path';
import { HuggingFaceTransformersEmbeddings } from '@langchain/community/embeddings/huggingface_transformers';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Embedder } from '../src/embed/embedder.js';
import { listCorpusFiles } from '../src/ingest/corpus.js';
import { loadConfig } from '../src/config.js';
import { devQueries, ms, percentile, type Row } from './common.js';

/**
 * The straightforward pipeline a developer would write with langchain alone: split the files with
 * RecursiveCharacterTextSplitter, embed with HuggingFaceTransformersEmbeddings, store in HNSWLib,
 * similaritySearch. Same corpus, same model, same CPU. Reported as ratios ours / baseline.
 */
export async function benchBaseline(embedder: Embedder, oursColdMs: number, oursQueryP50: number, rounds = 3): Promise<Row[]> {
  const config = loadConfig();
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 900, chunkOverlap: 0 });
  const docs = [];
  for (const file of await listCorpusFiles(config.corpusDir)) {
    const text = fs.readFileSync(path.join(config.corpusDir, file), 'utf8');
    docs.push(...(await splitter.createDocuments([text], [{ file }])));
  }
  const embeddings = new HuggingFaceTransformersEmbeddings({
    model: embedder.model.id,
    pipelineOptions: { dtype: 'fp32', device: 'cpu' },
  });
  await embeddings.embedQuery('warm-up'); // load the model outside the timed build, as ours is
  const started = performance.now();
  const store = await HNSWLib.fromDocuments(
    docs.map((d) => ({ ...d, pageContent: `passage: ${d.pageContent}` })),
    embeddings,
  );
  const buildMs = performance.now() - started;
  const queries = devQueries();
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const t = performance.now();
      await store.similaritySearch(`query: ${query}`, 5);
      latencies.push(performance.now() - t);
    }
  }
  const p50 = percentile(latencies, 50);
  const section = 'baseline: langchain HNSWLib + HuggingFaceTransformersEmbeddings';
  return [
    { section, metric: 'corpus (RecursiveCharacterTextSplitter, 900 chars)', value: `${docs.length} chunks` },
    { section, metric: 'index build', value: ms(buildMs) },
    { section, metric: 'query p50 / p99 (dense only, k=5)', value: `${ms(p50)} / ${ms(percentile(latencies, 99))}` },
    { section, metric: 'ratio ours / baseline: index time', value: `${(oursColdMs / buildMs).toFixed(2)}` },
    {
      section,
      metric: 'ratio ours / baseline: query p50',
      value: `${(oursQueryP50 / p50).toFixed(2)} (ours also runs BM25, fusion and grounding)`,
    },
  ];
}
