import type { Embedder } from '../embed/embedder.js';
import { readCourseFile } from '../ingest/corpus.js';
import { CorrectedStore } from '../retrieval/corrections/correctedStore.js';
import { placeCorrections } from '../retrieval/corrections/correction.js';
import { Retriever } from '../retrieval/search.js';
import type { ApplyCorrections } from '../tutor/course.js';

/** Corrections over the course folder: each corrected file read as it is now, its passages placed, a retriever over the corrected course. */
export function correctionsOver(corpusDir: string, embedder: Embedder | null): ApplyCorrections {
  return async (indexed, corrections) => {
    const texts = new Map<string, string>();
    for (const file of new Set(corrections.map((c) => c.file))) {
      // A file the index does not know (removed, or never a course file) leaves its corrections stale.
      if (!indexed.chunks.some((chunk) => chunk.file === file)) continue;
      const text = await readCourseFile(corpusDir, file).then(
        (read) => read.text,
        () => undefined,
      );
      if (text !== undefined) texts.set(file, text);
    }
    const placement = placeCorrections(corrections, (file) => texts.get(file));
    if (placement.placed.length === 0) return { retriever: indexed, placement };
    const store = await CorrectedStore.over(indexed.store, placement.placed, (file) => texts.get(file), embedder);
    return { retriever: new Retriever(store, embedder), placement };
  };
}
