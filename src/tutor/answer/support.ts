import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';
import type { LocalLlm } from '../../llm/local.js';
import { foldCognate, stems, words } from '../../text/analyze.js';
import { detectLanguage } from '../../text/language.js';
import { EXPLANATION } from '../../tuning.js';

/**
 * P(the passage states what the sentence says), read by a language model: the local model's yes/no
 * probability, or a configured chat model's structured yes/no. Built by the composition root.
 */
export type SupportReading = (passage: string, sentence: string, background: boolean) => Promise<number>;

/** The question the local model answers yes or no about a (passage, sentence) document. */
export const SUPPORT_PROBE = 'Does the passage state everything the sentence says?';

export function supportDocument(passage: string, sentence: string): string {
  return `Passage:\n${passage}\n\nSentence:\n${sentence}`;
}

export interface SupportVerdict {
  supported: boolean;
  /** `words`: every key term of the sentence is in the passage; `words-missing`: too few are; `model`: the model's reading decided. */
  by: 'words' | 'model' | 'words-missing';
  /** Share of the sentence's key terms found in the passage or the question. */
  wordShare: number;
  /** Key terms of the sentence the passage does not write. */
  missing: string[];
  /** The model's P(yes), when it was asked. */
  reading?: number;
}

/** A word and its variants as they are compared: stems of the word and of its cognate spelling. */
function variants(word: string): string[] {
  return [...new Set([...stems(word), ...stems(foldCognate(word))])];
}

/** Words of at least this many letters carry the claim; shorter ones are mostly function words the stop lists miss. */
const KEY_TERM_LETTERS = 4;
/** Compounds and inflections: a word counts as found when it and a passage word share a (folded) start this long. */
const SHARED_START = 6;

function keyTerms(text: string): string[] {
  return [...new Set(words(text).filter((word) => word.length >= KEY_TERM_LETTERS || /\d/.test(word)))];
}

/** Key terms of `sentence` that `text` does not write in any of their forms, and the share that it does. */
export function missingTerms(sentence: string, text: string): { share: number; missing: string[] } {
  const terms = keyTerms(sentence);
  if (terms.length === 0) return { share: 0, missing: [] };
  const known = keyTerms(text);
  const knownVariants = new Set(known.flatMap(variants));
  const knownStarts = new Set(
    known
      .map((word) => foldCognate(word))
      .filter((w) => w.length >= SHARED_START)
      .map((w) => w.slice(0, SHARED_START)),
  );
  const missing = terms.filter((term) => {
    if (variants(term).some((variant) => knownVariants.has(variant))) return false;
    const folded = foldCognate(term);
    return !(folded.length >= SHARED_START && knownStarts.has(folded.slice(0, SHARED_START)));
  });
  return { share: (terms.length - missing.length) / terms.length, missing };
}

/**
 * Whether a sentence of an explanation is supported by the passage it cites. Similarity is not
 * enough (a sentence can read like a passage and add a clause from another entry), so: when every
 * key term of the sentence is in the passage (or the question) in the passage's own language, the
 * words settle it; when too few are, in the same language, it is not supported; otherwise (a few
 * new words, or another language) the model reads the pair and must say yes.
 */
export async function checkSupport(
  sentence: string,
  passage: string,
  question: string,
  read: SupportReading | null,
  background = false,
): Promise<SupportVerdict> {
  // Words of the question may be the subject a sentence names, never the claim it makes: the words settle support only when the passage itself writes them all.
  const { missing } = missingTerms(sentence, passage);
  const { share } = missingTerms(sentence, `${passage}\n${question}`);
  const sameLanguage = detectLanguage(sentence) === detectLanguage(passage);
  if (sameLanguage && missing.length === 0 && share > 0) return { supported: true, by: 'words', wordShare: share, missing };
  if ((sameLanguage && share < EXPLANATION.wordShareMin) || !read)
    return { supported: false, by: 'words-missing', wordShare: share, missing };
  const reading = await read(passage, sentence, background);
  return { supported: reading >= EXPLANATION.readingMin, by: 'model', wordShare: share, missing, reading };
}

/** The local model's P(yes) that the passage supports the sentence (between an explanation's sentences, or in the background). */
export function localSupportReading(llm: LocalLlm): SupportReading {
  return async (passage, sentence, background) =>
    (await llm.yesNo(supportDocument(passage, sentence), { supported: SUPPORT_PROBE }, background ? 'background' : 'explain')).supported;
}

const RemoteSupport = z.object({
  supported: z.boolean().describe('true only if the passage states everything the sentence says'),
});

/** A configured chat model's structured yes/no, as 1 or 0. */
export function remoteSupportReading(chat: BaseChatModel): SupportReading {
  const structured = chat.withStructuredOutput(RemoteSupport, { name: 'check_support' });
  return async (passage, sentence) =>
    RemoteSupport.parse(await structured.invoke(`${supportDocument(passage, sentence)}\n\n${SUPPORT_PROBE}`)).supported ? 1 : 0;
}
