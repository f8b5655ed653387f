import { LocalLlmBusyError } from '../../llm/local.js';
import { log } from '../../log.js';
import type { ExplanationPassage } from './passages.js';
import type { Lang } from '../../types.js';
import { notMentioned } from '../messages/phrases.js';
import { explain, type ExplainDeps, type ExplainOptions, type Explanation } from './explain.js';

export type { Explanation };

export interface ExplainRequest {
  query: string;
  lang: Lang;
  passages: ExplanationPassage[];
  /** What the question asks about that the notes never write (said plainly after the explanation). */
  uncoveredTerms: string[];
  /** The answer's first quote, already on screen. */
  firstQuote?: string | undefined;
}

/**
 * An explanation of a covered question by a language model from the retrieved passages only (see
 * explain.ts). A model that fails or is busy is reported as an explanation with composer
 * 'extractive' and a problem, never thrown (a background one stopped for a student is thrown: it is
 * tried again later).
 */
export async function explainAnswer(deps: ExplainDeps, request: ExplainRequest, options: ExplainOptions = {}): Promise<Explanation> {
  const unknown = request.uncoveredTerms;
  try {
    const explanation = await explain(
      deps,
      {
        question: request.query,
        lang: request.lang,
        passages: request.passages,
        unknownTerms: unknown,
        ...(request.firstQuote ? { firstQuote: request.firstQuote } : {}),
      },
      options,
    );
    if (explanation.problem && explanation.problem !== 'stopped')
      log.info('explanation not used', { problem: explanation.problem, lang: explanation.lang, wanted: request.lang });
    // What the question asks about that the notes never mention is said plainly, by rule: the small model's own judgement of coverage was mostly wrong.
    if (explanation.composer === 'llm' && unknown.length > 0) {
      const note = ` ${notMentioned(request.lang, unknown)}`;
      explanation.text += note;
      options.onToken?.(note);
    }
    return explanation;
  } catch (error) {
    if (options.background) throw error;
    const busy = error instanceof LocalLlmBusyError;
    if (!busy) log.warn('the language model could not explain; the extractive answer stands', { reason: (error as Error).message });
    return { composer: 'extractive', text: '', citations: [], lang: null, problem: busy ? 'busy' : 'failed', removedMarkers: [] };
  }
}
