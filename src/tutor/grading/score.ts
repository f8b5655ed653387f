import { SCORE_BANDS } from '../../tuning.js';
import type { GradedVerdict } from '../types.js';

export const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The score of a verdict in its band (src/tuning.ts), by the strength of the evidence in [0, 1]. */
export function bandScore(verdict: GradedVerdict, strength: number): number {
  const band = SCORE_BANDS[verdict];
  return band.from + band.span * strength;
}

/** A score moved into a verdict's band. */
export function clampToBand(verdict: GradedVerdict, score: number): number {
  const band = SCORE_BANDS[verdict];
  return clamp(score, band.from, band.max);
}
