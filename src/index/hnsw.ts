import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
export type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number;
}

/** Chosen with bench/scale (recall@10 against exact search at up to 100k chunks). */
export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, efSearch: 96 };

export function buildHnsw(vectors: Float32Array, dimension: number, params: HnswParams): Hnsw {
  const count = vectors.length / dimension;
  const index = new HierarchicalNSW('cosine', dimension);
  index.initIndex(Math.max(1, count), params.m, params.efConstruction, 100);
  for (let label = 0; label < count; label++) {
    index.addPoint(Array.from(vectors.subarray(label * dimension, (label + 1) * dimension)), label);
  }
  index.setEf(params.efSearch);
  return index;
}

export function readHnsw(file: string, dimension: number, efSearch: number): Hnsw {
  const index = new HierarchicalNSW('cosine', dimension);
  index.readIndexSync(file);
  index.setEf(efSearch);
  return index;
}

export interface DenseHit {
  label: number;
  similarity: number;
}

export function searchHnsw(index: Hnsw, query: Float32Array, k: number): DenseHit[] {
  const count = index.getCurrentCount();
  if (count === 0) return [];
  const { neighbors, distances } = index.searchKnn(Array.from(query), Math.min(k, count));
  return neighbors.map((label, i) => ({ label, similarity: 1 - (distances[i] ?? 1) }));
}
