import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { promptKey } from '../caseFiles.js';
import type { BankQuestion } from '../../../tutor/knowledge/bank.js';
import type { Lang } from '../../../types.js';
import { LANGUAGE_NAMES, type SourceContext } from './source.js';

const SYSTEM = 'You write short answers that students give on an exam about their course notes. You write only the answer, nothing else.';
/** Room for two or three sentences; a longer reply is cut to its first sentences. */
const MAX_TOKENS = 90;
const MAX_SENTENCES = 3;

export function cleanReply(reply: string): string {
  const text = reply
    .trim()
    .replace(/^(?:answer|svar|student'?s answer)\s*:\s*/i, '')
    .replace(/^["“«”]+|["”»“]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // A stop inside a word ("Node.js", "program.parse()") does not end a sentence.
  const sentences = (text.match(/(?:[^.!?]|[.!?](?=\S))+(?:[.!?]+(?=\s|$)|$)/g) ?? [text]).slice(0, MAX_SENTENCES);
  // A reply cut by the token budget ends in half a sentence, which no student writes.
  if (sentences.length > 1 && !/[.!?]\s*$/.test(sentences[sentences.length - 1]!)) sentences.pop();
  return sentences.join('').trim();
}

/** The model's reply to one prompt, greedy and cached by prompt (a re-run writes only what is new). */
export async function write(context: SourceContext, prompt: string, system = SYSTEM): Promise<string | undefined> {
  const key = promptKey(prompt);
  const cached = context.written.get(key);
  if (cached !== undefined) return cached || undefined;
  if (!context.chat) return undefined;
  const reply = await context.chat.invoke([new SystemMessage(system), new HumanMessage(prompt)], { maxTokens: MAX_TOKENS } as never);
  const text = cleanReply(typeof reply.content === 'string' ? reply.content : '');
  context.written.set(key, text);
  context.saveWritten();
  return text || undefined;
}

/** The prompt for one answer; `reference` is what the notes answer with (a section of prose as its sentences, without headings and code). */
export function framed(q: BankQuestion, task: string, lang: Lang, reference = q.reference): string {
  return (
    `Exam question: ${q.text.slice(0, 400)}\n\nReference answer from the course notes:\n${reference.slice(0, 700)}\n\n` +
    `${task} Write it in ${LANGUAGE_NAMES[lang]}.`
  );
}
