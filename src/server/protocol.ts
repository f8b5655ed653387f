import { CLIENT_SCHEMAS, MessageId, type ClientMessage, type ClientType, type ErrorCode } from '../contracts/ws.js';

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; id?: MessageId; code: ErrorCode; message: string };

function idOf(value: unknown): MessageId | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  const parsed = MessageId.safeParse(id);
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
