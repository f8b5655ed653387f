/**
 * Opposite poles in nb/sv/da/en. "Performs well on the training data" and "performs badly on the
 * training data" share every other word, so similarity and the small model both miss the swap; an
 * answer that uses only the opposite pole of a pair the reference uses cannot be called correct.
 */
export const POLE_PAIRS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [
    ['good', 'well', 'better', 'god', 'godt', 'gode', 'bedre', 'bra', 'bättre', 'väl', 'goda'],
    [
      'bad',
      'badly',
      'poor',
      'poorly',
      'worse',
      'dårlig',
      'dårlige',
      'dårligt',
      'dårligere',
      'verre',
      'værre',
      'dålig',
      'dåligt',
      'dåliga',
      'sämre',
    ],
  ],
  [
    ['high', 'higher', 'høy', 'høyt', 'høye', 'høyere', 'høj', 'højt', 'høje', 'højere', 'hög', 'högt', 'höga', 'högre'],
    ['low', 'lower', 'lav', 'lavt', 'lave', 'lavere', 'låg', 'lågt', 'låga', 'lägre'],
  ],
  [
    [
      'increase',
      'increases',
      'increasing',
      'increased',
      'grow',
      'grows',
      'growing',
      'øke',
      'øker',
      'økes',
      'øge',
      'øger',
      'øges',
      'öka',
      'ökar',
      'ökas',
    ],
    [
      'decrease',
      'decreases',
      'decreasing',
      'decreased',
      'reduce',
      'reduces',
      'reducing',
      'reduced',
      'shrink',
      'shrinks',
      'redusere',
      'reduserer',
      'reduseres',
      'minke',
      'minker',
      'reducere',
      'reducerer',
      'reduceres',
      'mindske',
      'minska',
      'minskar',
      'minskas',
    ],
  ],
  [
    ['more', 'flere', 'mer', 'mere', 'fler'],
    ['fewer', 'less', 'færre', 'färre'],
  ],
  [
    ['large', 'larger', 'big', 'bigger', 'stor', 'store', 'større', 'stora', 'större'],
    ['small', 'smaller', 'liten', 'lita', 'litet', 'små', 'mindre', 'lille', 'lilla'],
  ],
  [
    ['simple', 'simpler', 'enkel', 'enkle', 'enklere', 'enkelt', 'simpel', 'simpelt', 'simplere', 'enklare'],
    ['complex', 'complicated', 'kompleks', 'komplekse', 'kompleksitet', 'komplex', 'komplexa', 'komplicerad', 'komplisert'],
  ],
  [
    ['always', 'alltid', 'altid'],
    ['never', 'aldri', 'aldrig'],
  ],
  [
    ['same', 'identical', 'samme', 'samma', 'identisk', 'identiske'],
    [
      'different',
      'differs',
      'unrelated',
      'forskjellig',
      'forskjellige',
      'forskjell',
      'forskellig',
      'forskellige',
      'forskel',
      'olika',
      'skiljer',
      'annerledes',
      'orelaterade',
      'urelaterte',
    ],
  ],
];

/** Every word, stop words included: "same", "more" and "always" are stop words and poles here. */
function allWords(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [],
  );
}

export interface PoleFlip {
  reference: string;
  answer: string;
}

/** A pair whose one pole only the reference uses and whose other pole only the answer uses. */
export function poleFlip(reference: string, answer: string): PoleFlip | undefined {
  const ref = allWords(reference);
  const ans = allWords(answer);
  for (const [a, b] of POLE_PAIRS) {
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      const inRef = mine.find((w) => ref.has(w));
      const flipped = theirs.find((w) => ans.has(w));
      if (inRef && flipped && !theirs.some((w) => ref.has(w)) && !mine.some((w) => ans.has(w)))
        return { reference: inRef, answer: flipped };
    }
  }
  return undefined;
}
