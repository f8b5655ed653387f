import type { BankQuestion } from '../tutor/knowledge/bank.js';
import type { Turn } from '../tutor/scope/followup.js';
import { LIMITS } from '../contracts/limits.js';
import { SerialQueue } from '../queue.js';

/** What one connection remembers: the conversation for follow-ups, the quiz, the running score. */
export class Session {
  history: Turn[] = [];
  currentQuestion: BankQuestion | undefined;
  previousQuestionId: string | undefined;
  graded = 0;
  points = 0;
  /** The explanation being written for this connection, if any. */
  explaining: { id: unknown; controller: AbortController } | undefined;
  private tokens = LIMITS.rateBurst;
  private refilledAt = Date.now();
  private readonly queue = new SerialQueue(['default']);

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
    this.graded = 0;
    this.points = 0;
  }

  /** Token bucket: false when the client sends faster than the limit. */
  allow(now = Date.now()): boolean {
    this.tokens = Math.min(LIMITS.rateBurst, this.tokens + ((now - this.refilledAt) / 1000) * LIMITS.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
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
