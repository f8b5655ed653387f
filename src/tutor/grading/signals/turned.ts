import { phraseFlip, premiseFlip, type PoleFlip } from './antonyms.js';
import { negationFlip } from './negation.js';

/**
 * A claim of the notes turned around, read from the texts alone: the question's premise, a phrase of
 * the reference with its pole turned, or what the reference denies asserted. The grader and the
 * calibration's re-reading of cached cases both ask this, so a new rule reaches both.
 */
export function turnedClaim(question: string, reference: string, answer: string): PoleFlip | undefined {
  return premiseFlip(question, answer) ?? phraseFlip(reference, answer) ?? negationFlip(question, reference, answer);
}
