const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations whose period ends no sentence ("t.ex.", "f.eks.", "e.g."). */
const ABBREVIATION = /(?:^|\s)(?:t\.ex|f\.eks|f\.ex|e\.g|i\.e|bl\.a|dvs|osv|mfl|m\.m|ca|jf|jfr|etc|vs|fx|evt|bl\.\s?a)\.$/i;

export interface SentenceSegment {
  /** The sentence as written, with its trailing space. */
  segment: string;
  /** Where it starts in the text. */
  index: number;
}

/**
 * The sentences of a text, where they start: the one sentence splitter of the project (Intl's, which
 * reads all four languages alike). `joinAbbreviations` rejoins a sentence cut after "t.ex."/"f.eks.".
 */
export function splitSentences(text: string, options: { joinAbbreviations?: boolean } = {}): SentenceSegment[] {
  const segments = [...segmenter.segment(text)].map(({ segment, index }) => ({ segment, index }));
  if (!options.joinAbbreviations) return segments;
  const joined: SentenceSegment[] = [];
  for (const current of segments) {
    const last = joined.at(-1);
    if (last !== undefined && ABBREVIATION.test(last.segment.trim())) last.segment = `${last.segment.trim()} ${current.segment}`;
    else joined.push({ ...current });
  }
  return joined;
}
