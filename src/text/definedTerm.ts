/** The most words a term defined on a line of its own has ("Cross Entropy Loss (Log Loss)"). */
const MAX_TERM_WORDS = 5;
/** A line that defines a term: "    Presisjon: Forholdet mellom …", "- MAE: Gjennomsnittet av …". */
const DEFINED_TERM = /^\s*(?:[-*•]\s+)?(\p{Lu}[^:\n]{0,60}?):\s+\S/u;

/** The term a line defines ("Presisjon" in "Presisjon: Forholdet mellom …"), or undefined. */
export function definedTerm(line: string): string | undefined {
  const term = DEFINED_TERM.exec(line)?.[1]?.trim();
  return term && term.split(/\s+/).length <= MAX_TERM_WORDS ? term : undefined;
}
