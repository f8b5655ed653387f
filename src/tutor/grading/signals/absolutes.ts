/**
 * Absolute claims in nb/sv/da/en: "always", "never", "impossible", "guaranteed". A student who
 * turns a tendency of the notes into a law ("a bigger learning rate always reaches the minimum
 * sooner") is wrong even when every other word matches; the grader's fitted decision weighs this
 * signal. Words are compared as concepts, so "aldri" in the notes and "never" in the answer agree.
 */
const CONCEPTS: Record<string, readonly string[]> = {
  always: ['always', 'alltid', 'altid'],
  never: ['never', 'aldri', 'aldrig'],
  impossible: ['impossible', 'umulig', 'umuligt', 'omöjlig', 'omöjligt'],
  guaranteed: ['guaranteed', 'guarantees', 'guarantee', 'garantert', 'garanterer', 'garanterat', 'garanterar', 'garanteret', 'garanterer'],
  everything: ['everything', 'alt', 'allt', 'alting'],
  nothing: ['nothing', 'ingenting', 'intet', 'inget', 'ingenting'],
};

const CONCEPT_OF = new Map(Object.entries(CONCEPTS).flatMap(([concept, forms]) => forms.map((form) => [form, concept] as const)));

/** Each absolute concept in the text, with the word that says it first. */
function absoluteConcepts(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const word of text
    .normalize('NFKC')
    .toLowerCase()
    .match(/\p{L}+/gu) ?? []) {
    const concept = CONCEPT_OF.get(word);
    if (concept && !found.has(concept)) found.set(concept, word);
  }
  return found;
}

/** The answer's words for absolute claims (always, aldri, …) whose concept the reference does not use. */
export function addedAbsolutes(reference: string, answer: string): string[] {
  const inReference = absoluteConcepts(reference);
  return [...absoluteConcepts(answer)].filter(([concept]) => !inReference.has(concept)).map(([, word]) => word);
}
