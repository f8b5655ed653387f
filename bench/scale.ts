import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHnsw, searchHnsw, type HnswParams } from '../src/index/hnsw.js';
import { LexicalIndex } from '../src/index/lexical.js';
import type { IndexData } from '../src/index/store.js';
import type { Chunk } from '../src/types.js';
import { mib, ms, percentile, type Row } from './common.js';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

function normalise(vector: Float32Array): void {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const scale = 1 / Math.sqrt(sum || 1);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
}

/**
 * A synthetic corpus grown from the real notes: each chunk mixes two or three real chunks (texts
 * joined; vector = weighted sum of their real embeddings plus noise, normalised), so the geometry
 * stays that of real course embeddings without hours of CPU embedding.
 */
function synthesise(real: IndexData, count: number, seed: number): { chunks: Chunk[]; vectors: Float32Array } {
  const dim = real.manifest.model!.dimension;
  const next = random(seed);
  const vectors = new Float32Array(count * dim);
  const chunks: Chunk[] = [];
  for (let i = 0; i < count; i++) {
    const parts = 2 + Math.floor(next() * 2);
    const row = vectors.subarray(i * dim, (i + 1) * dim);
    const texts: string[] = [];
    for (let p = 0; p < parts; p++) {
      const atom = Math.floor(next() * real.chunks.length);
      const weight = 0.3 + next();
      for (let d = 0; d < dim; d++) row[d]! += weight * real.vectors[atom * dim + d]!;
      texts.push(real.chunks[atom]!.text.slice(0, 300));
    }
    for (let d = 0; d < dim; d++) row[d]! += 0.015 * gaussian(next);
    normalise(row);
    const base = real.chunks[i % real.chunks.length]!;
    chunks.push({ ...base, id: `synthetic-${i}`, unitId: `synthetic-${i}`, text: texts.join('\n') });
  }
  return { chunks, vectors };
}

function exactTop(vectors: Float32Array, dim: number, query: Float32Array, k: number): number[] {
  const count = vectors.length / dim;
  const best: Array<[number, number]> = [];
  for (let label = 0; label < count; label++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += query[d]! * vectors[label * dim + d]!;
    if (best.length < k || s > best[best.length - 1]![0]) {
      best.push([s, label]);
      best.sort((a, b) => b[0] - a[0]);
      if (best.length > k) best.pop();
    }
  }
  return best.map(([, label]) => label);
}

export async function benchScale(
  real: IndexData,
  sizes: number[],
  params: HnswParams,
  lexicalMax: number,
  queryCount = 200,
): Promise<Row[]> {
  const dim = real.manifest.model!.dimension;
  const rows: Row[] = [];
  const next = random(7);
  for (const size of sizes) {
    const sizeRows: Row[] = [];
    const section = `scale: ${size.toLocaleString('en')} synthetic chunks (M=${params.m}, efConstruction=${params.efConstruction}, efSearch=${params.efSearch})`;
    const { chunks, vectors } = synthesise(real, size, size);
    const built = performance.now();
    const hnsw = buildHnsw(vectors, dim, params);
    const buildMs = performance.now() - built;
    const rssAfter = process.memoryUsage().rss;
    const file = path.join(os.tmpdir(), `tutor-scale-${process.pid}.bin`);
    hnsw.writeIndexSync(file);
    const fileBytes = fs.statSync(file).size;
    fs.rmSync(file, { force: true });

    const queries = Array.from({ length: queryCount }, () => {
      const q = new Float32Array(dim);
      const atom = Math.floor(next() * real.chunks.length);
      for (let d = 0; d < dim; d++) q[d] = real.vectors[atom * dim + d]! + 0.03 * gaussian(next);
      normalise(q);
      return q;
    });
    const exact = queries.map((q) => exactTop(vectors, dim, q, 10));
    const sweep: string[] = [];
    for (const ef of [16, 32, 64, 96, 128, 256]) {
      hnsw.setEf(ef);
      const latencies: number[] = [];
      let found = 0;
      queries.forEach((q, i) => {
        const t = performance.now();
        const hits = searchHnsw(hnsw, q, 10);
        latencies.push(performance.now() - t);
        const truth = new Set(exact[i]);
        found += hits.filter((h) => truth.has(h.label)).length;
      });
      const recall = found / (queries.length * 10);
      if (ef === params.efSearch) {
        sizeRows.push({
          section,
          metric: 'recall@10 vs exact / query p50 / p99',
          value: `${recall.toFixed(3)} / ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}`,
        });
      }
      sweep.push(`ef ${ef}: ${recall.toFixed(3)} @ ${ms(percentile(latencies, 50))}`);
    }
    const exactLatencies = queries.slice(0, 30).map((q) => {
      const t = performance.now();
      exactTop(vectors, dim, q, 10);
      return performance.now() - t;
    });
    sizeRows.unshift(
      { section, metric: 'HNSW build', value: `${ms(buildMs)} (${(size / (buildMs / 1000)).toFixed(0)} vectors/s)` },
      { section, metric: 'HNSW index size / process RSS after build', value: `${mib(fileBytes)} / ${mib(rssAfter)}` },
    );
    sizeRows.push({ section, metric: 'exact search p50 (brute force)', value: ms(percentile(exactLatencies, 50)) });
    sizeRows.push({ section, metric: 'efSearch sweep: recall@10 @ p50', value: sweep.join('; ') });
    if (size <= lexicalMax) {
      const t = performance.now();
      const lexical = LexicalIndex.build(chunks);
      const lexicalMs = performance.now() - t;
      const q = performance.now();
      for (let i = 0; i < 30; i++) lexical.query('gradient descent læringsrate overfitting', 50);
      sizeRows.push({
        section,
        metric: 'lexical index build / query p50',
        value: `${ms(lexicalMs)} / ${ms((performance.now() - q) / 30)}`,
      });
    }
    rows.push(...sizeRows);
  }
  return rows;
}
