import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { createHash } from 'node:crypto';
import { BackgroundStoppedError } from '../../../llm/llmErrors.js';
import { streamText } from '../../../llm/streamText.js';
import { stemOverlap } from '../../../text/analyze.js';
import { detectLanguage } from '../../../text/language.js';
import type { MeaningInput, MeaningJudge } from './meaning.js';

const TRANSLATOR = 'You translate Norwegian, Swedish and Danish text into English. You write only the translation, nothing else.';
/** Room for a long answer's English (the judge reads 900 characters of each text). */
const MAX_TOKENS = 200;
const MAX_CHARACTERS = 900;
/** Readings of students' answers kept in memory (the notes' readings, loaded from the calibration, are always kept). */
const MAX_MADE = 2000;

/** What the model is asked for one text; the same text names the reading among the calibration's kept writings. */
export function englishPrompt(text: string): string {
  return `Translate into English:\n\n${text.slice(0, MAX_CHARACTERS)}`;
}

/** The key a reading is kept by (the calibration's kept writings use the same). */
export function readingKeyOf(text: string): string {
  return createHash('sha1').update(englishPrompt(text)).digest('hex').slice(0, 16);
}

/** The reading alone: the small model sometimes announces it ("Here is the translation: …"). */
function clean(reply: string): string {
  return reply.trim().replace(/^\s*here is[^:]*:\s*/i, '');
}

/**
 * English readings of the texts a judge compares. The 1.5B model reads English far better than
 * Norwegian, Swedish or Danish: on the deep-learning course's calibration cases its agreement
 * separated right from wrong answers better when question, reference and answer were read in
 * English first (ROC AUC 0.887 → 0.940 on the 318 cases its decision is fitted on; README, grading). Readings of the notes are made once, by `npm run calibrate`, and kept with the
 * course's calibration; a student's answer is read when it is graded.
 */
export class EnglishReadings {
  private readonly made = new Map<string, string>();

  /** `known`: readings kept by earlier runs, by readingKeyOf. */
  constructor(
    private readonly model: BaseChatModel,
    private readonly known: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** Every reading this process made (calibration keeps them beside its cases). */
  get readings(): ReadonlyMap<string, string> {
    return this.made;
  }

  /**
   * The model's translation. Background work (a course calibrating while students use the tutor) is
   * stopped when a student's request comes; the reading is then asked again, and the model takes it
   * up when nobody waits (without this, one student's question failed the whole calibration).
   */
  private async translate(text: string, background: boolean): Promise<string> {
    for (;;) {
      try {
        return await streamText(this.model, [new SystemMessage(TRANSLATOR), new HumanMessage(englishPrompt(text))], {
          maxTokens: MAX_TOKENS,
          ...(background ? { lane: 'background' as const } : { urgent: true }),
        });
      } catch (error) {
        if (!(background && error instanceof BackgroundStoppedError)) throw error;
      }
    }
  }

  async read(text: string, background = false): Promise<string> {
    if (!text.trim() || detectLanguage(text) === 'en') return text;
    const key = readingKeyOf(text);
    const kept = this.known.get(key) ?? this.made.get(key);
    if (kept !== undefined) return kept;
    const reading = clean(await this.translate(text, background)) || text;
    if (this.made.size >= MAX_MADE) this.made.delete(this.made.keys().next().value!);
    this.made.set(key, reading);
    return reading;
  }
}

/**
 * A judge that reads the question, the reference and the answer in English before it compares them.
 * The rules (negation, absolutes, flipped poles) still read the answer as written: a reading can
 * lose the one word they look for.
 */
export function judgingInEnglish(inner: MeaningJudge, readings: EnglishReadings): MeaningJudge & { readonly readings: EnglishReadings } {
  return {
    kind: inner.kind,
    reads: 'english',
    readings,
    async agreement(input: MeaningInput, options) {
      const background = options?.background ?? false;
      const english: MeaningInput = {
        question: input.questionInEnglish ?? (await readings.read(input.question, background)),
        reference: await readings.read(input.reference, background),
        answer: await readings.read(input.answer, background),
      };
      return inner.agreement(english, options);
    },
  };
}

/** The readings a judge reads through, when it reads in English (calibration keeps them). */
export function englishReadingsOf(judge: MeaningJudge | null): EnglishReadings | null {
  return judge && 'readings' in judge && judge.readings instanceof EnglishReadings ? judge.readings : null;
}

/**
 * The words an answer shares with its reference, in the texts the judge read: their English readings
 * when it reads English (made when it judged, so nothing is read again), else as written.
 */
export async function overlapAsRead(judge: MeaningJudge, { reference, answer }: MeaningInput, background = false): Promise<number> {
  const readings = englishReadingsOf(judge);
  if (!readings) return stemOverlap(answer, reference);
  return stemOverlap(await readings.read(answer, background), await readings.read(reference, background));
}
