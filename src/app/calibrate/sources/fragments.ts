import { detectLanguage } from '../../../text/language.js';
import { caseOf, type CaseSource } from './source.js';

const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s+(.+)$/;
/** A list this long is several points: one of them alone is a partial answer. */
const MIN_POINTS = 3;

/** One point of a reference that lists several (the seven steps, three reasons): partial. */
export const fragmentAnswers: CaseSource = {
  kind: 'fragment',
  needsModel: false,
  make: async ({ references, groupOf }) =>
    references.flatMap((q) => {
      const points = q.reference.split('\n').flatMap((line) => {
        const item = LIST_ITEM.exec(line)?.[1]?.trim();
        return item && item.split(/\s+/).length >= 3 ? [item] : [];
      });
      if (points.length < MIN_POINTS) return [];
      const point = points[0]!;
      return [caseOf('fragment', q, groupOf, point, 'partial', detectLanguage(point))];
    }),
};
