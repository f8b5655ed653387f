import type { Retriever } from '../retrieval/search.js';
import type { Tutor } from './tutor.js';

/**
 * The tutor of the current index build. Tutors are immutable: when the corpus changes, a new one is
 * built over the new index (by the composition root's factory), warmed, and swapped in; questions
 * already being answered finish on the old one.
 */
export class Course {
  constructor(
    private current: Tutor,
    private readonly tutorOver: (retriever: Retriever) => Tutor,
  ) {}

  get tutor(): Tutor {
    return this.current;
  }

  async switchTo(retriever: Retriever): Promise<void> {
    const next = this.tutorOver(retriever);
    await next.warm();
    this.current = next;
  }
}
