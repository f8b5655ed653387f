import { cosine } from '../../text/vectors.js';
import type { Lang } from '../../types.js';
import type { BankQuestion } from '../knowledge/bank.js';
import { feedback } from '../messages/feedback.js';
import type { GradeContext, GradeResult } from './gradeTypes.js';
import { chosenOptions, judgeOptions } from './mcq.js';
import { referenceCitation, type MatchedReference } from './reference.js';

function optionList(labels: string[], question: BankQuestion): string {
  return labels.map((label) => `${label} (${question.options?.find((o) => o.label === label)?.text ?? ''})`).join(', ');
}

/** undefined when no option is recognised and the caller should judge the answer as free text. */
export async function gradeMcq(
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
