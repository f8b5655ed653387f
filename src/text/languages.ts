import type { Lang } from '../types.js';

/** Each language's name, as said in each of the four languages: NAMES[speaker][language]. */
export const LANGUAGE_NAMES: Record<Lang, Record<Lang, string>> = {
  en: { en: 'English', nb: 'Norwegian', sv: 'Swedish', da: 'Danish' },
  nb: { en: 'engelsk', nb: 'norsk', sv: 'svensk', da: 'dansk' },
  sv: { en: 'engelska', nb: 'norska', sv: 'svenska', da: 'danska' },
  da: { en: 'engelsk', nb: 'norsk', sv: 'svensk', da: 'dansk' },
};

/** "and" in each language, for lists. */
export const AND: Record<Lang, string> = { en: 'and', nb: 'og', sv: 'och', da: 'og' };
