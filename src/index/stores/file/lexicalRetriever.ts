import { BaseRetriever } from '@langchain/core/retrievers';
import type { Document } from '@langchain/core/documents';
import type { Chunk } from '../../../types.js';
import { chunkDocument, type ChunkMetadata } from '../../documents.js';
import type { LexicalIndex } from '../../lexical.js';

/** BM25 over the course as a LangChain `BaseRetriever`; each document's metadata carries its `score`. */
export class LexicalRetriever extends BaseRetriever<ChunkMetadata & { score: number }> {
  lc_namespace = ['polyglot_tutor', 'retrievers'];

  constructor(
    private readonly index: LexicalIndex,
    private readonly chunks: readonly Chunk[],
    private readonly k = 50,
  ) {
    super({});
  }

  /** The best `limit` chunks with their BM25 scores, best first. */
  scored(query: string, limit = this.k): Array<{ chunk: Chunk; score: number }> {
    return this.index.query(query, limit).flatMap(({ label, score }) => {
      const chunk = this.chunks[label];
      return chunk ? [{ chunk, score }] : [];
    });
  }

  override async _getRelevantDocuments(query: string): Promise<Document<ChunkMetadata & { score: number }>[]> {
    return this.scored(query).map(({ chunk, score }) => {
      const document = chunkDocument(chunk);
      return { ...document, metadata: { ...document.metadata, score } } as Document<ChunkMetadata & { score: number }>;
    });
  }
}
