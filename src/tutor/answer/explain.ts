import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { detectLanguage } from '../../text/language.js';
import { log } from '../../log.js';
import { streamText } from '../../llm/streamText.js';
import type { Lang } from '../../types.js';
import { EXPLANATION } from '../../tuning.js';
import type { Citation } from '../knowledge/citations.js';
import type { ExplanationPassage } from './passages.js';
import { explainMessages, promptText } from './explainPrompt.js';
import { completeSentences, SentenceChecker, type Considered } from './attribute.js';
import type { SupportScorer } from '../knowledge/courseKnowledge.js';
import type { SupportReading } from './support.js';

/** Characters the model may write in all (≈ 3 short sentences). */
const MAX_CHARS = 520;
const MAX_SENTENCES = 3;

export interface ExplainInput {
  /** The standalone question (a follow-up already read with its topic). */
  question: string;
  lang: Lang;
  /** The passages it is written from (passages.ts: the best hits, one per unit, trimmed). */
  passages: ExplanationPassage[];
  /** Terms the question asks about that the notes never write. */
  unknownTerms?: readonly string[];
  /** The answer's first quote, already on screen: an explanation must say more than it. */
  firstQuote?: string;
}

export type ExplanationProblem = 'no_citation' | 'wrong_language' | 'stopped' | 'empty' | 'failed' | 'busy' | 'unsupported';

export interface Explanation {
  /** 'llm' when the model's explanation passed every check; otherwise 'extractive' and `problem` says why. */
  composer: 'llm' | 'extractive';
  text: string;
  citations: Citation[];
  /** Language the explanation reads as. */
  lang: Lang | null;
  problem?: ExplanationProblem;
  /** Markers that pointed at no passage, removed. */
  removedMarkers: number[];
  /** Served from the class's explanation cache. */
  cached?: boolean;
  /** Why each sentence the model wrote was left out, in order (measured by the eval; not sent). */
  dropped?: string[];
}

export interface ExplainDeps {
  model: BaseChatModel;
  /** e5 similarity of sentences to passages: picks the passage a sentence without a marker rests on. */
  score: SupportScorer;
  /** The model's reading of (passage, sentence); null checks by words only. */
  read: SupportReading | null;
}

export interface ExplainOptions {
  /** Receives each checked sentence as it passes, with its final markers. */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Written for the cache when nobody waits: the local model stops it for any student's request. */
  background?: boolean;
}

/** Language of written text without its citation markers and code. */
function languageOf(text: string): Lang {
  return detectLanguage(text.replace(/\[\d+\]/g, ' ').replace(/```[\s\S]*?```/g, ' '));
}

/** Norwegian and Danish sentences are told apart badly one by one (whole texts well): either passes for the other. */
const readsAs = (lang: Lang, wanted: Lang) => lang === wanted || (lang !== 'en' && lang !== 'sv' && wanted !== 'en' && wanted !== 'sv');

/** What has passed so far (numbered as the student sees it), what was left out and why, and whether to go on. */
class Outcome {
  readonly kept: string[] = [];
  readonly dropped: string[] = [];
  /** Passages in order of first use: marker [i] is used[i - 1]. */
  readonly used: number[] = [];
  gaveUp: string | null = null;
  private rejected = 0;

  constructor(
    private readonly started: number,
    private readonly onToken?: (text: string) => void,
  ) {}

  take(considered: Considered): void {
    if (considered.kept) {
      const markers = considered.passages.map((n) => {
        if (!this.used.includes(n)) this.used.push(n);
        return `[${this.used.indexOf(n) + 1}]`;
      });
      const rendered = `${considered.plain}${/[.!?]$/.test(considered.plain) ? '' : '.'} ${markers.join('')}`;
      this.onToken?.(this.kept.length ? ` ${rendered}` : rendered);
      this.kept.push(rendered);
      return;
    }
    this.dropped.push(considered.reason);
    if (considered.reason !== 'fragment') this.rejected++;
    log.debug('explanation sentence dropped', { sentence: considered.plain, reason: considered.reason });
    if (this.kept.length > 0) return;
    // The model wrote in another language, or its first sentences fail: what follows will not pass either.
    if (considered.reason === 'another language' || this.rejected >= EXPLANATION.giveUpAfterRejected) this.gaveUp = considered.reason;
  }

  /** No other sentence when one more, at this pace, would come too late: the note when none passed, else what passed. */
  keepPace(sentenceMs: number): void {
    const end = Date.now() - this.started + sentenceMs;
    if (this.gaveUp) return;
    if (this.kept.length > 0 && end > EXPLANATION.wholeWithinMs) this.gaveUp = 'no time for more';
    else if (this.kept.length === 0 && this.rejected > 0 && end > EXPLANATION.firstSentenceWithinMs) this.gaveUp = 'nothing passed in time';
  }
}

/**
 * One turn of the model: with `oneSentence` (a model that continues its own partial reply), it stops
 * as soon as the text after a sentence's end has begun; otherwise it writes to the end.
 */
async function writeTurn(
  model: BaseChatModel,
  messages: BaseMessage[],
  pending: string,
  maxChars: number,
  options: ExplainOptions & { oneSentence: boolean },
): Promise<{ reply: string; ended: boolean; firstTokenAt: number }> {
  const turn = new AbortController();
  let fresh = '';
  let firstTokenAt: number | undefined;
  const reply = await streamText(model, messages, {
    signal: options.signal ? AbortSignal.any([turn.signal, options.signal]) : turn.signal,
    maxTokens: Math.max(8, Math.ceil(maxChars / 3)),
    partialOnAbort: true,
    ...(options.background ? { lane: 'background' as const } : {}),
    onToken: (token) => {
      firstTokenAt ??= Date.now();
      fresh += token;
      if (options.oneSentence && completeSentences(pending + fresh, false).sentences.length > 0) turn.abort();
    },
  });
  return { reply, ended: !turn.signal.aborted, firstTokenAt: firstTokenAt ?? Date.now() };
}

/**
 * An explanation written by a chat model (the local model or a configured server) from the passages
 * only, checked sentence by sentence as it is written: a sentence is sent on (onToken) only once it
 * has passed (attribute.ts, support.ts). The local model writes one sentence per turn, so its support
 * can be read between sentences and a student's grading can go in between; a chat server writes it
 * whole. It gives up early when the first sentences fail or nothing passes soon.
 */
export async function explain(deps: ExplainDeps, input: ExplainInput, options: ExplainOptions = {}): Promise<Explanation> {
  const started = Date.now();
  const shown = input.passages;
  const passages = shown.map((p) => p.citation);
  const oneSentence = 'continuesPartialReply' in deps.model && deps.model.continuesPartialReply === true;
  const checker = new SentenceChecker(
    shown.map((p) => p.answer),
    deps.score,
    deps.read,
    {
      notesQuestions: shown.flatMap((p) => (p.question ? [p.question] : [])),
      instructions: promptText(input.lang),
      maxSentences: MAX_SENTENCES,
      inLanguage: (sentence) => readsAs(languageOf(sentence), input.lang),
      unsupportedTerms: input.unknownTerms ?? [],
      question: input.question,
      ...(input.firstQuote ? { firstQuote: input.firstQuote } : {}),
      ...(options.background ? { background: true } : {}),
    },
  );
  const outcome = new Outcome(started, options.onToken);
  let written = '';
  let pending = '';
  let finished = false;
  while (!finished && !outcome.gaveUp && !options.signal?.aborted) {
    const messages = explainMessages(input.question, input.lang, passages, oneSentence, written);
    const { reply, ended, firstTokenAt } = await writeTurn(deps.model, messages, pending, MAX_CHARS - written.length, {
      ...options,
      oneSentence,
    });
    written += reply;
    log.debug('explanation turn', { ms: Date.now() - started, reply });
    finished = ended || written.length >= MAX_CHARS;
    const { sentences, rest } = completeSentences(pending + reply, finished);
    pending = rest;
    for (const sentence of sentences) if (!options.signal?.aborted) outcome.take(await checker.consider(sentence));
    // One sentence's writing and checking, from its first token (the prompt is read once, at the first turn).
    outcome.keepPace((Date.now() - firstTokenAt) / Math.max(1, sentences.length));
    log.debug('explanation sentences checked', { ms: Date.now() - started, kept: outcome.kept.length });
    if (checker.keptCount >= MAX_SENTENCES) finished = true;
  }

  const text = outcome.kept.join(' ');
  const citations = outcome.used.map((n) => passages[n - 1]!);
  const lang = text ? languageOf(text) : null;
  const base = { text, citations, lang, removedMarkers: [], dropped: outcome.dropped };
  log.debug('explanation written', { question: input.question, written, kept: text, gaveUp: outcome.gaveUp, ms: Date.now() - started });
  if (options.signal?.aborted) return { ...base, composer: text ? 'llm' : 'extractive', problem: 'stopped' };
  if (!text) return { ...base, composer: 'extractive', problem: written.trim() ? 'unsupported' : 'empty' };
  return { ...base, composer: 'llm' };
}
