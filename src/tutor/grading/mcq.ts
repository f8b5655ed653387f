import type { GradedVerdict } from '../types.js';
import { stemOverlap } from '../../text/analyze.js';
import { normaliseForComparison } from '../../text/normalise.js';
import type { McqOption } from '../../types.js';
import { MCQ } from '../../tuning.js';

/** Scores a piece of the student's answer against each option text by meaning (higher = closer). */
export type OptionScorer = (part: string, options: string[]) => Promise<number[]>;

const CONNECTORS = /\s*(?:,|;|\/|\+|&|\n|\bog\b|\boch\b|\band\b|\bsamt\b|\bplus\b)\s*/i;
const LETTERS_ONLY = /^[\s,;/+&()a-h.]*$/i;
/** Similarity a paraphrase must reach, and how far ahead of the runner-up it must be. */
const { paraphraseMin: PARAPHRASE_MIN, paraphraseMargin: PARAPHRASE_MARGIN, overlapMin: OVERLAP_MIN } = MCQ;

/**
 * Which options the student chose, however written: letters ("B", "a og c"), the option text
 * (whole or inside a sentence), a paraphrase, or a translation (the multilingual embeddings).
 * Returns the chosen labels, or an empty list when the answer names no option recognisably.
 */
export async function chosenOptions(answer: string, options: McqOption[], scoreByMeaning: OptionScorer): Promise<string[]> {
  const labels = options.map((o) => o.label.toLowerCase());
  // "A, B og D", "a och c", "B and D": connectors between letters are not part of the choice.
  const trimmed = answer.trim().replace(/\b(?:og|och|and|samt|plus|&)\b/gi, ' ');
  if (LETTERS_ONLY.test(trimmed)) {
    const letters = (trimmed.toLowerCase().match(/\b[a-h]\b/g) ?? []).filter((l) => labels.includes(l));
    if (letters.length > 0) return [...new Set(letters.map((l) => l.toUpperCase()))].sort();
  }
  const chosen = new Set<string>();
  const normalisedAnswer = ` ${normaliseForComparison(answer)} `;
  for (const option of options) {
    const text = normaliseForComparison(option.text);
    if (text && normalisedAnswer.includes(` ${text} `)) chosen.add(option.label);
  }
  const parts = answer
    .split(CONNECTORS)
    .map((p) => p.trim())
    .filter((p) => p.replace(/[^\p{L}\p{N}]/gu, '').length > 0);
  for (const part of parts.length > 0 ? parts : [answer]) {
    const lexical = options.map((o) => stemOverlap(part, o.text));
    const bestLexical = Math.max(...lexical);
    if (bestLexical >= OVERLAP_MIN && lexical.filter((v) => v === bestLexical).length === 1) {
      chosen.add(options[lexical.indexOf(bestLexical)]!.label);
      continue;
    }
    const meaning = await scoreByMeaning(
      part,
      options.map((o) => o.text),
    );
    const ranked = meaning.map((score, i) => ({ score, i })).sort((a, b) => b.score - a.score);
    const [first, second] = ranked;
    if (first && first.score >= PARAPHRASE_MIN && (!second || first.score - second.score >= PARAPHRASE_MARGIN)) {
      chosen.add(options[first.i]!.label);
    }
  }
  return [...chosen].sort();
}

export interface McqVerdict {
  verdict: GradedVerdict;
  score: number;
  right: string[];
  wrong: string[];
  missed: string[];
}

/** All right → correct; some right and none wrong → partial; any wrong → incorrect. */
export function judgeOptions(chosen: string[], correct: string[]): McqVerdict {
  const right = chosen.filter((l) => correct.includes(l));
  const wrong = chosen.filter((l) => !correct.includes(l));
  const missed = correct.filter((l) => !chosen.includes(l));
  if (wrong.length > 0 || right.length === 0) return { verdict: 'incorrect', score: 0, right, wrong, missed };
  if (missed.length === 0) return { verdict: 'correct', score: 1, right, wrong, missed };
  return { verdict: 'partial', score: right.length / correct.length, right, wrong, missed };
}
