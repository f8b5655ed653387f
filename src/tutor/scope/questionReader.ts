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

  /**
   * One reading or rewrite within the wait limit: null when the model gave nothing usable, failed or
   * ran past the limit (said in the debug log: the rules decide then). `failed` marks a result not to keep.
   */
  private async attempt<T>(
    what: string,
    question: string,
    run: (signal: AbortSignal | undefined) => Promise<T | null>,
  ): Promise<{ value: T | null; failed: boolean }> {
    const signal = this.waitMs > 0 ? AbortSignal.timeout(this.waitMs) : undefined;
    try {
      const value = await run(signal);
      if (value !== null || !signal?.aborted) return { value, failed: false };
    } catch (error) {
      if (!signal?.aborted) {
        log.info(`the language model could not give its ${what}; the rules decide`, { question, reason: String((error as Error).message) });
        return { value: null, failed: true };
      }
    }
    log.debug(`the language model's ${what} timed out; the rules decide`, { question, waitMs: this.waitMs });
    return { value: null, failed: true };
  }

  read(question: string): Promise<QuestionReading | null> {
    const known = this.readings.get(question);
    if (known) return known;
    const reading = this.ready()
      .catch(() => undefined)
      .then(async () => {
        const { value, failed } = await this.attempt('reading', question, (signal) =>
          readQuestion(this.model, question, detectLanguage(question), signal),
        );
        // A reading that failed or ran out of time is tried again next time.
        if (failed) this.readings.delete(question);
        return value;
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
    return (await this.attempt('rewrite', followUp, (signal) => rewriteFollowUp(this.model, followUp, topic, signal))).value;
  }
}
