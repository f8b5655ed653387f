import { detectLanguage } from '../../../text/language.js';
import { caseOf, type CaseSource } from './source.js';

/** The notes' own answer to each question: correct by definition. */
export const referenceAnswers: CaseSource = {
  kind: 'reference',
  needsModel: false,
  make: async ({ references, groupOf }) =>
    references.map((q) => caseOf('reference', q, groupOf, q.reference, 'correct', detectLanguage(q.reference))),
};
