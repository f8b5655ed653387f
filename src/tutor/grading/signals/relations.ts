import { grams, words } from '../../../text/analyze.js';
import { SAME_TERM_DICE } from '../../../tuning.js';

/**
 * Hierarchies stated in nb/sv/da/en ("Deep learning är en del av maskininlärning, som är en del av
 * AI"; "Machine learning is a subset of AI"; "Dropout er en type regularisering"). Swapping the two
 * sides keeps every word and so fools similarity; this check reads who contains whom.
 */
const RELATION =
  /\s+(?:is|are|er|är|blir)\s+(?:(?:a|an|en|ett|et|the)\s+)?(?:(?:specialized|specialised|spesialisert|specialiserad|specialiseret|kind of a|slags)\s+)?(?:part|subset|subfield|branch|type|kind|form|variant|del|delmængde|delmengde|delmängd|undergruppe|undergrupp|underkategori|gren|typ)\s+(?:of|av|af|for|inom|innen|inden for)\s+/i;
const RELATIVE = /,?\s+(?:som|which|that|der|hvilket)\s+(?:(?:i sin tur|in turn|igjen)\s+)?/i;
const CLAUSE_END = /[.;:!?\n]|,\s/;

export interface Containment {
  child: string;
  parent: string;
}

function term(text: string): string {
  return words(text).join(' ');
}

/** child ⊂ parent pairs stated in a text, following chains through "som/which". */
export function containments(text: string): Containment[] {
  const found: Containment[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    let rest = sentence;
    let child: string | undefined;
    for (;;) {
      const match = RELATION.exec(rest);
      if (!match || match.index === undefined) break;
      const before = rest.slice(0, match.index);
      // The child is the phrase right before the verb (after the last clause break), unless a chain
      // ("…, som är en del av …") carries the previous parent forward.
      const subject = child ?? before.split(/[,;:]\s*|\b(?:and|og|och)\s+/).pop() ?? before;
      const after = rest.slice(match.index + match[0].length);
      const relative = RELATIVE.exec(after);
      const end = CLAUSE_END.exec(after);
      const stop = Math.min(relative?.index ?? Infinity, end?.index ?? Infinity, after.length);
      const parent = after.slice(0, stop);
      const pair = { child: term(subject), parent: term(parent) };
      if (pair.child && pair.parent) found.push(pair);
      if (relative && relative.index === stop) {
        child = parent;
        rest = after.slice(stop + relative[0].length - 1);
        rest = ` ${rest.trimStart()}`;
      } else break;
    }
  }
  return found;
}

function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const x = new Set(a.split(' ').flatMap(grams));
  const y = new Set(b.split(' ').flatMap(grams));
  if (x.size === 0 || y.size === 0) return false;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size) >= SAME_TERM_DICE;
}

/** Whether `ancestor` contains `descendant` through the reference's chain of containments. */
function contains(pairs: Containment[], ancestor: string, descendant: string, depth = 0): boolean {
  if (depth > 6) return false;
  return pairs.some(
    (pair) => sameTerm(pair.parent, ancestor) && (sameTerm(pair.child, descendant) || contains(pairs, pair.child, descendant, depth + 1)),
  );
}

/** An answer's containment that the reference states the other way round (B ⊂ A where the notes say A ⊂ B). */
export function reversedContainment(reference: string, answer: string): Containment | undefined {
  const stated = containments(reference);
  if (stated.length === 0) return undefined;
  return containments(answer).find((claim) => contains(stated, claim.child, claim.parent) && !contains(stated, claim.parent, claim.child));
}
