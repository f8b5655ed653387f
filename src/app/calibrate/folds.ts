/** Fold of each group: groups sorted by a stable hash, dealt round-robin (every case of a question in one fold). */
import crypto from 'node:crypto';

export function groupedFolds(groups: readonly string[], k: number): number[] {
  const distinct = [...new Set(groups)].sort((a, b) =>
    crypto.createHash('sha1').update(a).digest('hex').localeCompare(crypto.createHash('sha1').update(b).digest('hex')),
  );
  const foldOf = new Map(distinct.map((group, i) => [group, i % k]));
  return groups.map((group) => foldOf.get(group)!);
}
