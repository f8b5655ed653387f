import { describe, expect, it } from 'vitest';
import { readingKey, recordedJudge } from '../../src/app/calibrate/recordedJudge.js';
import type { MeaningInput, MeaningJudge } from '../../src/tutor/grading/signals/meaning.js';

/** Counts what it is asked; its agreement is the answer's length, so readings can be told apart. */
function countingJudge(): MeaningJudge & { asked: number } {
  return {
    kind: 'local',
    asked: 0,
    async agreement(input: MeaningInput) {
      this.asked++;
      return input.answer.length / 100;
    },
  };
}

const input = { question: 'What is dropout?', reference: 'Dropout turns units off at random.', answer: 'Units are switched off.' };

describe('recorded readings for calibration', () => {
  it('reads each (question, reference, answer) once, and again when any of them changes', async () => {
    const inner = countingJudge();
    const record = new Map<string, number>();
    const judge = recordedJudge(inner, new Map(), record);
    expect(await judge.agreement(input)).toBe(0.23);
    expect(await judge.agreement({ ...input })).toBe(0.23);
    expect(inner.asked).toBe(1);
    await judge.agreement({ ...input, reference: 'Dropout turns units off.' });
    expect([inner.asked, judge.asked]).toEqual([2, 2]);
    expect(record.get(readingKey({ kind: 'local' }, input))).toBe(0.23);
    // A later run reads nothing again, and records only what its cases read.
    const next = new Map<string, number>();
    const again = recordedJudge(inner, record, next);
    expect(await again.agreement(input)).toBe(0.23);
    expect([inner.asked, again.asked, [...next.keys()]]).toEqual([2, 0, [readingKey({ kind: 'local' }, input)]]);
    // Another kind of judge reads on another scale: its readings are its own.
    expect(readingKey({ kind: 'remote' }, input)).not.toBe(readingKey({ kind: 'local' }, input));
    expect(readingKey({ kind: 'local', reads: 'english' }, input)).not.toBe(readingKey({ kind: 'local' }, input));
  });

  it('replays an agreement cached before readings were recorded, and records it under what was read', async () => {
    const inner = countingJudge();
    const record = new Map<string, number>();
    expect(await recordedJudge(inner, new Map(), record, () => 0.61).agreement(input)).toBe(0.61);
    expect(inner.asked).toBe(0);
    expect(await recordedJudge(inner, record, new Map()).agreement(input)).toBe(0.61);
  });
});
