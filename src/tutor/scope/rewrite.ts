import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { stemRecall } from '../../text/analyze.js';
import { briefReply } from './brief.js';

/**
 * "and name it": without it, greedy decoding on a 2-core Intel Xeon rewrote "Och varför fungerar
 * det?" after "Vad är dropout?" as "Varför fungerar det att inte studera?" (an AMD EPYC's sums gave
 * a rewrite that kept "dropout"); with it, four follow-ups in four languages keep their topic there.
 */
const INSTRUCTION = `Rewrite the student's follow-up as one self-contained question, in the same language as the follow-up.
Use the earlier question for what the follow-up refers to, and name it. Reply with the rewritten question only.`;

/** A rewritten question is one short line. */
const MAX_TOKENS = 48;
const MAX_CHARS = 240;

/**
 * A follow-up ("Kan du gi et eksempel?") rewritten by a language model into a question that stands
 * alone ("Kan du gi et eksempel på data augmentering?"). The rewrite must keep the earlier topic's
 * words, or the model has wandered and null is returned (the caller reads the follow-up with its
 * topic by rule instead).
 */
export async function rewriteFollowUp(model: BaseChatModel, followUp: string, topic: string, signal?: AbortSignal): Promise<string | null> {
  const input = `Earlier question: ${topic}\nFollow-up: ${followUp}`;
  // Fresh: the same follow-up is rewritten the same way, whatever the model read before it.
  const reply = await briefReply(model, INSTRUCTION, input, { maxTokens: MAX_TOKENS, fresh: true, ...(signal ? { signal } : {}) });
  const rewritten = reply
    .trim()
    .split('\n')[0]!
    .replace(/^(?:rewritten question|question)\s*:\s*/i, '')
    .replace(/^["«»“”]+|["«»“”]+$/g, '')
    .trim();
  if (!rewritten || rewritten.length > MAX_CHARS) return null;
  return stemRecall(topic, rewritten) > 0 ? rewritten : null;
}
