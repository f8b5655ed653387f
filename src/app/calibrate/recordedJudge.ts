import { createHash } from 'node:crypto';
import type { MeaningInput, MeaningJudge } from '../../tutor/grading/signals/meaning.js';
import { englishReadingsOf } from '../../tutor/grading/signals/english.js';

/** The language model's agreements calibration has read, by what it read (readingKey). */
export type AgreementRecord = Map<string, number>;

export function readingKey(judge: Pick<MeaningJudge, 'kind' | 'reads'>, { question, reference, answer }: MeaningInput): string {
  const name = judge.reads ? `${judge.kind}:${judge.reads}` : judge.kind;
  return createHash('sha256')
    .update(JSON.stringify([name, question, reference, answer]))
    .digest('hex')
    .slice(0, 20);
}

/**
 * A judge that reads each (question, reference, answer) once: a re-run of `npm run calibrate`
 * recomputes every other signal as the grader computes it now and asks the model only about what
 * it has not read. `earlier`: what earlier runs read; `record` gets what this run reads, so
 * readings of cases the set no longer has are not kept. `replay` stands in for a record made
 * before readings were recorded (the agreement cached with a case whose text did not change).
 */
export function recordedJudge(
  inner: MeaningJudge,
  earlier: ReadonlyMap<string, number>,
  record: AgreementRecord,
  replay: () => number | undefined = () => undefined,
): MeaningJudge & { readonly asked: number } {
  let asked = 0;
  const readings = englishReadingsOf(inner);
  return {
    kind: inner.kind,
    ...(inner.reads ? { reads: inner.reads } : {}),
    // The grader computes the overlap of what the judge read through them (overlapAsRead).
    ...(readings ? { readings } : {}),
    get asked() {
      return asked;
    },
    async agreement(input, options) {
      const key = readingKey(inner, input);
      let agreement = record.get(key) ?? earlier.get(key) ?? replay();
      if (agreement === undefined) {
        agreement = await inner.agreement(input, options);
        asked++;
      }
      record.set(key, agreement);
      return agreement;
    },
  };
}
