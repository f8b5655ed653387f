import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';
import type { LocalLlm } from '../../../llm/local.js';
import { REMOTE_AGREEMENT } from '../../../tuning.js';

export interface MeaningInput {
  question: string;
  /** The part of the notes' answer that answers this question. */
  reference: string;
  answer: string;
  /** The question's English reading when one was made while it was looked up (a judge reading English uses it). */
  questionInEnglish?: string;
}

/**
 * A language model's reading of whether an answer means what the reference says, as an agreement
 * in [0, 1] on one calibrated scale (see GRADING in verdict.ts): below `incorrectBelow` the model
 * sees a different or contradicting answer; from `correctFrom` it sees the same meaning.
 */
export interface MeaningJudge {
  readonly kind: 'local' | 'remote';
  /** `english`: it reads the texts in English first (english.ts); its agreements are on another scale. */
  readonly reads?: 'english';
  /** `background`: nobody waits on it (calibration); the local model reads it when idle. */
  agreement(input: MeaningInput, options?: { background?: boolean }): Promise<number>;
}

/** Characters of the reference answer the judge's document holds. */
export const JUDGED_REFERENCE_CHARACTERS = 900;

/** The framing the small model reads best: roles named, language declared irrelevant. */
export function judgeDocument({ question, reference, answer }: MeaningInput): string {
  return (
    "A teacher checks a student's exam answer against the reference answer from the course notes. " +
    'The texts may be in Norwegian, Swedish, Danish or English; language and wording do not matter, only meaning.\n\n' +
    `Exam question: ${question.slice(0, 600)}\n\nReference answer (course notes):\n${reference.slice(0, JUDGED_REFERENCE_CHARACTERS)}\n\n` +
    `Student's answer:\n${answer.slice(0, 900)}`
  );
}

/**
 * Three narrow yes/no questions, read as probabilities. Asked once, the 1.5B model says "yes" to
 * almost anything; its probabilities still rank answers well (ROC AUC 0.92–0.93 each on the dev
 * sets), and their mean is steadier than any one of them.
 */
const PROBES = {
  correct: "Is the student's answer correct according to the reference answer?",
  consistent: "Is the student's answer consistent with the reference answer?",
  same: "Does the student's answer describe the same thing as the reference answer?",
};

export function localMeaningJudge(llm: LocalLlm): MeaningJudge {
  return {
    kind: 'local',
    async agreement(input, options) {
      const p = await llm.yesNo(judgeDocument(input), PROBES, options?.background ? 'background' : 'grade');
      return (p.correct + p.consistent + p.same) / 3;
    },
  };
}

const RemoteVerdict = z.object({
  relation: z
    .enum(['same', 'partly', 'different', 'contradicts'])
    .describe(
      "same: the student's answer means what the reference says; partly: it says part of it; different: it is about something else; contradicts: it says the opposite",
    ),
});

/** The remote verdicts placed on the local model's calibrated scale. */
const REMOTE_SCALE: Record<z.infer<typeof RemoteVerdict>['relation'], number> = REMOTE_AGREEMENT;

/** A stronger model behind TUTOR_LLM_BASE_URL, asked for one structured verdict through langchain. */
export function remoteMeaningJudge(chat: BaseChatModel): MeaningJudge {
  const structured = chat.withStructuredOutput(RemoteVerdict, { name: 'grade_answer' });
  return {
    kind: 'remote',
    async agreement(input) {
      const verdict = await structured.invoke(
        `${judgeDocument(input)}\n\nCompare the student's answer with the reference answer and classify their relation.`,
      );
      return REMOTE_SCALE[RemoteVerdict.parse(verdict).relation];
    },
  };
}
