import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { SearchHit } from '../../retrieval/search.js';
import { streamText } from '../../llm/streamText.js';
import { LANGUAGE_NAMES } from '../../text/languages.js';
import type { Lang } from '../../types.js';
import { citeChunk } from '../knowledge/citations.js';
import type { Citation, Turn } from '../types.js';
import { citationMarkers } from '../knowledge/markers.js';

const MAX_PASSAGES = 6;

export interface GenerationInput {
  question: string;
  lang: Lang;
  history: readonly Turn[];
  hits: SearchHit[];
}

export interface Generated {
  answer: string;
  citations: Citation[];
  /** Markers the model wrote that pointed at no passage, removed from the answer. */
  removedMarkers: number[];
}

export function buildMessages(input: GenerationInput, passages: Citation[]): BaseMessage[] {
  const numbered = passages.map((p, i) => `[${i + 1}] ${p.file}, lines ${p.startLine}-${p.endLine} — ${p.title}\n${p.text}`).join('\n\n');
  const system =
    'You are a patient tutor for a university deep-learning course. Answer only from the numbered passages of the ' +
    'course notes below; they may be in Norwegian, Swedish, Danish or English. ' +
    `Write your answer in ${LANGUAGE_NAMES.en[input.lang]}${input.lang === 'nb' ? ' (bokmål)' : ''}, in two to five short sentences. ` +
    'End every sentence with the marker of the passage it rests on, such as [1] or [2][3]. ' +
    'Never cite a number that is not listed. If the passages do not answer the question, say that the notes do not cover it.';
  const messages: BaseMessage[] = [new SystemMessage(`${system}\n\nPassages:\n\n${numbered}`)];
  for (const turn of input.history.slice(-6)) {
    messages.push(turn.role === 'student' ? new HumanMessage(turn.text) : new AIMessage(turn.text));
  }
  messages.push(new HumanMessage(input.question));
  return messages;
}

/**
 * Keep only markers that point at a passage, renumber them in order of first use and return the
 * citations they use. Markers inside code are left alone (code may contain "[3]" of its own).
 */
export function validateMarkers(text: string, passages: Citation[]): Generated {
  const used: number[] = [];
  const removed: number[] = [];
  const markers = citationMarkers(text);
  let out = '';
  let last = 0;
  for (const { n, index } of markers) {
    out += text.slice(last, index);
    last = index + `[${n}]`.length;
    if (n < 1 || n > passages.length) {
      removed.push(n);
      continue;
    }
    if (!used.includes(n)) used.push(n);
    out += `[${used.indexOf(n) + 1}]`;
  }
  out += text.slice(last);
  const answer = out
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { answer, citations: used.map((n) => passages[n - 1]!), removedMarkers: removed };
}

/** Stream an answer from the chat model; onToken receives text as it arrives. */
export async function generateAnswer(model: BaseChatModel, input: GenerationInput, onToken?: (text: string) => void): Promise<Generated> {
  const passages = input.hits.slice(0, MAX_PASSAGES).map((hit) => citeChunk(hit.chunk));
  const text = await streamText(model, buildMessages(input, passages), onToken ? { onToken } : {});
  return validateMarkers(text, passages);
}
