import { detectLanguage } from '../../text/language.js';
import { log } from '../../log.js';
import type { Lang } from '../../types.js';
import type { BankQuestion } from '../knowledge/bank.js';
import { feedback } from '../messages/feedback.js';
import { notInBank } from '../messages/phrases.js';
import type { Verdict } from '../types.js';
import { gradeMcq } from './gradeMcq.js';
import { gradeOpen } from './gradeOpen.js';
import type { GradeContext, GradeInput, GradeResult } from './gradeTypes.js';
import { findReferences, referenceCitation, type MatchedReference } from './reference.js';

export type { Verdict };
export type { GradeContext, GradeInput, GradeResult };

function unknown(lang: Lang): GradeResult {
  return { verdict: 'unknown', score: 0, feedback: notInBank(lang), reference: '', citations: [] };
}

function referenceFromBank(context: GradeContext, question: BankQuestion): MatchedReference {
  return { question, chunks: context.knowledge.chunksOf(question), similarity: undefined };
}

/**
 * Grade a student's answer. The reference comes from the question bank (by id, or by matching the
 * question to the notes in any language), else from the sections of prose that answer it; none →
 * "unknown". Multiple choice compares the chosen
 * options with the marked ones; free text is judged by meaning (see judgeOpen). Conservative by
 * design: when in doubt the verdict is the lower one.
 */
export async function grade(context: GradeContext, input: GradeInput): Promise<GradeResult> {
  const { knowledge } = context;
  const fromBank = input.questionId ? [...knowledge.references, ...knowledge.passages].find((q) => q.id === input.questionId) : undefined;
  // A quiz is answered in the quiz's language; a question the student brings, in the language they write.
  const lang = fromBank?.lang ?? detectLanguage(`${input.question} ${input.answer}`);
  const references = fromBank
    ? [referenceFromBank(context, fromBank)]
    : await findReferences(knowledge, input.question, context.lookUp, context.englishReading);
  const primary = references[0];
  if (!primary) return unknown(lang);
  // The same judgement as ask's: a term the notes never write, and that the reading did not translate.
  const uncovered = fromBank ? [] : await context.uncoveredTerms(input.question);
  if (uncovered.length > 0) {
    log.debug('the question asks about terms the notes never use', { question: input.question.slice(0, 80), terms: uncovered });
    return unknown(lang);
  }
  if (input.answer.trim() === '') {
    return {
      verdict: 'incorrect',
      score: 0,
      feedback: feedback('empty', lang),
      reference: primary.question.reference,
      citations: [referenceCitation(primary)],
      questionId: primary.question.id,
    };
  }
  if (primary.question.kind === 'mcq') {
    const mcq = await gradeMcq(context, primary, input.answer, lang, fromBank !== undefined);
    if (mcq) return mcq;
  }
  return (await gradeOpen(context, input, references, lang)) ?? unknown(lang);
}
