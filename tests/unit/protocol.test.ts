import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/contracts/limits.js';
import { parseClientMessage } from '../../src/server/protocol.js';
import { protocolError } from '../../src/server/errors.js';
import { ModelUnavailableError } from '../../src/embed/embedder.js';
import { IndexLockedError } from '../../src/index/lock.js';
import { LocalLlmBusyError, LocalLlmUnavailableError } from '../../src/llm/local.js';
import { QuizUnavailableError } from '../../src/tutor/quiz/draw.js';

describe('client message parsing (one schema per type)', () => {
  it('accepts each message type', () => {
    expect(parseClientMessage('{"type":"ask","id":1,"text":"Hva er dropout?"}')).toEqual({
      ok: true,
      message: { type: 'ask', id: 1, text: 'Hva er dropout?' },
    });
    expect(parseClientMessage('{"type":"quiz","id":"q","lang":"da","kind":"open","topic":"loss"}').ok).toBe(true);
    expect(parseClientMessage('{"type":"answer","id":2,"questionId":"q-1","text":"B"}').ok).toBe(true);
    expect(parseClientMessage('{"type":"answer","id":3,"question":"What is SGD?","text":"A way to optimise"}').ok).toBe(true);
    expect(parseClientMessage('{"type":"reset","id":4}').ok).toBe(true);
  });

  it('gives each bad frame a stable code, and keeps the id where it can', () => {
    expect(parseClientMessage('{not json')).toMatchObject({ ok: false, code: 'bad_json' });
    expect(parseClientMessage('[1,2]')).toMatchObject({ ok: false, code: 'bad_message' });
    expect(parseClientMessage('{"id":5}')).toMatchObject({ ok: false, id: 5, code: 'bad_message' });
    expect(parseClientMessage('{"type":"dance","id":6}')).toMatchObject({ ok: false, id: 6, code: 'unknown_type' });
    expect(parseClientMessage('{"type":"constructor","id":7}')).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(parseClientMessage('{"type":"__proto__","id":7}')).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(parseClientMessage('{"type":"ask","id":8,"text":"   "}')).toMatchObject({ ok: false, id: 8, code: 'bad_message' });
    expect(parseClientMessage(JSON.stringify({ type: 'ask', id: 9, text: 'x'.repeat(LIMITS.maxTextChars + 1) }))).toMatchObject({
      ok: false,
      id: 9,
      code: 'too_long',
    });
    expect(parseClientMessage('{"type":"ask","id":10,"text":"hi","extra":true}')).toMatchObject({ ok: false, id: 10, code: 'bad_message' });
    expect(parseClientMessage('{"type":"quiz","id":11,"lang":"de"}')).toMatchObject({ ok: false, id: 11, code: 'bad_message' });
    expect(parseClientMessage('{"type":"ask","id":{"x":1},"text":"hi"}')).toMatchObject({ ok: false, code: 'bad_message' });
  });
});

describe('domain errors → protocol error codes (one mapping)', () => {
  it('maps each known error to its code and hides the rest', () => {
    expect(protocolError(new QuizUnavailableError('no open question in Danish about "loss"'))).toEqual({
      code: 'not_found',
      message: 'no open question in Danish about "loss"',
    });
    expect(protocolError(new LocalLlmBusyError('40 waiting')).code).toBe('busy');
    expect(protocolError(new ModelUnavailableError('no model')).code).toBe('unavailable');
    expect(protocolError(new LocalLlmUnavailableError('no gguf')).code).toBe('unavailable');
    expect(protocolError(new IndexLockedError('locked')).code).toBe('unavailable');
    const hidden = protocolError(new Error('secret stack detail'));
    expect(hidden.code).toBe('internal');
    expect(hidden.message).not.toContain('secret');
  });
});
