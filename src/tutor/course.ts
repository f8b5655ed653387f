import type { Retriever } from '../retrieval/search.js';
import { Tutor, type TutorModels } from './tutor.js';

/**
 * The tutor of the current index build. Tutors are immutable: when the corpus changes, a new one is
 * built over the new index, warmed, and swapped in; questions already being answered finish on the old one.
 */
export class Course {
  constructor(
    private current: Tutor,
    private readonly models: TutorModels,
  ) {}

  get tutor(): Tutor {
    return this.current;
  }

  async switchTo(retriever: Retriever): Promise<void> {
    const next = new Tutor(retriever, this.current.embedder, this.models);
    await next.warm();
    this.current = next;
  }
}
