import { detectLanguage } from '../../../text/language.js';
import { normaliseForComparison } from '../../../text/normalise.js';
import type { BankQuestion } from '../../../tutor/knowledge/bank.js';
import { asWritten, caseOf, type CaseSource, type SourceContext } from './source.js';
import { mentionsTerm, termsOf } from '../../../tutor/grading/namedTerm.js';
import { identifiersIn } from '../../../tutor/grading/identifiers.js';
import { splitSentences } from '../../../text/sentences.js';

/** Questions this close to a question may share its answer (a glossary term and an exam question on it): never swapped. */
const NEAREST_SKIPPED = 3;

/**
 * One names the other's term: they may share an answer. "Learning Rate Finder" and "Fastai
 * introduserer «learning rate finder» …"; "Cross Entropy Loss" is a right answer to "What is
 * loss?"; the definition of a loss function answers half of "Hva er en metrikk? Hvordan er dette
 * forskjellig fra en loss funksjon?"; 'Forklar konseptet "embeddings"' and "Embeddings vs. One-hot
 * Encoding" (a quoted name counts as a term). Swapped in, such answers were the highest-scoring "wrong"
 * answers, and the pass cut sits above the highest.
 */
export function namesTheOther(a: BankQuestion, b: BankQuestion): boolean {
  const x = normaliseForComparison(a.text);
  const y = normaliseForComparison(b.text);
  if ((x.length >= 3 && y.includes(x)) || (y.length >= 3 && x.includes(y))) return true;
  const named = (q: BankQuestion) => [...termsOf(q), ...quotedTerms(q.text)];
  return named(a).some((term) => mentionsTerm(b.text, term)) || named(b).some((term) => mentionsTerm(a.text, term));
}

/** Words the notes put in quotes, a name at most this long: 'Forklar konseptet "embeddings" i …' is about embeddings. */
const MAX_QUOTED_WORDS = 4;

function quotedTerms(text: string): string[] {
  return [...text.matchAll(/["“«]([^"“”«»]{2,60})["”»]/g)]
    .map((m) => m[1]!.trim())
    .filter((term) => term.split(/\s+/).length <= MAX_QUOTED_WORDS);
}

/**
 * The other answer writes every code name that this answer's first sentence (its main point) writes:
 * it may say what that sentence says. In a manual, the section on the command name ends "Subcommands
 * get a name when specified using `.command()`. If you create the subcommand yourself to use with
 * `.addCommand()` …", which half answers "the different ways to specify subcommands" (whose section
 * opens "You can specify (sub)commands using `.command()` or `.addCommand()`"); swapped in, it was the
 * highest-scoring wrong answer of that course and set its pass cut.
 */
export function writesOpeningNames(other: string, own: string): boolean {
  return writesEvery(other, openingNames(own));
}

/** The code names of a text's first sentence (its main point). */
function openingNames(text: string): string[] {
  return identifiersIn(splitSentences(text, { joinAbbreviations: true })[0]?.segment ?? '');
}

function writesEvery(text: string, names: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return names.length > 0 && names.every((name) => lower.includes(name));
}

/**
 * The question whose answer is given to `q` as a wrong one: on a neighbouring topic (the nearest
 * question by meaning after the few that may share its answer), so it shares the course's words.
 */
export async function swapPartner(
  { references, groupOf, knowledge }: Pick<SourceContext, 'references' | 'groupOf' | 'knowledge'>,
  q: BankQuestion,
): Promise<BankQuestion | undefined> {
  const scores = await knowledge.scoreQuestions(q.text, references);
  // Read once for all the partners weighed, not once per partner.
  const ownNames = openingNames(asWritten(knowledge, q));
  const ranked = references
    .map((other, i) => ({ other, score: scores[i]! }))
    .filter(
      ({ other }) => groupOf(other.id) !== groupOf(q.id) && !namesTheOther(q, other) && !writesEvery(asWritten(knowledge, other), ownNames),
    )
    .sort((a, b) => b.score - a.score);
  return ranked[NEAREST_SKIPPED]?.other;
}

/** Another question's answer given to this one (swapPartner): wrong. */
export const swappedAnswers: CaseSource = {
  kind: 'swap',
  needsModel: false,
  async make(context) {
    const cases = [];
    for (const q of context.references) {
      const partner = await swapPartner(context, q);
      const answer = partner && asWritten(context.knowledge, partner);
      if (answer) cases.push(caseOf('swap', q, context.groupOf, answer, 'incorrect', detectLanguage(answer)));
    }
    return cases;
  },
};
