import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage, MessageContent } from '@langchain/core/messages';

export interface StreamTextOptions {
  /** Receives the reply as it is written. */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  maxTokens?: number;
  /** A student waits on this reply: the local model puts it before explanations (a chat server ignores the hint). */
  urgent?: boolean;
  /** The local model evaluates the prompt from a clean sequence (a chat server ignores the hint). */
  fresh?: boolean;
  /** `background`: nobody waits; the local model stops it for any student's request (a chat server ignores the hint). */
  lane?: 'explain' | 'background';
  /** Stopped through `signal`: return what was written so far instead of throwing. */
  partialOnAbort?: boolean;
}

function textOf(content: MessageContent): string {
  return typeof content === 'string'
    ? content
    : content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/**
 * A chat model's reply, streamed and joined: every reply the tutor reads goes through here (streamed
 * even when nobody watches: invoke() on a streaming ChatOpenAI waits on a token count it fetches from
 * the network).
 */
export async function streamText(model: BaseChatModel, messages: BaseMessage[], options: StreamTextOptions = {}): Promise<string> {
  const callOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.urgent ? { urgent: true } : {}),
    ...(options.fresh ? { fresh: true } : {}),
    ...(options.lane ? { lane: options.lane } : {}),
  };
  let text = '';
  try {
    const stream = await model.stream(messages, callOptions as never);
    for await (const chunk of stream) {
      const piece = textOf(chunk.content);
      if (!piece) continue;
      text += piece;
      options.onToken?.(piece);
    }
  } catch (error) {
    if (!(options.partialOnAbort && options.signal?.aborted)) throw error;
  }
  return text;
}
