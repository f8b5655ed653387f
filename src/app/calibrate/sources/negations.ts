import { detectLanguage } from '../../../text/language.js';
import { splitSentences } from '../../../text/sentences.js';
import { AFTER_VERB } from '../../../tutor/grading/signals/negation.js';
import { caseOf, type CaseSource } from './source.js';

/** The shortest sentence that states a claim of its own (a heading or a list label is shorter). */
const MIN_WORDS = 5;

/**
 * The first sentence of the reference that denies something, with the denial taken out ("PyTorch
 * ikke faktisk kopier" → "PyTorch faktisk kopier"): the answer asserts what the notes deny. Only
 * "not", "ikke", "inte" and their kin: taking out "without" or "stops" leaves no sentence.
 */
export function denialRemoved(reference: string): string | undefined {
  for (const { segment } of splitSentences(reference, { joinAbbreviations: true })) {
    const words = segment.trim().split(/\s+/);
    const at = words.findIndex((w) => AFTER_VERB.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')));
    if (at < 0 || words.length < MIN_WORDS) continue;
    return [...words.slice(0, at), ...words.slice(at + 1)].join(' ');
  }
  return undefined;
}

export const negatedAnswers: CaseSource = {
  kind: 'negation',
  needsModel: false,
  make: async ({ references, groupOf }) =>
    references.flatMap((q) => {
      const asserted = denialRemoved(q.reference);
      return asserted ? [caseOf('negation', q, groupOf, asserted, 'incorrect', detectLanguage(asserted))] : [];
    }),
};
