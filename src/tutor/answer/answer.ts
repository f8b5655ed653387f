import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { log } from '../../log.js';
import type { SearchHit } from '../../retrieval/search.js';
import type { Lang } from '../../types.js';
import type { SentenceScorer } from '../knowledge/courseKnowledge.js';
import type { Citation, Turn } from '../types.js';
import { composeExtractive } from './extractive.js';
import { generateAnswer } from './generative.js';

export interface AnswerInput {
  /** What the student wrote. */
  question: string;
  /** The standalone question that was looked up. */
  query: string;
  lang: Lang;
  history: readonly Turn[];
  hits: SearchHit[];
}

export interface Composition {
  answer: string;
  citations: Citation[];
  composer: 'extractive' | 'generative';
}

export interface AnswerComposer {
  /** Quotes the notes, with the lines each sentence comes from. */
  scoreSentences: SentenceScorer;
  /** A configured chat model composes instead (streamed); null quotes. */
  chat: BaseChatModel | null;
}

let fallbackLogged = false;

/**
 * The answer to a covered question: the configured chat model's (its markers checked), else the
 * extractive one; null when no passage could be cited (the caller refuses).
 */
export async function composeAnswer(
  composer: AnswerComposer,
  input: AnswerInput,
  options: { onToken?: (text: string) => void; extractive?: boolean } = {},
): Promise<Composition | null> {
  if (composer.chat && !options.extractive) {
    try {
      const { question, lang, history, hits } = input;
      const generated = await generateAnswer(composer.chat, { question, lang, history, hits }, options.onToken);
      if (generated.removedMarkers.length > 0)
        log.info('removed citation markers that pointed at no passage', { markers: generated.removedMarkers });
      if (generated.citations.length > 0) return { answer: generated.answer, citations: generated.citations, composer: 'generative' };
      log.warn('generated answer cited no passage; using the extractive answer instead');
    } catch (error) {
      if (!fallbackLogged) {
        log.warn('language model unavailable; answering with the extractive composer', {
          reason: String((error as Error).message ?? error),
        });
        fallbackLogged = true;
      }
    }
  }
  const composed = await composeExtractive(input.query, input.lang, input.hits, composer.scoreSentences);
  return composed.citations.length > 0 ? { ...composed, composer: 'extractive' } : null;
}
