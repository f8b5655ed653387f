import type { BankQuestion } from '../tutor/knowledge/bank.js';
import type { Turn } from '../tutor/scope/followup.js';
import { LIMITS } from '../contracts/limits.js';
import { SerialQueue } from '../queue.js';

/** What one connection remembers: whose it is, the conversation for follow-ups and the quiz (progress is in the database). */
export class Session {
  history: Turn[] = [];
  currentQuestion: BankQuestion | undefined;
  previousQuestionId: string | undefined;
  /** The explanation being written for this connection, if any. */
  explaining: { id: unknown; controller: AbortController } | undefined;
  private readonly queue = new SerialQueue(['default']);
  /** Frames are admitted (rate-checked) one after another, so they are answered in the order sent. */
  private admission: Promise<void> = Promise.resolve();

  /** @param student the anonymous student this connection is (its cookie), whose progress it reads and writes */
  constructor(readonly student: string) {}

  remember(turn: Turn): void {
    this.history.push({ ...turn, text: turn.text.slice(0, 2000), ...(turn.query ? { query: turn.query.slice(0, 2000) } : {}) });
    if (this.history.length > 12) this.history.splice(0, this.history.length - 12);
  }

  /** Stop the running explanation (of the ask with this id, or whichever runs); false when none matched. */
  stopExplaining(id?: unknown): boolean {
    if (!this.explaining || (id !== undefined && this.explaining.id !== id)) return false;
    this.explaining.controller.abort();
    return true;
  }

  reset(): void {
    this.stopExplaining();
    this.history = [];
    this.currentQuestion = undefined;
    this.previousQuestionId = undefined;
  }

  /** Runs `admit` for each frame in arrival order (it may wait, e.g. on the rate limiter). */
  admit(admit: () => Promise<void>): void {
    this.admission = this.admission.then(admit).catch(() => undefined);
  }

  get pending(): number {
    return this.queue.pending;
  }

  /** Run jobs one at a time, in arrival order (a follow-up must see the answer before it); false when too many wait. */
  enqueue(job: () => Promise<void>): boolean {
    if (this.pending >= LIMITS.maxQueue) return false;
    void this.queue.run('default', job).catch(() => undefined);
    return true;
  }
}
