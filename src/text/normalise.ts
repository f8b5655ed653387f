/**
 * One comparison form for short texts (option texts, question titles): lower case, quotes dropped,
 * every run of non-letters and non-digits folded to one space.
 */
export function normaliseForComparison(text: string): string {
  return text
    .toLowerCase()
    .replace(/["'`“”‘’«»]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
