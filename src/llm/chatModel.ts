import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from '../config.js';

/**
 * A chat model for the configured endpoint (TUTOR_LLM_BASE_URL: an OpenAI-compatible server such
 * as llama.cpp's, vLLM or LM Studio, or Ollama's); `streaming: false` for one structured reply (a
 * grading verdict).
 */
export function createChatModel(config: LlmConfig, { streaming = true }: { streaming?: boolean } = {}): BaseChatModel {
  if (config.provider === 'ollama') {
    return new ChatOllama({ baseUrl: config.baseUrl.replace(/\/v1\/?$/, ''), model: config.model, temperature: 0.1 });
  }
  return new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey,
    temperature: 0.1,
    timeout: config.timeoutMs,
    maxRetries: 0,
    streaming,
    configuration: { baseURL: config.baseUrl },
  });
}
