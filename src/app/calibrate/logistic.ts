import type { LogisticModel } from '../../tutor/grading/calibrated.js';
import { FEATURE_SIGNS, type FeatureName } from '../../tutor/grading/features.js';

/**
 * L2-regularised logistic regression by full-batch gradient descent on standardised features:
 * deterministic, and small enough (a few features, hundreds of cases) that no library is needed
 * for what is one loop. Classes are weighted to balance, so the probabilities centre on the
 * boundary rather than on the share of positives the generators happened to make. Each weight is
 * kept to its feature's sign (FEATURE_SIGNS) after every step: projected gradient descent.
 */
const ITERATIONS = 3000;
const STEP = 0.5;
/** The penalty per case on the squared weights: keeps correlated signals from trading huge weights. */
const L2 = 0.01;

const withSign = (sign: -1 | 0 | 1, weight: number): number => (sign === 0 ? weight : sign > 0 ? Math.max(0, weight) : Math.min(0, weight));

export interface TrainingRow {
  x: number[];
  y: 0 | 1;
}

export function fitLogistic(features: readonly FeatureName[], rows: readonly TrainingRow[]): LogisticModel {
  const p = features.length;
  const mean = features.map((_, j) => rows.reduce((sum, r) => sum + r.x[j]!, 0) / rows.length);
  const scale = features.map((_, j) => Math.sqrt(rows.reduce((sum, r) => sum + (r.x[j]! - mean[j]!) ** 2, 0) / rows.length) || 1);
  const xs = rows.map((r) => r.x.map((v, j) => (v - mean[j]!) / scale[j]!));
  const positives = rows.filter((r) => r.y === 1).length;
  const weightOf = (y: 0 | 1) => rows.length / (2 * Math.max(1, y === 1 ? positives : rows.length - positives));
  const signs = features.map((name) => FEATURE_SIGNS[name]);
  const weights = new Array<number>(p).fill(0);
  let bias = 0;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const gradient = new Array<number>(p).fill(0);
    let gradientBias = 0;
    xs.forEach((x, i) => {
      const y = rows[i]!.y;
      const z = bias + x.reduce((sum, v, j) => sum + v * weights[j]!, 0);
      const error = (1 / (1 + Math.exp(-z)) - y) * weightOf(y);
      for (let j = 0; j < p; j++) gradient[j]! += error * x[j]!;
      gradientBias += error;
    });
    for (let j = 0; j < p; j++) weights[j] = withSign(signs[j]!, weights[j]! - STEP * (gradient[j]! / rows.length + L2 * weights[j]!));
    bias -= STEP * (gradientBias / rows.length);
  }
  return { features: [...features], mean, scale, weights, bias };
}
