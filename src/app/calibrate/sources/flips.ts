import { closest } from 'fastest-levenshtein';
import { detectLanguage } from '../../../text/language.js';
import { splitSentences } from '../../../text/sentences.js';
import { POLE_PAIRS } from '../../../tutor/grading/signals/antonyms.js';
import { caseOf, type CaseSource } from './source.js';

/** The reference with one polar word turned to its opposite (well → badly, øke → minske): wrong. */
export function flipOnePole(reference: string): string | undefined {
  for (const [a, b] of POLE_PAIRS) {
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const word of mine) {
        const at = new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'iu');
        if (!at.test(reference) || theirs.some((w) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'iu').test(reference))) continue;
        return reference.replace(at, closest(word, [...theirs]));
      }
    }
  }
  return undefined;
}

/**
 * Only a one-sentence reference is flipped: there the polar word carries the answer's claim; one
 * word turned in a longer answer may sit in a sentence the grader does not compare (measured: a
 * flip in the second sentence of a glossary entry scored as correct), and leaves most of it right.
 */
const MAX_SENTENCES = 1;

export const flippedAnswers: CaseSource = {
  kind: 'flip',
  needsModel: false,
  make: async ({ references, groupOf }) =>
    references.flatMap((q) => {
      if (splitSentences(q.reference).length > MAX_SENTENCES) return [];
      const flipped = flipOnePole(q.reference);
      return flipped ? [caseOf('flip', q, groupOf, flipped, 'incorrect', detectLanguage(q.reference))] : [];
    }),
};
