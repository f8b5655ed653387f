/** Citation markers [n] outside fenced code (code may contain "[5]" of its own, e.g. notebook cells). */
export function citationMarkers(text: string): Array<{ n: number; index: number }> {
  const found: Array<{ n: number; index: number }> = [];
  const fences = /```[\s\S]*?(?:```|$)/g;
  const code: Array<[number, number]> = [];
  for (const match of text.matchAll(fences)) code.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const index = match.index ?? 0;
    if (code.some(([start, end]) => index >= start && index < end)) continue;
    found.push({ n: Number(match[1]), index });
  }
  return found;
}
