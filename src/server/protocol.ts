import { z } from 'zod';
import type { Citation } from '../tutor/extractive.js';

/** Limits enforced at the boundary. */
export const LIMITS = {
  /** Largest WebSocket frame accepted; bigger frames close the socket with 1009. */
  maxPayloadBytes: 64 * 1024,
  /** Longest question or answer text. */
  maxTextChars: 4000,
  /** Messages waiting per connection before new ones are refused with "busy". */
  maxQueue: 16,
  /** Token bucket per connection: burst size and refill per second. */
  rateBurst: 30,
  ratePerSecond: 3,
};

const Id = z.union([z.string().min(1).max(100), z.number().int().safe()]);
const Text = z.string().trim().min(1, 'must not be empty').max(LIMITS.maxTextChars, `must be at most ${LIMITS.maxTextChars} characters`);
const Lang = z.enum(['nb', 'sv', 'da', 'en']);

export const AskMessage = z.object({ type: z.literal('ask'), id: Id, text: Text }).strict();
export const QuizMessage = z
  .object({
    type: z.literal('quiz'),
    id: Id,
    lang: Lang.optional(),
    topic: z.string().trim().max(400).optional(),
    kind: z.enum(['mcq', 'open']).optional(),
  })
  .strict();
/** An answer to a quiz question (questionId) or to a question the student brings (question). */
export const AnswerMessage = z.union([
  z
    .object({ type: z.literal('answer'), id: Id, questionId: z.string().min(1).max(64), text: z.string().max(LIMITS.maxTextChars) })
    .strict(),
  z.object({ type: z.literal('answer'), id: Id, question: Text, text: z.string().max(LIMITS.maxTextChars) }).strict(),
]);
export const ResetMessage = z.object({ type: z.literal('reset'), id: Id }).strict();

export const CLIENT_SCHEMAS = { ask: AskMessage, quiz: QuizMessage, answer: AnswerMessage, reset: ResetMessage } as const;
export type ClientType = keyof typeof CLIENT_SCHEMAS;
export type AskMessage = z.infer<typeof AskMessage>;
export type QuizMessage = z.infer<typeof QuizMessage>;
export type AnswerMessage = z.infer<typeof AnswerMessage>;
export type ResetMessage = z.infer<typeof ResetMessage>;
export type ClientMessage = AskMessage | QuizMessage | AnswerMessage | ResetMessage;
export type MessageId = z.infer<typeof Id>;

export type ErrorCode =
  'bad_json' | 'bad_message' | 'unknown_type' | 'too_long' | 'rate_limited' | 'busy' | 'not_found' | 'unavailable' | 'internal';

export type ServerMessage =
  | { type: 'token'; id: MessageId; text: string }
  | { type: 'answer'; id: MessageId; text: string; grounded: boolean; citations: Citation[] }
  | {
      type: 'question';
      id: MessageId;
      questionId: string;
      text: string;
      kind: 'mcq' | 'open';
      options?: Array<{ label: string; text: string }>;
      lang: string;
    }
  | {
      type: 'grade';
      id: MessageId;
      questionId: string | null;
      verdict: string;
      score: number;
      feedback: string;
      reference: string;
      citations: Citation[];
    }
  | { type: 'error'; id?: MessageId; code: ErrorCode; message: string };

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; id?: MessageId; code: ErrorCode; message: string };

function idOf(value: unknown): MessageId | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  const parsed = Id.safeParse(id);
  return parsed.success ? parsed.data : undefined;
}

/** Parse one text frame: JSON, a known type, then that type's own schema. */
export function parseClientMessage(raw: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_json', message: 'message is not valid JSON' };
  }
  const id = idOf(value);
  const withId = (code: ErrorCode, message: string): ParseResult =>
    id === undefined ? { ok: false, code, message } : { ok: false, id, code, message };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return withId('bad_message', 'message must be a JSON object');
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return withId('bad_message', 'message needs a "type"');
  // Own keys only: "constructor" or "__proto__" must not reach Object.prototype.
  if (!Object.hasOwn(CLIENT_SCHEMAS, type)) return withId('unknown_type', `unknown message type "${type.slice(0, 40)}"`);
  const parsed = CLIENT_SCHEMAS[type as ClientType].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
    const where = issue?.path.join('.') || 'message';
    return withId(tooLong ? 'too_long' : 'bad_message', `${type}: ${where} ${issue?.message ?? 'is invalid'}`);
  }
  return { ok: true, message: parsed.data as ClientMessage };
}
