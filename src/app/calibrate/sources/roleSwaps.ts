import { detectLanguage } from '../../../text/language.js';
import { normaliseForComparison } from '../../../text/normalise.js';
import { splitSentences } from '../../../text/sentences.js';
import { clausesByRole, exchanged, namedPair } from '../../../tutor/grading/signals/roles.js';
import { asWritten, caseOf, type CaseSource } from './source.js';

/**
 * The two things a question names side by side, exchanged in what the notes say of them
 * ("Tensorflow står för själva uträkningarna, Keras är ett high level API" → "Keras står för …,
 * Tensorflow är …"): wrong, in the notes' own words. Only the sentences that name one of them, and
 * only where the notes say something of each apart (a sentence naming both in one clause says the
 * same thing either way round).
 */
export const roleSwapAnswers: CaseSource = {
  kind: 'role-swap',
  needsModel: false,
  make: async ({ references, groupOf, knowledge }) =>
    references.flatMap((q) => {
      const written = asWritten(knowledge, q);
      const pair = namedPair(q.text, written);
      if (!pair) return [];
      const about = splitSentences(written)
        .map((s) => s.segment.trim())
        .filter((sentence) => {
          const roles = clausesByRole(sentence, pair);
          return roles.a.length + roles.b.length > 0;
        })
        .join(' ');
      const said = clausesByRole(about, pair);
      if (said.a.length === 0 || said.b.length === 0) return [];
      const swapped = exchanged(about, pair);
      if (normaliseForComparison(swapped) === normaliseForComparison(about)) return [];
      return [caseOf('role-swap', q, groupOf, swapped, 'incorrect', detectLanguage(about))];
    }),
};
