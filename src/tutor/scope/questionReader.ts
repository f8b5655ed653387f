import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { detectLanguage } from '../../ingest/language.js';
import { log } from '../../log.js';
import { readQuestion, type QuestionReading } from './reading.js';
import { rewriteFollowUp } from './rewrite.js';

/** A student waits on a reading or a rewrite: at most behind one explanation being written; beyond, the rule decides. */
const WAIT_MS = 6000;
/** Readings kept (each is a few words; questions repeat across students). */
const MAX_READINGS = 500;

/**
 * What the language model makes of a student's question before it is answered: its English
 * reading (once per question, kept for the explanation that may follow) and, for a follow-up, a
 * rewrite that stands alone. Each gives null when the model fails or takes too long.
 */
export class QuestionReader {
  private readonly readings = new Map<string, Promise<QuestionReading | null>>();

  /** `ready` loads the model (the wait limit is for a busy model, not for loading it on first use). */
  constructor(
    private readonly model: BaseChatModel,
    private readonly ready: () => Promise<unknown> = async () => undefined,
  ) {}

  read(question: string): Promise<QuestionReading | null> {
    const known = this.readings.get(question);
    if (known) return known;
    const reading = this.ready()
      .then(() => readQuestion(this.model, question, detectLanguage(question), AbortSignal.timeout(WAIT_MS)))
      .catch((error: unknown) => {
        log.info('the language model could not read the question; deciding coverage by rule', { reason: String((error as Error).message) });
        this.readings.delete(question);
        return null;
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
    return rewriteFollowUp(this.model, followUp, topic, AbortSignal.timeout(WAIT_MS)).catch((error: unknown) => {
      log.info('the language model could not rewrite the follow-up; reading it with its topic', {
        reason: String((error as Error).message),
      });
      return null;
    });
  }
}
