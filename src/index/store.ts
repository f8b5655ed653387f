import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Chunk } from '../types.js';
import { readHnsw, type Hnsw, type HnswParams } from './hnsw.js';
import { LexicalIndex } from './lexical.js';

/** Bump when the on-disk layout changes. */
export const INDEX_FORMAT_VERSION = 1;
/** Bump when chunking or the lexical analysis (text/analyze.ts) changes, so every file is indexed again. */
export const CHUNKER_VERSION = 8;

export interface FileEntry {
  sha256: string;
  chunks: number;
}

export interface Manifest {
  formatVersion: number;
  chunkerVersion: number;
  /** Absent for a lexical-only index (built while no embedding model could be loaded). */
  model: { id: string; fingerprint: string; dimension: number } | null;
  corpusDigest: string;
  files: Record<string, FileEntry>;
  chunkCount: number;
  hnsw: HnswParams;
  builtAt: string;
  /** sha256 of every artifact, checked before loading, so a damaged file is noticed, not trusted. */
  artifacts: Record<string, string>;
}

export interface IndexData {
  manifest: Manifest;
  chunks: Chunk[];
  /** chunkCount × dimension floats, row i belonging to chunks[i]; empty when lexical-only. */
  vectors: Float32Array;
  hnsw: Hnsw | null;
  lexical: LexicalIndex;
}

export class IndexCorruptError extends Error {}
export class IndexMissingError extends Error {}

const CURRENT = 'CURRENT';
const FILES = { manifest: 'manifest.json', chunks: 'chunks.json', vectors: 'vectors.bin', hnsw: 'hnsw.bin', lexical: 'lexical.json' };

export function sha256(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function corpusDigest(files: Record<string, FileEntry>): string {
  return sha256(Object.keys(files).sort().map((file) => `${file}\0${files[file]?.sha256}`).join('\n'));
}

function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * Write a complete new generation folder, then switch CURRENT to it with one rename. Readers and
 * a crash at any point before that rename still see the previous generation, intact.
 */
export function writeIndex(
  indexDir: string,
  manifest: Omit<Manifest, 'artifacts'>,
  chunks: Chunk[],
  vectors: Float32Array,
  hnsw: Hnsw | null,
  lexical: LexicalIndex,
  beforeSwitch?: () => void,
): void {
  fs.mkdirSync(indexDir, { recursive: true });
  const generation = `gen-${Date.now()}-${crypto.randomBytes(4).toString('hex')}`;
  const dir = path.join(indexDir, generation);
  fs.mkdirSync(dir);
  const artifacts: Record<string, string> = {};
  const put = (name: string, data: string | Uint8Array) => {
    fs.writeFileSync(path.join(dir, name), data);
    artifacts[name] = sha256(data);
  };
  put(FILES.chunks, JSON.stringify(chunks));
  put(FILES.vectors, new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  put(FILES.lexical, lexical.toJSON());
  if (hnsw) {
    hnsw.writeIndexSync(path.join(dir, FILES.hnsw));
    artifacts[FILES.hnsw] = sha256(fs.readFileSync(path.join(dir, FILES.hnsw)));
  }
  fs.writeFileSync(path.join(dir, FILES.manifest), JSON.stringify({ ...manifest, artifacts }, null, 2));
  beforeSwitch?.();
  writeFileAtomic(path.join(indexDir, CURRENT), generation);
  removeOtherGenerations(indexDir, generation);
}

function removeOtherGenerations(indexDir: string, keep: string): void {
  for (const entry of fs.readdirSync(indexDir)) {
    if (entry.startsWith('gen-') && entry !== keep) fs.rmSync(path.join(indexDir, entry), { recursive: true, force: true });
  }
}

function currentDir(indexDir: string): string {
  const pointer = path.join(indexDir, CURRENT);
  if (!fs.existsSync(pointer)) throw new IndexMissingError(`no index in ${indexDir}; run \`tutor index\``);
  const generation = fs.readFileSync(pointer, 'utf8').trim();
  if (!/^gen-[\w-]+$/.test(generation)) throw new IndexCorruptError(`${pointer} does not name an index generation`);
  return path.join(indexDir, generation);
}

/** Read and verify the manifest only (cheap), e.g. to decide whether a rebuild is needed. */
export function readManifest(indexDir: string): Manifest {
  const file = path.join(currentDir(indexDir), FILES.manifest);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new IndexCorruptError(`index manifest ${file} is unreadable: ${(error as Error).message}`);
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexCorruptError(`index format ${manifest.formatVersion} is not ${INDEX_FORMAT_VERSION}; rebuild it`);
  }
  return manifest;
}

export function loadIndex(indexDir: string): IndexData {
  const dir = currentDir(indexDir);
  const manifest = readManifest(indexDir);
  const read = (name: string): Buffer => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new IndexCorruptError(`index file ${file} is missing`);
    const data = fs.readFileSync(file);
    if (manifest.artifacts[name] !== sha256(data)) throw new IndexCorruptError(`index file ${file} is damaged (checksum mismatch)`);
    return data;
  };
  const chunks = JSON.parse(read(FILES.chunks).toString('utf8')) as Chunk[];
  const raw = read(FILES.vectors);
  const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const lexical = LexicalIndex.fromJSON(read(FILES.lexical).toString('utf8'));
  let hnsw: Hnsw | null = null;
  if (manifest.model) {
    if (vectors.length !== chunks.length * manifest.model.dimension) throw new IndexCorruptError('index vectors do not match its chunks');
    read(FILES.hnsw);
    hnsw = readHnsw(path.join(dir, FILES.hnsw), manifest.model.dimension, manifest.hnsw.efSearch);
  }
  if (chunks.length !== manifest.chunkCount) throw new IndexCorruptError('index chunk count does not match its manifest');
  return { manifest, chunks, vectors, hnsw, lexical };
}

