import type { BankQuestion } from './bank.js';

/**
 * English readings of the notes' exam questions. e5 matches an English question to a Norwegian
 * one less well than to an English one ("Which loss function is used for classification?" ranks
 * "the difference between a loss function and a metric" above "Hvilke av følgende er loss funksjoner
 * som brukes i klassifiseringsoppgaver?"), so a question is compared with both. The language model
 * reads them once, when the course is calibrated, and they are kept with its calibration.
 */
export const TRANSLATOR = 'You translate exam questions into English. You write only the translated question, nothing else.';

/** What the model is asked for one question; the same text names the reading in the calibration's kept writings. */
export function englishQuestionPrompt(question: BankQuestion): string {
  return `Translate this exam question into English:\n\n${question.text.slice(0, 400)}`;
}

/** The questions that need an English reading: exam questions not already in English. */
export function needsEnglishReading(question: BankQuestion): boolean {
  return (question.origin === 'exam' || question.origin === 'qa') && question.lang !== 'en';
}

/** The reading alone: the small model sometimes announces it ("Here is the English translation: \"…\""). */
export function cleanReading(reply: string): string {
  return reply
    .replace(/^\s*here is[^:]*:\s*/i, '')
    .replace(/^["'“«]+|["'”»]+$/g, '')
    .trim();
}
