import { detectLanguage } from '../../../text/language.js';

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

/** Every word in order, stop words included: "same", "more" and "always" are stop words and poles here. */
function wordSequence(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? []
  );
}

const allWords = (text: string): Set<string> => new Set(wordSequence(text));

/** Each pair both ways round: [the reference's pole, the answer's pole]. */
function directions(pairs: typeof POLE_PAIRS): Array<readonly [readonly string[], readonly string[]]> {
  return pairs.flatMap(([a, b]) => [
    [a, b],
    [b, a],
  ]);
}

export interface PoleFlip {
  reference: string;
  answer: string;
}

/** A neighbour short enough to be a function word ("å", "the", "och") says nothing about what is turned. */
const MIN_NEIGHBOUR = 4;

/**
 * Each use of a pole in a text, keyed by its neighbours on both sides ("å øke mangfoldet" →
 * "|mangfoldet"): the same key next to the other pole is the same phrase turned around.
 */
function polePhrases(sequence: readonly string[], poles: readonly string[]): Map<string, string> {
  const phrases = new Map<string, string>();
  const content = (word: string | undefined) => (word && word.length >= MIN_NEIGHBOUR && !poles.includes(word) ? word : '');
  sequence.forEach((word, i) => {
    if (!poles.includes(word)) return;
    const before = content(sequence[i - 1]);
    const after = content(sequence[i + 1]);
    if (before || after) phrases.set(`${before}|${after}`, word);
  });
  return phrases;
}

/** A pair whose one pole only the reference uses and whose other pole only the answer uses. */
export function poleFlip(reference: string, answer: string, pairs = POLE_PAIRS): PoleFlip | undefined {
  const ref = allWords(reference);
  const ans = allWords(answer);
  for (const [mine, theirs] of directions(pairs)) {
    const inRef = mine.find((w) => ref.has(w));
    const flipped = theirs.find((w) => ans.has(w));
    if (inRef && flipped && !theirs.some((w) => ref.has(w)) && !mine.some((w) => ans.has(w))) return { reference: inRef, answer: flipped };
  }
  return undefined;
}

/**
 * One phrase of the reference with its pole turned, where the rest of the answer may keep the other
 * pole ("øke mangfoldet … øke robustheten" → "minke mangfoldet … øke robustheten"): the same
 * neighbour words around one pole in the reference and only around the other in the answer. Only
 * within one language: across languages such neighbours meet by chance.
 */
export function phraseFlip(reference: string, answer: string): PoleFlip | undefined {
  if (detectLanguage(reference) !== detectLanguage(answer)) return undefined;
  const refSequence = wordSequence(reference);
  const ansSequence = wordSequence(answer);
  for (const [mine, theirs] of directions(POLE_PAIRS)) {
    const refMine = polePhrases(refSequence, mine);
    const refTheirs = polePhrases(refSequence, theirs);
    const ansMine = polePhrases(ansSequence, mine);
    for (const [phrase, word] of polePhrases(ansSequence, theirs))
      if (refMine.has(phrase) && !refTheirs.has(phrase) && !ansMine.has(phrase)) return { reference: refMine.get(phrase)!, answer: word };
  }
  return undefined;
}

/** A question answered yes or no ("Is a metric the same as a loss?"): its answer may take either pole. */
const YES_NO_QUESTION =
  /^\s*(?:is|are|was|were|does|do|did|can|could|should|will|would|has|have|er|var|kan|skal|vil|har|gjør|gør|blir|bliver|är|ska|gör|finns|findes|fins)\b/i;
/** An answer that negates may deny one pole without asserting the other ("not the same"). */
const NEGATION = /\b(?:not|no|n't|ikke|ikkje|inte|ej|icke)\b/i;

/** Sameness and difference: the one pair a question's premise is about what the answer compares. */
const SAME_OR_DIFFERENT = POLE_PAIRS.filter(([a]) => a.includes('same'));

/**
 * The premise of a question turned around: "Hvordan er dette forskjellig fra en loss funksjon?"
 * answered "En metrikk er det samme som loss-funksjonen" (the question's pole only, the answer's
 * the other only, no negation in the answer). A yes/no question presupposes nothing; other poles
 * in a question ("why can this be a good idea?") are often about something else than the answer's
 * ("worse images at first").
 */
export function premiseFlip(question: string, answer: string): PoleFlip | undefined {
  if (YES_NO_QUESTION.test(question) || NEGATION.test(answer)) return undefined;
  return poleFlip(question, answer, SAME_OR_DIFFERENT);
}
