import type { QuizKind } from '../../contracts/ws.js';
import type { BankQuestion } from '../knowledge/bank.js';

export interface QuizKindSpec {
  /** How the kind is named in a message ("no multiple-choice question in Swedish"). */
  name: string;
  /**
   * Whether the tutor can grade an answer to this question. `keyPointUnits`: the units whose answers
   * have key points to compare an answer with (none without embeddings: then every question counts).
   */
  gradable(question: BankQuestion, keyPointUnits: ReadonlySet<string> | null): boolean;
}

/** One row per kind of exam question: a new kind is one row here and its grading. */
export const QUIZ_KIND_SPECS = {
  mcq: { name: 'multiple-choice', gradable: () => true },
  // An open question whose reference is code alone has no key points: its answer would come back "not in the notes".
  open: { name: 'open', gradable: (question, keyPointUnits) => !keyPointUnits || keyPointUnits.has(question.unitId) },
} satisfies Record<QuizKind, QuizKindSpec>;
