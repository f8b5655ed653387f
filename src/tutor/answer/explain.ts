import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { detectLanguage } from '../../text/language.js';
import { log } from '../../log.js';
import { streamText } from '../../llm/streamText.js';
import type { SearchHit } from '../../retrieval/search.js';
import { LANGUAGE_NAMES } from '../../text/languages.js';
import type { Lang } from '../../types.js';
import { citeLines, type Citation } from '../knowledge/citations.js';
import { attributeSentences } from './attribute.js';
import type { SupportScorer } from '../knowledge/courseKnowledge.js';
import { validateMarkers } from './generative.js';

/** Passages shown to the model and characters of each: a small model on two cores reads ~500 tokens in a few seconds. */
const MAX_PASSAGES = 4;
const PASSAGE_CHARS = 650;
const MAX_TOKENS = 260;

/** Per language: how the notes' silence is said, and the words the model's reply is begun with. */
const STYLE: Record<Lang, { notCovered: string; opening: string }> = {
  en: { notCovered: 'The notes do not say anything about …', opening: 'In short, in English: ' },
  nb: { notCovered: 'Notatene sier ikke noe om …', opening: 'Kort forklart på norsk: ' },
  da: { notCovered: 'Noterne siger ikke noget om …', opening: 'Kort forklaret på dansk: ' },
  sv: { notCovered: 'Anteckningarna säger ingenting om …', opening: 'Kort förklarat på svenska: ' },
};

export interface ExplainInput {
  /** The standalone question (a follow-up already read with its topic). */
  question: string;
  lang: Lang;
  hits: SearchHit[];
  /** Terms the question asks about that the notes never write. */
  unknownTerms?: readonly string[];
}

export interface Explanation {
  /** 'llm' when the model's explanation passed every check; otherwise 'extractive' and `problem` says why. */
  composer: 'llm' | 'extractive';
  text: string;
  citations: Citation[];
  /** Language the explanation reads as. */
  lang: Lang | null;
  problem?: 'no_citation' | 'wrong_language' | 'stopped' | 'empty' | 'failed' | 'busy';
  /** Markers that pointed at no passage, removed. */
  removedMarkers: number[];
}

/** The first lines of a hit's answer (or text) up to the budget, cited exactly: whole lines, 1-based. */
export function trimmedPassage(hit: SearchHit, budget = PASSAGE_CHARS): Citation {
  const { chunk } = hit;
  const lines = chunk.text.split('\n');
  const first = chunk.answerStartLine !== undefined ? Math.max(0, chunk.answerStartLine - chunk.startLine - (chunk.title ? 1 : 0)) : 0;
  let end = first;
  let used = 0;
  while (end < lines.length && (end === first || used + (lines[end]?.length ?? 0) <= budget)) {
    used += (lines[end]?.length ?? 0) + 1;
    end++;
  }
  return citeLines([chunk], chunk.startLine + first, chunk.startLine + end - 1);
}

function passagesFor(hits: SearchHit[]): Citation[] {
  const seen = new Set<string>();
  const passages: Citation[] = [];
  for (const hit of hits) {
    if (seen.has(hit.chunk.unitId)) continue;
    seen.add(hit.chunk.unitId);
    passages.push(trimmedPassage(hit));
    if (passages.length === MAX_PASSAGES) break;
  }
  return passages;
}

/**
 * With `begin`, the model's reply is begun for it with a few words in the student's language (not
 * shown): measured on the dev questions, the small model otherwise answers Norwegian questions in
 * Danish, Danish in Norwegian and Swedish in English.
 */
export function explainMessages(input: ExplainInput, passages: Citation[], begin = false): BaseMessage[] {
  const language = LANGUAGE_NAMES.en[input.lang] + (input.lang === 'nb' ? ' (bokmål)' : '');
  const numbered = passages
    .map(
      (p, i) =>
        `[${i + 1}] ${p.title ? `${p.title.slice(0, 120)}\n` : ''}${p.text.length > PASSAGE_CHARS ? `${p.text.slice(0, PASSAGE_CHARS)}…` : p.text}`,
    )
    .join('\n\n');
  const system = `You are a patient tutor for a university deep-learning course. You always write in ${language}.`;
  const user =
    `Course notes (in Norwegian, Swedish, Danish or English):\n\n${numbered}\n\n` +
    `Question: ${input.question}\n\n` +
    `Explain the answer in ${language}, in 3 to 5 short sentences, using only the course notes above. ` +
    'After each sentence, write the number of the note it comes from, like [1]. ' +
    // Asked so that the model says "not covered" instead of inventing; such sentences are then
    // dropped (attribute.ts) and the uncovered terms are named by rule (Tutor.explain).
    `If the notes do not answer part of the question, end with one sentence that says which part (${STYLE[input.lang].notCovered}).`;
  const messages: BaseMessage[] = [new SystemMessage(system), new HumanMessage(user)];
  if (begin) messages.push(new AIMessage(STYLE[input.lang].opening));
  return messages;
}

/** Language of written text without its citation markers and code. */
function languageOf(text: string): Lang {
  return detectLanguage(text.replace(/\[\d+\]/g, ' ').replace(/```[\s\S]*?```/g, ' '));
}

/**
 * An explanation written by a chat model (the local model or a configured server) from the passages
 * only, streamed through onToken, then checked: its markers must point at passages (the rest are
 * removed and renumbered), it must cite something, and it must be in the student's language.
 */
export async function explain(
  model: BaseChatModel,
  input: ExplainInput,
  score: SupportScorer,
  options: { onToken?: (text: string) => void; signal?: AbortSignal } = {},
): Promise<Explanation> {
  const passages = passagesFor(input.hits);
  const begin = 'continuesPartialReply' in model && model.continuesPartialReply === true;
  const text = await streamText(model, explainMessages(input, passages, begin), {
    ...options,
    maxTokens: MAX_TOKENS,
    partialOnAbort: true,
  });
  log.debug('explanation written', { question: input.question, text });
  const attributed = await attributeSentences(
    text,
    passages.map((p) => p.text),
    score,
    { inLanguage: (sentence) => languageOf(sentence) === input.lang, unsupportedTerms: input.unknownTerms ?? [], question: input.question },
  );
  const checked = validateMarkers(attributed.text, passages);
  const lang = checked.answer ? languageOf(checked.answer) : null;
  const base = { text: checked.answer, citations: checked.citations, lang, removedMarkers: checked.removedMarkers };
  if (options.signal?.aborted) return { ...base, composer: checked.citations.length ? 'llm' : 'extractive', problem: 'stopped' };
  if (!checked.answer) return { ...base, composer: 'extractive', problem: 'empty' };
  if (checked.citations.length === 0) return { ...base, composer: 'extractive', problem: 'no_citation' };
  if (lang !== input.lang) return { ...base, composer: 'extractive', problem: 'wrong_language' };
  return { ...base, composer: 'llm' };
}
