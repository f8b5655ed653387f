import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChatHistoryItem, Llama, LlamaChat, LlamaContext, LlamaDecisionContext, LlamaModel } from 'node-llama-cpp';
import type { TutorConfig } from '../config.js';
import type { ChatOptions } from './chatOptions.js';
import { BackgroundStoppedError, LocalLlmBusyError, LocalLlmUnavailableError, checkGgufHeader } from './llmErrors.js';
import { log } from '../log.js';
import { SerialQueue } from '../queue.js';

/** The GGUF that `npm run setup-models` assembles (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, Apache-2.0). */
export const LOCAL_LLM_FILE = 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf';

export interface LocalLlmConfig {
  modelDir: string;
  /** `off` never loads the local model (grading then relies on embeddings and rules). */
  mode: 'auto' | 'off';
  /** CPU threads for the model; 0 = the cores this process may use. */
  threads: number;
}

export function localLlmConfig(config: Pick<TutorConfig, 'modelDir' | 'localLlm'>): LocalLlmConfig {
  return { modelDir: config.modelDir, ...config.localLlm };
}

export function localLlmPath(config: LocalLlmConfig): string {
  return path.join(config.modelDir, LOCAL_LLM_FILE);
}

export { BackgroundStoppedError, LocalLlmBusyError, LocalLlmUnavailableError } from './llmErrors.js';

/** Documents allowed to wait for the model (~1.5 s each on 2 cores: about a minute of work). */
export const MAX_WAITING = 40;
/** Explanations allowed to wait (~8 s each on 2 cores): beyond, a student gets a note at once instead of a two-minute wait. */
export const MAX_EXPLANATIONS_WAITING = 12;

export type { ChatOptions } from './chatOptions.js';

/** Tokens the chat context holds: a system prompt with the passages, a short history, the reply. */
const CHAT_CONTEXT = 3072;

type Lane = 'grade' | 'explain' | 'background';

/** Tokens the explanation context holds: the fixed instructions, a few trimmed passages, the reply. */
const EXPLAIN_CONTEXT = 2048;

/** One yes/no question for the model; the answer is P(yes) in [0, 1]. */
export type YesNoQuestions = Record<string, string>;

/**
 * The embedded language model, run in-process by node-llama-cpp. Loaded once, on first use; its
 * decision context answers yes/no questions about a document with probabilities (no sampling).
 * Calls are serialised: one CPU model answers one document at a time.
 */
export class LocalLlm {
  private loading: Promise<{ llama: Llama; model: LlamaModel; decisions: LlamaDecisionContext }> | undefined;
  /**
   * Grading and question readings first (a student is blocked on them), then explanations (the
   * answer is already shown), then background work (calibrating a new course) when nobody waits.
   */
  private readonly queue = new SerialQueue<Lane>(['grade', 'explain', 'background']);
  private chatting: Promise<{ context: LlamaContext; chat: LlamaChat }> | undefined;
  private explaining: Promise<{ context: LlamaContext; chat: LlamaChat }> | undefined;
  /** Stops the background reply being written, when a student's request arrives. */
  private backgroundStop: AbortController | undefined;

  constructor(readonly config: LocalLlmConfig) {}

  /** Whether the model file is there (cheap; does not load it). */
  get installed(): boolean {
    return this.config.mode !== 'off' && fs.existsSync(localLlmPath(this.config));
  }

  private load() {
    this.loading ??= (async () => {
      const file = localLlmPath(this.config);
      if (this.config.mode === 'off') throw new LocalLlmUnavailableError('the local language model is switched off (TUTOR_LOCAL_LLM=off)');
      if (!fs.existsSync(file)) throw new LocalLlmUnavailableError(`no local language model at ${file}; run \`npm run setup-models\``);
      checkGgufHeader(file);
      const started = Date.now();
      const { getLlama } = await import('node-llama-cpp');
      let llama: Llama;
      try {
        llama = await getLlama({ gpu: 'auto', build: 'never', logLevel: 'error' as never, progressLogs: false });
      } catch (error) {
        log.info('no GPU build of the language model runtime; using the CPU', { reason: String((error as Error).message).split('\n')[0] });
        llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as never, progressLogs: false });
      }
      const model = await llama.loadModel({ modelPath: file });
      const decisions = await model.createDecisionContext({
        // A judged document is at most ~700 tokens and three questions are asked about it.
        contextSize: 2048,
        parallelQuestions: 4,
        // llama.cpp's own default oversubscribes a container's cores (measured: 13 s instead of 1.3 s per answer).
        threads: this.threads(),
      });
      log.info('local language model loaded', { file, gpu: llama.gpu, ms: Date.now() - started });
      return { llama, model, decisions };
    })();
    this.loading.catch(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Load the model and its chat context now (e.g. at server start) so the first student does not wait; failures are returned, not thrown. */
  async warm(): Promise<Error | undefined> {
    try {
      await this.load();
      await this.chatSession();
      await this.explainSession();
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  private threads(): number {
    return this.config.threads > 0 ? this.config.threads : os.availableParallelism();
  }

  private chatSession() {
    this.chatting ??= this.newChat(CHAT_CONTEXT);
    this.chatting.catch(() => {
      this.chatting = undefined;
    });
    return this.chatting;
  }

  private explainSession() {
    this.explaining ??= this.newChat(EXPLAIN_CONTEXT);
    this.explaining.catch(() => {
      this.explaining = undefined;
    });
    return this.explaining;
  }

  private async newChat(contextSize: number): Promise<{ context: LlamaContext; chat: LlamaChat }> {
    const { model } = await this.load();
    const { LlamaChat } = await import('node-llama-cpp');
    const context = await model.createContext({ contextSize, threads: this.threads() });
    // One sequence, kept between replies: a prompt that starts as the last one did reuses its evaluation.
    return { context, chat: new LlamaChat({ contextSequence: context.getSequence() }) };
  }

  /** Number of requests waiting for the model, the running one included. */
  get queued(): number {
    return this.queue.pending;
  }

  /** The kind of request the model is answering now, if any. */
  get running(): Lane | undefined {
    return this.queue.running;
  }

  /** Explanations waiting, the one being written included: a new one would come after these. */
  get explanationsAhead(): number {
    return this.queue.waitingIn('explain') + (this.queue.running === 'explain' ? 1 : 0);
  }

  /**
   * A chat reply (the model's own chat template), streamed through onTextChunk. Queued with the
   * grading questions: one CPU model answers one request at a time.
   */
  async chat(history: ChatHistoryItem[], options: ChatOptions = {}): Promise<string> {
    const lane: Lane = options.urgent ? 'grade' : (options.lane ?? 'explain');
    return this.enqueue(lane, async () => {
      if (options.signal?.aborted) return '';
      const { chat } = await (lane === 'grade' ? this.chatSession() : this.explainSession());
      if (options.fresh) await chat.sequence.clearHistory();
      const stop = lane === 'background' ? new AbortController() : undefined;
      const signal = stop && options.signal ? AbortSignal.any([stop.signal, options.signal]) : (stop?.signal ?? options.signal);
      this.backgroundStop = stop;
      try {
        const response = await chat.generateResponse(history, {
          ...(options.onTextChunk ? { onTextChunk: options.onTextChunk } : {}),
          ...(signal ? { signal, stopOnAbortSignal: true } : {}),
          maxTokens: options.maxTokens ?? 400,
          // Greedy: the same question gets the same explanation (and tests see what students see).
          temperature: 0,
          // A 1.5B model at low temperature loops on its last sentence without it.
          repeatPenalty: { lastTokens: 128, penalty: 1.15, frequencyPenalty: 0.1 },
        });
        if (stop?.signal.aborted) throw new BackgroundStoppedError('a student needed the language model');
        return response.response;
      } catch (error) {
        // Stopped while still reading the prompt, node-llama-cpp throws its own AbortError.
        if (stop?.signal.aborted && !(error instanceof BackgroundStoppedError))
          throw new BackgroundStoppedError('a student needed the language model');
        throw error;
      } finally {
        if (this.backgroundStop === stop) this.backgroundStop = undefined;
      }
    });
  }

  /**
   * One request at a time. Grading goes before explanations; each kind has its own bound, beyond
   * which the caller gets LocalLlmBusyError at once rather than a long silent wait.
   */
  private enqueue<T>(kind: Lane, run: () => Promise<T>): Promise<T> {
    const waiting = this.queue.waitingIn(kind);
    if (kind === 'grade' && this.queued >= MAX_WAITING)
      return Promise.reject(new LocalLlmBusyError(`the language model has ${this.queued} answers waiting; try again in a minute`));
    if (kind === 'explain' && waiting >= MAX_EXPLANATIONS_WAITING)
      return Promise.reject(new LocalLlmBusyError(`${waiting} explanations are waiting for the language model`));
    // Nobody waits on background work: a student's request stops it where it is.
    if (kind !== 'background') this.backgroundStop?.abort();
    return this.queue.run(kind, run);
  }

  /** P(yes) for each question about the document, in one pass over the document. */
  /** `background`: work nobody waits on, run only when no student's request is queued. */
  async yesNo<Q extends YesNoQuestions>(document: string, questions: Q, lane: Lane = 'grade'): Promise<Record<keyof Q, number>> {
    const run = async () => {
      const { decisions } = await this.load();
      const spec = Object.fromEntries(Object.entries(questions).map(([key, instruction]) => [key, { type: 'noul' as const, instruction }]));
      const answers = await decisions.decide(document, spec, { onOverflow: 'truncateDocument' });
      return Object.fromEntries(Object.entries(answers).map(([key, answer]) => [key, (answer as { value: number }).value])) as Record<
        keyof Q,
        number
      >;
    };
    return this.enqueue(lane, run);
  }

  async dispose(): Promise<void> {
    for (const session of [this.chatting, this.explaining]) {
      const opened = await session?.catch(() => undefined);
      opened?.chat.dispose();
      await opened?.context.dispose();
    }
    this.chatting = undefined;
    this.explaining = undefined;
    const loaded = await this.loading?.catch(() => undefined);
    this.loading = undefined;
    await loaded?.decisions.dispose();
    await loaded?.model.dispose();
    await loaded?.llama.dispose();
  }
}
