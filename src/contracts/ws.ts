import { z } from 'zod';
import { LIMITS } from './limits.js';

/** The kinds of exam question (one list: the bank, the quiz, the protocol and the page use it). */
export const QUIZ_KINDS = ['mcq', 'open'] as const;
export type QuizKind = (typeof QUIZ_KINDS)[number];
export const QUIZ_MODES = ['new', 'review', 'weakest'] as const;
export type QuizMode = (typeof QUIZ_MODES)[number];

/** The WebSocket chat protocol (`/ws`), both directions: the server validates with these, the page imports their types. */
export { LIMITS };

export const MessageId = z.union([z.string().min(1).max(100), z.number().int().safe()]);
export const Lang = z.enum(['nb', 'sv', 'da', 'en']);
const Text = z.string().trim().min(1, 'must not be empty').max(LIMITS.maxTextChars, `must be at most ${LIMITS.maxTextChars} characters`);

// ---------------------------------------------------------------- client → server

/** `explain: true`: after the answer, a language model's explanation streams (token frames with part "explanation", then an explanation reply). */
export const AskMessage = z.object({ type: z.literal('ask'), id: MessageId, text: Text, explain: z.boolean().optional() }).strict();
/** Stop the explanation of the ask with this id (what was written so far is kept). */
export const StopMessage = z.object({ type: z.literal('stop'), id: MessageId }).strict();
export const QuizMessage = z
  .object({
    type: z.literal('quiz'),
    id: MessageId,
    lang: Lang.optional(),
    topic: z.string().trim().max(400).optional(),
    kind: z.enum(QUIZ_KINDS).optional(),
    /**
     * `new` (the default): a question the student has not had lately, unanswered ones first; `review`:
     * the most overdue review card (a `nothing_due` reply when none is due); `weakest`: a question of
     * the topic the student masters least.
     */
    mode: z.enum(QUIZ_MODES).optional(),
  })
  .strict();
/** An answer to a quiz question (questionId) or to a question the student brings (question). */
export const AnswerMessage = z.union([
  z
    .object({ type: z.literal('answer'), id: MessageId, questionId: z.string().min(1).max(64), text: z.string().max(LIMITS.maxTextChars) })
    .strict(),
  z.object({ type: z.literal('answer'), id: MessageId, question: Text, text: z.string().max(LIMITS.maxTextChars) }).strict(),
]);
export const ResetMessage = z.object({ type: z.literal('reset'), id: MessageId }).strict();

export const CLIENT_SCHEMAS = {
  ask: AskMessage,
  quiz: QuizMessage,
  answer: AnswerMessage,
  reset: ResetMessage,
  stop: StopMessage,
} as const;
export type ClientType = keyof typeof CLIENT_SCHEMAS;
export type AskMessage = z.infer<typeof AskMessage>;
export type QuizMessage = z.infer<typeof QuizMessage>;
export type AnswerMessage = z.infer<typeof AnswerMessage>;
export type ResetMessage = z.infer<typeof ResetMessage>;
export type StopMessage = z.infer<typeof StopMessage>;
export type ClientMessage = AskMessage | QuizMessage | AnswerMessage | ResetMessage | StopMessage;
export type MessageId = z.infer<typeof MessageId>;
export type Lang = z.infer<typeof Lang>;

// ---------------------------------------------------------------- server → client

export const ERROR_CODES = [
  'bad_json',
  'bad_message',
  'unknown_type',
  'too_long',
  'rate_limited',
  'busy',
  'not_found',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Exactly the cited lines of a course file (1-based, inclusive). */
export const Citation = z.object({
  file: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  title: z.string(),
  text: z.string(),
  /** A readable name of the file ("Glossary (Norwegian)", or its first heading); `file` stays exact. */
  source: z.string().optional(),
  /** These lines were marked wrong by a teacher: `text` holds the teacher's correction, not the notes' words. */
  correction: z.object({ teacher: z.string(), at: z.string() }).optional(),
});
export const Verdict = z.enum(['correct', 'partial', 'incorrect', 'unknown']);

/** Streamed text; `part: "explanation"` when it belongs to the explanation that follows an answer. */
export const TokenReply = z.object({
  type: z.literal('token'),
  id: MessageId,
  text: z.string(),
  part: z.literal('explanation').optional(),
});
export const AnswerReply = z.object({
  type: z.literal('answer'),
  id: MessageId,
  text: z.string(),
  grounded: z.boolean(),
  citations: z.array(Citation),
  /** An explanation of this answer is being written and will follow (asked with `explain: true`). */
  explaining: z.boolean().optional(),
  /** With `explaining`: how many explanations the language model writes before this one. */
  ahead: z.number().int().min(0).optional(),
});
/**
 * The checked explanation. `composer: "llm"`: `text` is the explanation, its markers refer to its own
 * `citations`. `"extractive"`: no usable explanation (the answer above stands) and `note` says so in
 * the student's language. `stopped`: the student stopped it; `text` is what was written until then.
 */
export const ExplanationReply = z.object({
  type: z.literal('explanation'),
  id: MessageId,
  composer: z.enum(['llm', 'extractive']),
  text: z.string(),
  citations: z.array(Citation),
  stopped: z.boolean().optional(),
  note: z.string().optional(),
  /** Served from the class's explanation cache (another student's question found the same passages). */
  cached: z.boolean().optional(),
});
/** While an explanation waits for the language model: how many explanations go before it, sent each time that changes. */
export const WaitingReply = z.object({ type: z.literal('waiting'), id: MessageId, ahead: z.number().int().min(0) });
export const QuestionReply = z.object({
  type: z.literal('question'),
  id: MessageId,
  questionId: z.string(),
  text: z.string(),
  kind: z.enum(QUIZ_KINDS),
  options: z.array(z.object({ label: z.string(), text: z.string() })).optional(),
  /** Multiple choice: whether more than one option is right ("choose all that apply" rather than "choose one"). */
  multiple: z.boolean().optional(),
  lang: Lang,
  /** The topic the question belongs to (its mastery is traced). */
  topic: z.string().optional(),
  /** Served as a review card that had come due. */
  review: z.boolean().optional(),
});
/** A review quiz found no card due: when the next one is (ISO time), or null when the student has none yet. */
export const NothingDueReply = z.object({ type: z.literal('nothing_due'), id: MessageId, nextDue: z.string().nullable() });
export const GradeReply = z.object({
  type: z.literal('grade'),
  id: MessageId,
  questionId: z.string().nullable(),
  verdict: Verdict,
  score: z.number().min(0).max(1),
  feedback: z.string(),
  reference: z.string(),
  citations: z.array(Citation),
  /** The topic of the question and the student's mastery of it with this answer counted (0–1). */
  topic: z.string().optional(),
  mastery: z.number().min(0).max(1).optional(),
  /** False when the grade could not be stored in the student's progress (after retries); the page says so. */
  saved: z.boolean().optional(),
});
export const ErrorReply = z.object({ type: z.literal('error'), id: MessageId.optional(), code: z.enum(ERROR_CODES), message: z.string() });
export const ServerMessage = z.discriminatedUnion('type', [
  TokenReply,
  AnswerReply,
  ExplanationReply,
  WaitingReply,
  QuestionReply,
  NothingDueReply,
  GradeReply,
  ErrorReply,
]);

export type Citation = z.infer<typeof Citation>;
export type Verdict = z.infer<typeof Verdict>;
export type ServerMessage = z.infer<typeof ServerMessage>;
