import { flippedAnswers } from './flips.js';
import { fragmentAnswers } from './fragments.js';
import { referenceAnswers } from './reference.js';
import type { CaseSource } from './source.js';
import { siblingAnswers } from './siblings.js';
import { swappedAnswers } from './swaps.js';
import { absoluteAnswers, paraphrasedAnswers, wrongAnswers } from './written.js';

/** Every way the calibration set is made, in order; a new way is one file and one row. */
export const CASE_SOURCES: readonly CaseSource[] = [
  referenceAnswers,
  siblingAnswers,
  swappedAnswers,
  flippedAnswers,
  fragmentAnswers,
  paraphrasedAnswers,
  wrongAnswers,
  absoluteAnswers,
];
