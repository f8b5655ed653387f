/** The most words a term defined on a line of its own has ("Cross Entropy Loss (Log Loss)"). */
const MAX_TERM_WORDS = 5;
/**
 * A line that defines a term: "    Presisjon: Forholdet mellom …", "- MAE: Gjennomsnittet av …",
 * "4. weight decay: En regulariseringsteknikk …". Without a list marker the term starts with a
 * capital, so that a sentence with a colon in it is not taken for one.
 */
const DEFINED_TERM = /^\s*(?:(?:[-*•]|\d{1,3}[.)])\s+(\p{L}[^:\n]{0,60}?)|(\p{Lu}[^:\n]{0,60}?)):\s+\S/u;

/** The term a line defines ("Presisjon" in "Presisjon: Forholdet mellom …"), or undefined. */
export function definedTerm(line: string): string | undefined {
  const match = DEFINED_TERM.exec(line);
  const term = (match?.[1] ?? match?.[2])?.trim();
  return term && term.split(/\s+/).length <= MAX_TERM_WORDS ? term : undefined;
}
