import type { Mcq, McqOption } from '../types.js';
import { normaliseForComparison } from '../text/normalise.js';
import type { Lines } from '../text/lines.js';

const OPTION = /^\s*[-*•]\s+(.+?)\s*$/;

function containsPhrase(haystack: string, needle: string): boolean {
  return needle.length > 0 && ` ${haystack} `.includes(` ${needle} `);
}

/**
 * Options are the bulleted lines between the question and its "A:" line. The notes mark the right
 * ones by repeating them in the answer: verbatim, inside a sentence, or as a list ("L1, Dropout og
 * Weight decay"), so an option is correct when the answer contains its whole text.
 */
export function parseMcq(lines: Lines, from: number, to: number, answerText: string): Mcq | undefined {
  const options: McqOption[] = [];
  for (let line = from; line <= to; line++) {
    const match = OPTION.exec(lines.at(line));
    if (match?.[1]) options.push({ label: String.fromCharCode(65 + options.length), text: match[1], line });
  }
  if (options.length < 2) return undefined;
  const answer = normaliseForComparison(answerText);
  const correct = options.filter((option) => containsPhrase(answer, normaliseForComparison(option.text)));
  if (correct.length === 0) return undefined;
  return { options, correct: correct.map((option) => option.label) };
}
