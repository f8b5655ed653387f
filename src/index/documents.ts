import { Document } from '@langchain/core/documents';
import type { Chunk } from '../types.js';

/** A chunk's metadata: where it is (file, 1-based lines), what it is, and the unit it belongs to. */
export type ChunkMetadata = Omit<Chunk, 'text'>;

export function chunkDocument(chunk: Chunk): Document<ChunkMetadata> {
  const { text, ...metadata } = chunk;
  return new Document({ pageContent: text, metadata, id: chunk.id });
}

export function documentChunk(document: { pageContent: string; metadata: ChunkMetadata }): Chunk {
  return { ...document.metadata, text: document.pageContent };
}
