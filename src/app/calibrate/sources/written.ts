import { detectLanguage } from '../../../text/language.js';
import { addedAbsolutes } from '../../../tutor/grading/signals/absolutes.js';
import type { Lang } from '../../../types.js';
import type { CalibrationCase } from '../cases.js';
import { caseOf, LANGUAGES, pick, type CaseSource, type SourceContext } from './source.js';
import { framed, write } from './write.js';

const ABSOLUTE_WORD: Record<Lang, [string, string]> = {
  en: ['always', 'never'],
  nb: ['alltid', 'aldri'],
  sv: ['alltid', 'aldrig'],
  da: ['altid', 'aldrig'],
};

/**
 * Each question (or those `keep` selects) once, with progress. Writing is the slow part on a CPU
 * (about ten seconds an answer here), so a question gets one wrong answer, plain or absolute.
 */
async function each(
  context: SourceContext,
  make: (i: number) => Promise<CalibrationCase | undefined>,
  keep: (i: number) => boolean = () => true,
) {
  const cases: CalibrationCase[] = [];
  const chosen = context.references.map((_, i) => i).filter(keep);
  for (const [n, i] of chosen.entries()) {
    const made = await make(i);
    if (made) cases.push(made);
    context.progress(n + 1, chosen.length);
  }
  return cases;
}

/** Exam questions get one model-written wrong answer each, plain or absolute by a fixed pick; glossary terms none. */
const wrongKind = (context: SourceContext, i: number): 'wrong' | 'absolute' | undefined => {
  const q = context.references[i]!;
  return q.origin === 'glossary' ? undefined : pick(['wrong', 'absolute'] as const, `wrong-kind${q.id}`);
};

/** The language a written answer is asked in: not the reference's own (that one is the reference itself). */
function targetLanguage(context: SourceContext, i: number, salt: string): Lang {
  const q = context.references[i]!;
  const own = detectLanguage(q.reference);
  return pick(
    LANGUAGES.filter((lang) => lang !== own),
    `${salt}${q.id}`,
  );
}

/** Whether an answer reads as its own question's: its reference is the nearest of all (a back-reading). */
async function readsAsOwn(context: SourceContext, questionId: string, answer: string): Promise<boolean> {
  const [scores] = await context.knowledge.scoreSupport(
    [answer],
    context.references.map((r) => r.reference),
  );
  const best = (scores ?? []).reduce((top, score, i, all) => (score > all[top]! ? i : top), 0);
  return context.groupOf(context.references[best]!.id) === context.groupOf(questionId);
}

/** A correct answer in another language, in the model's words; kept only when it reads back as its question's. */
export const paraphrasedAnswers: CaseSource = {
  kind: 'paraphrase',
  needsModel: true,
  make: (context) =>
    each(context, async (i) => {
      const q = context.references[i]!;
      const lang = targetLanguage(context, i, 'paraphrase');
      const task =
        "Write a student's correct answer to the question in one or two sentences, in your own words, saying what the reference answer says.";
      const answer = await write(context, framed(q, task, lang));
      if (!answer || !(await readsAsOwn(context, q.id, answer))) return undefined;
      return caseOf('paraphrase', q, context.groupOf, answer, 'correct', detectLanguage(answer));
    }),
};

/** A plausible wrong answer on the same topic. */
export const wrongAnswers: CaseSource = {
  kind: 'wrong',
  needsModel: true,
  make: (context) =>
    each(
      context,
      async (i) => {
        const q = context.references[i]!;
        const lang = targetLanguage(context, i, 'wrong');
        const task =
          "Write a student's WRONG answer to the question in one or two sentences: about the same topic and plausible, but saying something the reference answer does not say, or the opposite of it.";
        const answer = await write(context, framed(q, task, lang));
        return answer ? caseOf('wrong', q, context.groupOf, answer, 'incorrect', detectLanguage(answer)) : undefined;
      },
      (i) => wrongKind(context, i) === 'wrong',
    ),
};

/** The reference's claim turned absolute ("always", "aldri"): wrong; kept only when it does add an absolute word. */
export const absoluteAnswers: CaseSource = {
  kind: 'absolute',
  needsModel: true,
  make: (context) =>
    each(
      context,
      async (i) => {
        const q = context.references[i]!;
        const lang = targetLanguage(context, i, 'absolute');
        const word = pick(ABSOLUTE_WORD[lang], q.id);
        const task = `Write a student's answer to the question in one or two sentences that turns what the reference says into a false absolute claim using the word "${word}".`;
        const answer = await write(context, framed(q, task, lang));
        if (!answer || addedAbsolutes(q.reference, answer).length === 0) return undefined;
        return caseOf('absolute', q, context.groupOf, answer, 'incorrect', detectLanguage(answer));
      },
      (i) => wrongKind(context, i) === 'absolute',
    ),
};
