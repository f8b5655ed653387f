import type { Embedder } from '../../embed/embedder.js';
import type { Chunk } from '../../types.js';
import { answerSentences, type Sentence } from './sentences.js';

export interface PooledSentence extends Sentence {
  unitId: string;
}

/** Every key-point sentence of every answer and definition in the course, embedded once. */
export interface KeyPointPool {
  sentences: PooledSentence[];
  vectors: Float32Array[];
}

export function keyPointSentences(chunks: readonly Chunk[]): PooledSentence[] {
  const sentences: PooledSentence[] = [];
  for (const chunk of chunks) {
    // An answer or definition from its first line; prose (a manual, a textbook) whole, headings left out.
    const from = chunk.answerStartLine ?? (chunk.kind === 'prose' ? chunk.startLine : undefined);
    if (from === undefined) continue;
    const found = answerSentences(chunk, from);
    for (const sentence of found) {
      // One-word fragments ("Stop") carry no meaning to compare, unless they are the whole answer.
      if (sentence.text.split(/\s+/).length >= 2 || found.length === 1) sentences.push({ ...sentence, unitId: chunk.unitId });
    }
  }
  return sentences;
}

export async function buildKeyPointPool(embedder: Embedder, chunks: readonly Chunk[]): Promise<KeyPointPool> {
  const sentences = keyPointSentences(chunks);
  // Symmetric comparison (answer ↔ key point): both sides get the query form.
  const vectors = await embedder.embedQueries(sentences.map((s) => s.text));
  return { sentences, vectors };
}
