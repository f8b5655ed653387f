import type { GradedVerdict } from '../../tutor/types.js';
import type { GradeFeatures } from '../../tutor/grading/features.js';
import type { Lang } from '../../types.js';

/** How a calibration case was made (sources/ has one file per kind). */
export type CaseKind =
  | 'reference'
  | 'sibling'
  | 'paraphrase'
  | 'translation'
  | 'absolute'
  | 'swap'
  | 'swap-translated'
  | 'flip'
  | 'negation'
  | 'fragment'
  | 'role-swap'
  | 'short';

/** One labelled (question, reference, answer, verdict) case made from the course's own notes. */
export interface CalibrationCase {
  /** Stable across runs: the kind, the question and the answer's text. */
  id: string;
  /** The bank question or glossary term whose reference grades it. */
  questionId: string;
  /** Questions asked in several files share a group: folds never split a group. */
  group: string;
  question: string;
  answer: string;
  lang: Lang;
  kind: CaseKind;
  verdict: GradedVerdict;
  /** The grader's signals on this case (filled by `npm run calibrate`, kept so a re-run only computes new cases). */
  features?: GradeFeatures;
}
