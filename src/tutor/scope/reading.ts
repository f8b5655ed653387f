import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Lang } from '../../types.js';
import { briefReply } from './brief.js';

/** A question as a language model reads it: in English, and what it asks about. */
export interface QuestionReading {
  english: string;
  subject: string;
}

const INSTRUCTION = `Translate the student's question into English, then name its subject: the technical term or thing it asks about, in English, 1 to 4 words.
Reply in exactly this form:
English: <the question in English>
Subject: <the subject>`;

/** Enough for one translated question and a short subject. */
const MAX_TOKENS = 60;

/**
 * Asks the model what a question is about, in English: a word the notes never write may be a
 * course term in another language ("överanpassning" is overfitting) or a thing the course never
 * covers ("kanelbullar"), and only a model that knows the languages can tell which. An English
 * question is kept as written (the model tends to answer it rather than translate it). Null when
 * the reply has neither a translation nor a subject.
 */
export async function readQuestion(
  model: BaseChatModel,
  question: string,
  lang: Lang,
  signal?: AbortSignal,
): Promise<QuestionReading | null> {
  const text = await briefReply(model, INSTRUCTION, question, { maxTokens: MAX_TOKENS, ...(signal ? { signal } : {}) });
  const english = /^\s*English:\s*(.+)$/im.exec(text)?.[1]?.trim();
  // The small model often stops after the translation: its whole English question then stands for
  // the subject (every word of it must be the notes', a stricter test than the subject's words).
  const subject = /^\s*Subject:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? english;
  if (!subject) return null;
  return { english: lang === 'en' || !english ? question : english, subject };
}
