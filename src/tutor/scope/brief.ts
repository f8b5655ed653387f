import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';

/**
 * A short reply from a chat model that a student waits on (reading or rewriting a question before
 * it is answered): the local model puts it before explanations; a chat server ignores the hint.
 */
export async function briefReply(
  model: BaseChatModel,
  instruction: string,
  input: string,
  options: { maxTokens: number; signal?: AbortSignal },
): Promise<string> {
  const callOptions = { ...(options.signal ? { signal: options.signal } : {}), maxTokens: options.maxTokens, urgent: true };
  // Streamed and joined, as explanations are: invoke() on a streaming ChatOpenAI waits on a token count it fetches from the network.
  const stream = await model.stream([new SystemMessage(instruction), new HumanMessage(input)], callOptions as never);
  let text = '';
  for await (const chunk of stream) if (typeof chunk.content === 'string') text += chunk.content;
  return text;
}
