import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import crypto from 'node:crypto';
import type { BankQuestion } from '../../../tutor/knowledge/bank.js';
import type { CourseKnowledge } from '../../../tutor/knowledge/courseKnowledge.js';
import type { Lang } from '../../../types.js';
import { answerSentences } from '../../../tutor/knowledge/sentences.js';
import type { CalibrationCase, CaseKind } from '../cases.js';

export interface SourceContext {
  /** The references an answer can be graded against: bank questions and glossary terms. */
  references: readonly BankQuestion[];
  /** Question id → its group (the same question asked in several files is one group). */
  groupOf: (id: string) => string;
  knowledge: CourseKnowledge;
  /** Writes answers (greedy): null makes only the cases that need no model. */
  chat: BaseChatModel | null;
  /** Answers written by the model in an earlier run, by prompt (reused: generation is the slow part). */
  written: Map<string, string>;
  /** Keeps what was written so far (a run stopped halfway loses nothing). */
  saveWritten: () => void;
  progress: (done: number, total: number) => void;
}

/** One way of making labelled cases from the notes (a new way is one file and one row in sources/index.ts). */
export interface CaseSource {
  kind: CaseKind;
  needsModel: boolean;
  make(context: SourceContext): Promise<CalibrationCase[]>;
}

export const LANGUAGES: readonly Lang[] = ['nb', 'sv', 'da', 'en'];
export const LANGUAGE_NAMES: Record<Lang, string> = { nb: 'Norwegian (bokmål)', sv: 'Swedish', da: 'Danish', en: 'English' };

/** A deterministic pick from a list, by a text (the same course gives the same set). */
export function pick<T>(items: readonly T[], key: string): T {
  const hash = crypto.createHash('sha1').update(key).digest();
  return items[hash.readUInt32BE(0) % items.length]!;
}

export function caseOf(
  kind: CaseKind,
  question: BankQuestion,
  groupOf: (id: string) => string,
  answer: string,
  verdict: CalibrationCase['verdict'],
  lang: Lang,
): CalibrationCase {
  const id = `${kind}-${crypto.createHash('sha1').update(`${question.id}\0${answer}`).digest('hex').slice(0, 12)}`;
  return { id, questionId: question.id, group: groupOf(question.id), question: question.text, answer, lang, kind, verdict };
}

/** Whether an answer reads as its own question's: its reference is the nearest of all (a back-reading). */
export async function readsAsOwn(context: SourceContext, questionId: string, answer: string): Promise<boolean> {
  const [scores] = await context.knowledge.scoreSupport(
    [answer],
    context.references.map((r) => r.reference),
  );
  const best = (scores ?? []).reduce((top, score, i, all) => (score > all[top]! ? i : top), 0);
  return context.groupOf(context.references[best]!.id) === context.groupOf(questionId);
}

/**
 * An answer as a student writes it: an exam answer in the notes is one already; a section of a
 * manual is given as its sentences, without its heading (which names the other topic outright)
 * and its code listings. Measured on the deep-learning notes, their exam answers laid out with
 * headings and code given as sentences too: the pass cut rose from 0.68 to 0.74 (a long code
 * walk-through then reads like an explanation of the validation set).
 */
export function asWritten(knowledge: CourseKnowledge, question: BankQuestion): string {
  if (question.origin !== 'passage') return question.reference;
  const sentences = knowledge.chunksOf(question).flatMap((chunk) => answerSentences(chunk, chunk.answerStartLine ?? chunk.startLine));
  return sentences.map((s) => s.text).join(' ') || question.reference;
}
