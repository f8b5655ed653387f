import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { streamText } from '../../llm/streamText.js';

/**
 * A short reply from a chat model that a student waits on (reading or rewriting a question before
 * it is answered): the local model puts it before explanations.
 */
export function briefReply(
  model: BaseChatModel,
  instruction: string,
  input: string,
  options: { maxTokens: number; signal?: AbortSignal; fresh?: boolean },
): Promise<string> {
  return streamText(model, [new SystemMessage(instruction), new HumanMessage(input)], { ...options, urgent: true });
}
