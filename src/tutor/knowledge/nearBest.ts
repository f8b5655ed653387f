/** For each score, whether it is within `spread` of the best one ("keep the items about as good as the best"). */
export function nearBest(scores: readonly number[], spread: number): boolean[] {
  const best = Math.max(...scores);
  return scores.map((score) => score >= best - spread);
}

/** The items whose score is within `spread` of the best item's, in their order. */
export function keepNearBest<T>(items: readonly T[], scoreOf: (item: T) => number, spread: number): T[] {
  const keep = nearBest(items.map(scoreOf), spread);
  return items.filter((_, i) => keep[i]);
}
