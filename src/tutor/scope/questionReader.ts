import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { detectLanguage } from '../../text/language.js';
import { log } from '../../log.js';
import { readQuestion, type QuestionReading } from './reading.js';
import { rewriteFollowUp } from './rewrite.js';

/** Readings kept (each is a few words; questions repeat across students). */
const MAX_READINGS = 500;

/**
 * What the language model makes of a student's question before it is answered: its English
 * reading (once per question, kept for the explanation that may follow) and, for a follow-up, a
 * rewrite that stands alone. Each gives null when the model fails or takes too long.
 */
export class QuestionReader {
  private readonly readings = new Map<string, Promise<QuestionReading | null>>();

  /**
   * `ready` loads the model (the wait limit is for a busy model, not for loading it on first use);
   * `waitMs` is how long a student waits on a reading or a rewrite before the rules decide
   * (TUTOR_READ_WAIT_MS; 0: as long as it takes).
   */
  constructor(
    private readonly model: BaseChatModel,
    private readonly ready: () => Promise<unknown> = async () => undefined,
    private readonly waitMs = 0,
  ) {}

  private signal(): AbortSignal | undefined {
    return this.waitMs > 0 ? AbortSignal.timeout(this.waitMs) : undefined;
  }

  /** Logs why the model gave nothing: past the wait limit (debug), or a failure. */
  private gaveUp(what: string, question: string, error: unknown): null {
    const { name, message } = (error ?? {}) as Partial<Error>;
    const timedOut = name === 'TimeoutError' || name === 'AbortError' || /abort|timed? ?out/i.test(message ?? '');
    if (timedOut) log.debug(`the language model's ${what} timed out; the rules decide`, { question, waitMs: this.waitMs });
    else log.info(`the language model could not give its ${what}; the rules decide`, { question, reason: String(message) });
    return null;
  }

  read(question: string): Promise<QuestionReading | null> {
    const known = this.readings.get(question);
    if (known) return known;
    const reading = this.ready()
      .then(() => readQuestion(this.model, question, detectLanguage(question), this.signal()))
      .catch((error: unknown) => {
        this.readings.delete(question);
        return this.gaveUp('reading', question, error);
      });
    if (this.readings.size >= MAX_READINGS) this.readings.delete(this.readings.keys().next().value!);
    this.readings.set(question, reading);
    return reading;
  }

  /** The reading already made of this question, if any (it never starts one). */
  async earlierReading(question: string): Promise<QuestionReading | null> {
    return (await this.readings.get(question)) ?? null;
  }

  async rewrite(followUp: string, topic: string): Promise<string | null> {
    await this.ready();
    return rewriteFollowUp(this.model, followUp, topic, this.signal()).catch((error: unknown) => this.gaveUp('rewrite', followUp, error));
  }
}
