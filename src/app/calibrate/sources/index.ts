import { flippedAnswers } from './flips.js';
import { fragmentAnswers } from './fragments.js';
import { negatedAnswers } from './negations.js';
import { referenceAnswers } from './reference.js';
import { roleSwapAnswers } from './roleSwaps.js';
import type { CaseSource } from './source.js';
import { siblingAnswers } from './siblings.js';
import { swappedAnswers } from './swaps.js';
import { absoluteAnswers, paraphrasedAnswers, shortAnswers, translatedAnswers, translatedSwaps } from './written.js';

/**
 * Every way the calibration set is made, in order; a new way is one file and one row. Not here: the
 * local model asked for a plausible wrong answer wrote a correct one about a third of the time
 * (measured on this course: "Initialize the parameters, calculate the predictions, …" as a wrong
 * answer to the seven steps), and a wrong label the grader cannot see through sets the pass cut.
 */
export const CASE_SOURCES: readonly CaseSource[] = [
  referenceAnswers,
  siblingAnswers,
  swappedAnswers,
  flippedAnswers,
  negatedAnswers,
  fragmentAnswers,
  roleSwapAnswers,
  paraphrasedAnswers,
  translatedAnswers,
  absoluteAnswers,
  translatedSwaps,
  shortAnswers,
];
