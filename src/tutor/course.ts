import type { Correction, Placement } from '../retrieval/corrections/correction.js';
import type { Retriever } from '../retrieval/search.js';
import type { Tutor } from './tutor.js';

/** The index build with the teacher's corrections applied: a retriever over the corrected course, and where each correction landed. */
export type ApplyCorrections = (
  indexed: Retriever,
  corrections: readonly Correction[],
) => Promise<{ retriever: Retriever; placement: Placement }>;

const versionOf = (corrections: readonly Correction[]) =>
  JSON.stringify(corrections.map((c) => [c.id, c.file, c.startLine, c.endLine, c.text, c.at.getTime()]).sort());

/**
 * The tutor of the current index build, with the teacher's corrections applied. Tutors are
 * immutable: when the corpus or the corrections change, a new one is built, warmed, and swapped in;
 * questions already being answered finish on the old one.
 */
export class Course {
  private indexed: Retriever;
  private corrections: readonly Correction[] = [];
  private version = versionOf([]);
  private placed: Placement = { placed: [], stale: [], superseded: [] };
  /** Rebuilds run one after another, each over the newest index and corrections. */
  private rebuilding: Promise<void> = Promise.resolve();

  /**
   * @param tutorOver a tutor over a retriever; `indexed` is the index build it corrects (its calibration is that build's)
   * @param applyCorrections how corrections become a retriever (none configured: corrections are refused)
   */
  constructor(
    private current: Tutor,
    private readonly tutorOver: (retriever: Retriever, indexed: Retriever) => Tutor,
    private readonly applyCorrections?: ApplyCorrections,
  ) {
    this.indexed = current.knowledge.retriever;
  }

  get tutor(): Tutor {
    return this.current;
  }

  /** Where each correction applies now, and which are stale (their passage changed). */
  get placement(): Placement {
    return this.placed;
  }

  /** A new index build (the notes changed): the corrections are placed again over it. */
  switchTo(retriever: Retriever): Promise<void> {
    this.indexed = retriever;
    return this.rebuild();
  }

  /** The same index and corrections again (a calibration for this build was just fitted). */
  reload(): Promise<void> {
    return this.rebuild();
  }

  /** The teacher's corrections as they are now; the tutor is rebuilt only when they changed. */
  async correct(corrections: readonly Correction[]): Promise<void> {
    const version = versionOf(corrections);
    if (version === this.version) return this.rebuilding;
    this.corrections = corrections;
    this.version = version;
    return this.rebuild().catch((error: unknown) => {
      // Not applied: the next call tries again rather than taking them as done.
      if (this.version === version) this.version = '';
      throw error;
    });
  }

  private rebuild(): Promise<void> {
    this.rebuilding = this.rebuilding
      .catch(() => undefined)
      .then(async () => {
        const indexed = this.indexed;
        const corrections = this.corrections;
        const applied =
          corrections.length > 0 && this.applyCorrections
            ? await this.applyCorrections(indexed, corrections)
            : { retriever: indexed, placement: { placed: [], stale: [...corrections], superseded: [] } };
        const next = this.tutorOver(applied.retriever, indexed);
        await next.warm();
        this.current = next;
        this.placed = applied.placement;
      });
    return this.rebuilding;
  }
}
