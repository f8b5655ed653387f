import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { streamText } from '../../llm/streamText.js';
import { LANGUAGE_NAMES } from '../../text/languages.js';
import type { Lang } from '../../types.js';
import type { Citation } from '../knowledge/citations.js';
import { passageText } from './passages.js';

/** Per language: the words the model's reply is begun with (not shown). */
const OPENING: Record<Lang, string> = {
  en: 'In short, in English: ',
  nb: 'Kort forklart på norsk: ',
  da: 'Kort forklaret på dansk: ',
  sv: 'Kort förklarat på svenska: ',
};

/**
 * The same for every explanation, so the local model evaluates it once and reuses it (its
 * explanation sequence keeps the evaluated prefix); everything that changes comes after it, and
 * is kept short: the notes, the question and the language asked for.
 */
const INSTRUCTIONS =
  'You are a patient tutor for a university course. The student has already read note [1] word for word. ' +
  'Explain the answer to their question in your own simple words, using only the numbered course notes they give. ' +
  'Write 2 or 3 short sentences of at most 20 words. End each sentence with the number of the note it comes from, like [1]. ' +
  'Never add anything the notes do not say; never copy list numbers.';

const request = (language: string) => `Explain the answer in ${language}, in your own simple words.`;

const userTurn = (numbered: string, question: string, language: string) =>
  `Notes:\n${numbered}\n\nQuestion: ${question}\n${request(language)}`;

const fixedPrefix = (): BaseMessage[] => [new SystemMessage(INSTRUCTIONS)];

/** What the model was told, for the check that drops a sentence it merely copied from its instructions. */
export const promptText = (lang: Lang) => `${INSTRUCTIONS} ${request(LANGUAGE_NAMES.en[lang])} ${OPENING[lang]}`;

/**
 * Has the local model read the fixed instructions before the first student asks (its explanation sequence
 * keeps it): about 1.5 s of the first explanation after a start on 2 cores. A background reply of
 * one token; a chat server keeps nothing, so it is not asked.
 */
export async function readInstructions(model: BaseChatModel | null): Promise<void> {
  if (!model || !('continuesPartialReply' in model && model.continuesPartialReply === true)) return;
  await streamText(model, [...fixedPrefix(), new HumanMessage('Notes:')], { maxTokens: 1, lane: 'background' });
}

/**
 * With `begin`, the model's reply is begun for it with a few words in the student's language (not
 * shown): measured on the dev questions, the small model otherwise answers Norwegian questions in
 * Danish, Danish in Norwegian and Swedish in English.
 */
export function explainMessages(question: string, lang: Lang, passages: Citation[], begin = false, written = ''): BaseMessage[] {
  const language = LANGUAGE_NAMES.en[lang] + (lang === 'nb' ? ' (bokmål)' : '');
  const numbered = passages.map((p, i) => `[${i + 1}] ${passageText(p)}`).join('\n');
  const messages: BaseMessage[] = [...fixedPrefix(), new HumanMessage(userTurn(numbered, question, language))];
  if (begin) messages.push(new AIMessage(OPENING[lang] + written));
  return messages;
}
