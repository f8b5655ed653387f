import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, type BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { ChatHistoryItem } from 'node-llama-cpp';
import type { LocalLlm } from './local.js';

function text(message: BaseMessage): string {
  return typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/** LangChain messages → node-llama-cpp's chat history (system, user and model turns). */
export function toLlamaHistory(messages: BaseMessage[]): ChatHistoryItem[] {
  return messages.map((message): ChatHistoryItem => {
    const type = message._getType();
    if (type === 'system') return { type: 'system', text: text(message) };
    if (type === 'ai') return { type: 'model', response: [text(message)] };
    return { type: 'user', text: text(message) };
  });
}

export interface LocalChatModelCallOptions extends BaseChatModelCallOptions {
  maxTokens?: number;
  /** A student waits on this reply (reading a question before answering it): it goes before explanations. */
  urgent?: boolean;
  /** Evaluate from a clean sequence (see ChatOptions.fresh). */
  fresh?: boolean;
  /** See ChatOptions.lane. */
  lane?: 'explain' | 'background';
}

/**
 * The embedded local model as a LangChain `BaseChatModel`, so the tutor composes with it and with a
 * configured OpenAI-compatible server through one code path (invoke / stream, abort signals).
 */
export class LocalChatModel extends BaseChatModel<LocalChatModelCallOptions> {
  override lc_namespace = ['polyglot_tutor', 'chat_models'];
  /** A trailing AI message is a reply begun: the model continues it (node-llama-cpp does; chat APIs generally do not). */
  readonly continuesPartialReply = true;

  constructor(private readonly llm: LocalLlm) {
    super({});
  }

  _llmType(): string {
    return 'node-llama-cpp';
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const reply = await this.llm.chat(toLlamaHistory(messages), {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      ...(options.urgent ? { urgent: true } : {}),
      ...(options.fresh ? { fresh: true } : {}),
      ...(options.lane ? { lane: options.lane } : {}),
      onTextChunk: (chunk) => void runManager?.handleLLMNewToken(chunk),
    });
    return { generations: [{ text: reply, message: new AIMessage(reply) }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const pending: string[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const finished = this.llm
      .chat(toLlamaHistory(messages), {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
        ...(options.urgent ? { urgent: true } : {}),
        ...(options.fresh ? { fresh: true } : {}),
        ...(options.lane ? { lane: options.lane } : {}),
        onTextChunk: (chunk) => {
          pending.push(chunk);
          wake?.();
        },
      })
      .finally(() => {
        done = true;
        wake?.();
      });
    finished.catch(() => undefined);
    while (true) {
      const chunk = pending.shift();
      if (chunk !== undefined) {
        yield new ChatGenerationChunk({ text: chunk, message: new AIMessageChunk({ content: chunk }) });
        await runManager?.handleLLMNewToken(chunk);
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    await finished;
  }
}
