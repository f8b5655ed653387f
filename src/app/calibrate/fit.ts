import type { FittedDecision, LogisticModel } from '../../tutor/grading/calibrated.js';
import { probability } from '../../tutor/grading/calibrated.js';
import type { FeatureName, GradeFeatures } from '../../tutor/grading/features.js';
import type { GradedVerdict } from '../../tutor/types.js';
import { CALIBRATION } from '../../tuning.js';
import { neverCorrect } from '../../tutor/grading/verdict.js';
import { groupedFolds } from './folds.js';
import { fitLogistic, type TrainingRow } from './logistic.js';

export interface LabelledFeatures {
  group: string;
  verdict: GradedVerdict;
  features: GradeFeatures;
}

export interface OutOfFold {
  /** Each case's pass and credit probability from the fold that did not see its question. */
  pass: number[];
  credit: number[];
  /** The verdicts the final cuts give those probabilities. */
  verdicts: GradedVerdict[];
}

const rowsOf = (
  cases: readonly LabelledFeatures[],
  names: readonly FeatureName[],
  positive: (v: GradedVerdict) => boolean,
): TrainingRow[] => cases.map((c) => ({ x: names.map((n) => c.features[n]), y: positive(c.verdict) ? 1 : 0 }));

const isCorrect = (v: GradedVerdict) => v === 'correct';
const hasCredit = (v: GradedVerdict) => v !== 'incorrect';

function fitBoth(cases: readonly LabelledFeatures[], names: readonly FeatureName[]): { pass: LogisticModel; credit: LogisticModel } {
  return { pass: fitLogistic(names, rowsOf(cases, names, isCorrect)), credit: fitLogistic(names, rowsOf(cases, names, hasCredit)) };
}

/** As decideVerdict decides a fitted grade (the rules before it included). */
function verdictOf(c: LabelledFeatures, pass: number, credit: number, cuts: FittedDecision['cuts']): GradedVerdict {
  if (neverCorrect(c.features)) return 'incorrect';
  return pass >= cuts.pass ? 'correct' : credit >= cuts.credit ? 'partial' : 'incorrect';
}

/**
 * Cuts from out-of-fold probabilities: pass just above every wrong answer the rules do not
 * already catch (plus the margin), so none passes; credit where the most answers get credit or none as they should: a right
 * answer that does not pass should be partial, not incorrect (the three verdicts' accuracy cannot tell those two apart, and
 * on the prose course's set it had put the credit cut at 0.81, failing right answers outright). Partial answers (a
 * fragment of a list) do not set the pass cut: whether one point of a list is enough is the
 * noisiest label the generators make; the report counts those that pass.
 */
function chooseCuts(cases: readonly LabelledFeatures[], pass: number[], credit: number[]): FittedDecision['cuts'] {
  const highestWrong = Math.max(0, ...pass.filter((_, i) => cases[i]!.verdict === 'incorrect' && !neverCorrect(cases[i]!.features)));
  const passCut = Math.min(1, highestWrong + CALIBRATION.passMargin);
  let best = { cut: 0.5, right: -1 };
  for (const cut of [...new Set(credit)].sort((a, b) => a - b)) {
    const right = cases.filter(
      (c, i) => hasCredit(verdictOf(c, pass[i]!, credit[i]!, { pass: passCut, credit: cut })) === hasCredit(c.verdict),
    ).length;
    if (right > best.right) best = { cut, right };
  }
  return { pass: passCut, credit: best.cut };
}

/** Grouped k-fold: each fold's models are fitted on the other folds' questions only. */
export function outOfFold(cases: readonly LabelledFeatures[], names: readonly FeatureName[]): { pass: number[]; credit: number[] } {
  const folds = groupedFolds(
    cases.map((c) => c.group),
    CALIBRATION.folds,
  );
  const pass = new Array<number>(cases.length).fill(0);
  const credit = new Array<number>(cases.length).fill(0);
  for (let fold = 0; fold < CALIBRATION.folds; fold++) {
    const training = cases.filter((_, i) => folds[i] !== fold);
    if (training.length === 0) continue;
    const models = fitBoth(training, names);
    cases.forEach((c, i) => {
      if (folds[i] !== fold) return;
      pass[i] = probability(models.pass, c.features);
      credit[i] = probability(models.credit, c.features);
    });
  }
  return { pass, credit };
}

/** The decision fitted on every case, with cuts set out of fold; and the out-of-fold verdicts that measure it. */
export function fitDecision(
  cases: readonly LabelledFeatures[],
  names: readonly FeatureName[],
): { decision: FittedDecision; oof: OutOfFold } {
  const { pass, credit } = outOfFold(cases, names);
  const cuts = chooseCuts(cases, pass, credit);
  const decision: FittedDecision = { ...fitBoth(cases, names), cuts };
  return { decision, oof: { pass, credit, verdicts: cases.map((c, i) => verdictOf(c, pass[i]!, credit[i]!, cuts)) } };
}
