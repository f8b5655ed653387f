/**
 * True/false polarity in nb/sv/da/en. A reference such as "Usant. Gjelder ikke for tidsserier" or
 * "True, because …" states a truth value; an answer that opens with the opposite one ("Ja, det er
 * alltid best") is wrong whatever words it shares with the reference. Likewise a question that
 * presupposes a negation ("Why can't we …?", "Hvorfor kan vi ikke …?") is contradicted by an
 * answer that opens by affirming it ("We can, …", "Jo, man kan …").
 */
export type Polarity = 1 | -1 | 0;

const POSITIVE = /^(?:yes|true|correct|right|ja|jo|jepp|sant|sann|sandt|riktig|rigtigt?|korrekt|rätt|stemmer|stämmer)\b/i;
const NEGATIVE =
  /^(?:no|not true|false|incorrect|wrong|nei|nej|usant|usann|osant|falsk|falskt|feil|fel|forkert|ikke sant|inte sant|stemmer ikke|stämmer inte)\b/i;
/** "We can", "vi kan", "man kan godt", "it can", "det kan man" — affirming a possibility. */
const AFFIRMS_ABILITY =
  /^(?:(?:yes|ja|jo)[\s,.!]+)?(?:we|you|one|it|they|vi|man|du|den|det|de)\s+(?:can|could|kan|kunne)\b(?!\s*(?:not|n't|ikke|inte|ikkje|aldri|aldrig|never))/i;
const DENIES_ABILITY_QUESTION =
  /\b(?:can't|cannot|can not|couldn't|kan\s+(?:vi|man|du|en|den|det|de)?\s*(?:ikke|inte|ikkje)|why not|hvorfor ikke|hvorfor ikkje|varför inte)\b/i;

function opening(text: string): string {
  return text
    .trim()
    .replace(/^[\s"'“”«»*_(-]+/, '')
    .slice(0, 80);
}

/** The truth value a text opens with: +1 (yes/true), −1 (no/false), 0 (none stated). */
export function statedPolarity(text: string): Polarity {
  const start = opening(text);
  if (NEGATIVE.test(start)) return -1;
  if (POSITIVE.test(start)) return 1;
  return 0;
}

export interface PolarityCheck {
  /** The answer asserts the opposite truth value of the reference, or affirms what the question denies. */
  conflict: boolean;
  reference: Polarity;
  answer: Polarity;
}

export function checkPolarity(question: string, reference: string, answer: string): PolarityCheck {
  const ref = statedPolarity(reference);
  const ans = statedPolarity(answer);
  let conflict = ref !== 0 && ans !== 0 && ref !== ans;
  // "Why can't we use accuracy as a loss?" — "We can, …" denies the premise the notes answer.
  if (!conflict && DENIES_ABILITY_QUESTION.test(question) && AFFIRMS_ABILITY.test(opening(answer))) conflict = true;
  return { conflict, reference: ref, answer: ans };
}
