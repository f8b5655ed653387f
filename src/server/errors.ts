import type { ErrorCode } from '../contracts/ws.js';
import { ModelUnavailableError } from '../embed/embedder.js';
import { IndexLockedError } from '../index/lock.js';
import { LocalLlmBusyError, LocalLlmUnavailableError } from '../llm/local.js';
import { QuizUnavailableError } from '../tutor/quiz/draw.js';

/**
 * The one place where a domain error becomes a protocol error code and a message a student can
 * read. Anything unforeseen is `internal`, with no detail (it is logged, never sent).
 */
export function protocolError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof QuizUnavailableError) return { code: 'not_found', message: error.message };
  if (error instanceof LocalLlmBusyError)
    return { code: 'busy', message: 'Many answers are being graded right now; please send yours again in a minute.' };
  if (error instanceof ModelUnavailableError || error instanceof LocalLlmUnavailableError || error instanceof IndexLockedError) {
    return {
      code: 'unavailable',
      message: 'The tutor cannot answer this right now (a model or the index is not available); please try again later.',
    };
  }
  return { code: 'internal', message: 'Something went wrong while answering; please try again.' };
}
