import { detectLanguage } from '../../../text/language.js';
import { caseOf, type CaseSource } from './source.js';

/** Another file's answer to the same question (the same exam answered twice): correct. */
export const siblingAnswers: CaseSource = {
  kind: 'sibling',
  needsModel: false,
  make: async ({ references, groupOf }) =>
    references.flatMap((q) =>
      references
        .filter((other) => other.id !== q.id && groupOf(other.id) === groupOf(q.id))
        .map((other) => caseOf('sibling', q, groupOf, other.reference, 'correct', detectLanguage(other.reference))),
    ),
};
