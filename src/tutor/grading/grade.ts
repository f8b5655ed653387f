import { detectLanguage } from '../../text/language.js';
import type { Lang } from '../../types.js';
import type { BankQuestion } from '../knowledge/bank.js';
import type { Citation, Verdict } from '../types.js';
import { feedback } from '../messages/feedback.js';
import { chosenOptions, judgeOptions } from './mcq.js';
import { judgeOpen } from './openAnswer.js';
import { notInBank } from '../messages/phrases.js';
import { findReferences, referenceCitation, type MatchedReference } from './reference.js';
import type { CourseKnowledge } from '../knowledge/courseKnowledge.js';
import { cosine } from '../../text/vectors.js';
import type { MeaningJudge } from './signals/meaning.js';
import { checkPolarity } from './signals/polarity.js';
import { reversedContainment } from './signals/relations.js';
import { poleFlip } from './signals/antonyms.js';
import { decideVerdict } from './verdict.js';
import { openFeedback } from './openFeedback.js';
import { log } from '../../log.js';
import { LocalLlmBusyError } from '../../llm/local.js';
import { unknownSubjectWords } from '../knowledge/vocabulary.js';

export type { Verdict };

export interface GradeInput {
  question: string;
  answer: string;
  /** A question from the bank (a quiz question); otherwise the question is matched to the notes. */
  questionId?: string;
}

export interface GradeResult {
  verdict: Verdict;
  score: number;
  feedback: string;
  reference: string;
  citations: Citation[];
  questionId?: string;
}

export interface GradeContext {
  /** The course: its exam questions and grading references, vocabulary, key points and scorers. */
  knowledge: CourseKnowledge;
  /** Reads meaning with a language model; null grades with embeddings and rules only. */
  judge: MeaningJudge | null;
}

let judgeFailureLogged = false;

/** The model's agreement, or null (logged once) when it cannot answer: grading goes on without it. */
async function agreementOf(judge: MeaningJudge | null, question: string, reference: string, answer: string): Promise<number | null> {
  if (!judge) return null;
  try {
    return await judge.agreement({ question, reference, answer });
  } catch (error) {
    // Under load the student is told to wait; a less reliable grade is not given instead.
    if (error instanceof LocalLlmBusyError) throw error;
    if (!judgeFailureLogged) {
      log.warn('the language model could not judge an answer; grading with embeddings and rules only (less reliable)', {
        reason: (error as Error).message,
      });
      judgeFailureLogged = true;
    }
    return null;
  }
}

function unknown(lang: Lang): GradeResult {
  return { verdict: 'unknown', score: 0, feedback: notInBank(lang), reference: '', citations: [] };
}

function referenceFromBank(context: GradeContext, question: BankQuestion): MatchedReference {
  return { question, chunks: context.knowledge.retriever.unit(question.unitId), similarity: undefined };
}

function optionList(labels: string[], question: BankQuestion): string {
  return labels.map((label) => `${label} (${question.options?.find((o) => o.label === label)?.text ?? ''})`).join(', ');
}

/** undefined when no option is recognised and the caller should judge the answer as free text. */
async function gradeMcq(
  context: GradeContext,
  ref: MatchedReference,
  answer: string,
  lang: Lang,
  quiz: boolean,
): Promise<GradeResult | undefined> {
  const { question } = ref;
  if (!question.options || !question.correct) return undefined;
  const embedder = context.knowledge.embedder;
  const scorer = async (part: string, options: string[]) => {
    if (!embedder || !context.knowledge.retriever.denseAvailable) return options.map(() => 0);
    const [p, ...o] = await embedder.embedQueries([part, ...options]);
    return o.map((v) => cosine(p!, v));
  };
  const chosen = await chosenOptions(answer, question.options, scorer);
  const citations = [referenceCitation(ref)];
  const correctText = `${optionList(question.correct, question)} [1]`;
  if (chosen.length === 0) {
    if (!quiz) return undefined;
    return {
      verdict: 'incorrect',
      score: 0,
      feedback: feedback('mcqNone', lang, { correct: correctText }),
      reference: question.reference,
      citations,
      questionId: question.id,
    };
  }
  const judged = judgeOptions(chosen, question.correct);
  const text =
    judged.verdict === 'correct'
      ? feedback('mcqCorrect', lang, { chosen: `${optionList(judged.right, question)} [1]` })
      : judged.verdict === 'partial'
        ? feedback('mcqPartial', lang, { right: optionList(judged.right, question), missed: `${optionList(judged.missed, question)} [1]` })
        : feedback('mcqIncorrect', lang, { wrong: optionList(judged.wrong, question), correct: correctText });
  return {
    verdict: judged.verdict,
    score: Number(judged.score.toFixed(2)),
    feedback: text,
    reference: question.reference,
    citations,
    questionId: question.id,
  };
}

/**
 * Grade a student's answer. The reference comes from the question bank (by id, or by matching the
 * question to the notes in any language); none → "unknown". Multiple choice compares the chosen
 * options with the marked ones; free text is judged by meaning (see judgeOpen). Conservative by
 * design: when in doubt the verdict is the lower one.
 */
export async function grade(context: GradeContext, input: GradeInput): Promise<GradeResult> {
  const fromBank = input.questionId ? context.knowledge.bank.find((q) => q.id === input.questionId) : undefined;
  // A quiz is answered in the quiz's language; a question the student brings, in the language they write.
  const lang = fromBank?.lang ?? detectLanguage(`${input.question} ${input.answer}`);
  const uncovered = fromBank ? [] : unknownSubjectWords(input.question, context.knowledge.vocabulary);
  if (uncovered.length > 0) {
    log.debug('the question asks about terms the notes never use', { question: input.question.slice(0, 80), terms: uncovered });
    return unknown(lang);
  }
  const references = fromBank
    ? [referenceFromBank(context, fromBank)]
    : await findReferences(context.knowledge.retriever, context.knowledge.references, input.question, context.knowledge.scoreQuestions);
  const primary = references[0];
  if (!primary) return unknown(lang);
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
  if (!context.knowledge.embedder) return unknown(lang);
  const judged = await judgeOpen(
    context.knowledge.embedder,
    context.knowledge.retriever,
    await context.knowledge.keyPoints(),
    input.question,
    input.answer,
    references,
  );
  if (!judged) return unknown(lang);
  const ref = judged.reference;
  const relevant = judged.keyPoints.filter((k) => k.relevant);
  const focused = relevant.map((k) => k.text).join(' ');
  const referenceText = focused.length >= 40 ? focused : ref.question.reference.slice(0, 600);
  const flip = poleFlip(referenceText, input.answer);
  const agreement = await agreementOf(context.judge, input.question, referenceText, input.answer);
  const decision = decideVerdict({
    embedding: judged,
    agreement,
    polarity: checkPolarity(input.question, ref.question.reference, input.answer),
    reversed: reversedContainment(references.map((r) => r.question.reference).join('\n'), input.answer),
    flip,
  });
  log.debug('grading signals', {
    question: input.question.slice(0, 80),
    reference: ref.question.id,
    evidence: Number(judged.evidence.toFixed(3)),
    embedding: judged.verdict,
    offTarget: judged.offTarget,
    agreement: agreement === null ? null : Number(agreement.toFixed(3)),
    verdict: decision.verdict,
    reason: decision.reason,
  });
  const citations: Citation[] = [];
  const text = openFeedback(decision, judged.keyPoints, ref, citations, input.answer, lang, flip);
  return {
    verdict: decision.verdict,
    score: decision.score,
    feedback: text,
    reference: ref.question.reference,
    citations,
    questionId: ref.question.id,
  };
}
