import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from './embedder.js';

/**
 * The course's embedding model as a LangChain `Embeddings`: e5's "passage: "/"query: " prefixes,
 * length-sorted batches and the coalescing of concurrent queries all happen inside the Embedder.
 */
export class E5Embeddings extends Embeddings {
  constructor(readonly embedder: Embedder) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.embedder.embedPassages(documents)).map((vector) => Array.from(vector));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedder.embedQueries([document]);
    return Array.from(vector ?? []);
  }
}
