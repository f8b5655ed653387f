import { detectLanguage } from '../../../text/language.js';
import { caseOf, type CaseSource } from './source.js';

const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s+(.+)$/;
/** A list this long is several points: one of them alone is a partial answer. */
const MIN_POINTS = 3;

/** The points of a reference that lists several (the seven steps, three reasons); none when it makes one point. */
export function pointsOf(reference: string): string[] {
  const points = reference.split('\n').flatMap((line) => {
    const item = LIST_ITEM.exec(line)?.[1]?.trim();
    return item && item.split(/\s+/).length >= 3 ? [item] : [];
  });
  return points.length >= MIN_POINTS ? points : [];
}

/** Question words of the four languages: two in one question ask two things ("how it works and why it is useful"). */
const QUESTION_WORD =
  /\b(?:what|how|why|when|which|hva|hvad|hvordan|hvorfor|hvilke|hvilken|hvilket|når|vad|hur|varför|vilken|vilket|vilka|när)\b/giu;

/** A question that asks two things or more ("Hva er en metrikk? Hvordan er dette forskjellig fra …"): an answer to one of them is partial. */
export function asksSeveral(question: string): boolean {
  return (question.match(QUESTION_WORD) ?? []).length >= 2 || (question.match(/\?/g) ?? []).length >= 2;
}

/** One point of a reference that lists several: partial. */
export const fragmentAnswers: CaseSource = {
  kind: 'fragment',
  needsModel: false,
  make: async ({ references, groupOf }) =>
    references.flatMap((q) => {
      const points = pointsOf(q.reference);
      if (points.length === 0) return [];
      const point = points[0]!;
      return [caseOf('fragment', q, groupOf, point, 'partial', detectLanguage(point))];
    }),
};
