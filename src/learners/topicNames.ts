import crypto from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { BackgroundStoppedError } from '../llm/llmErrors.js';
import { streamText } from '../llm/streamText.js';
import { log } from '../log.js';
import { stems, words } from '../text/analyze.js';
import { detectLanguage } from '../text/language.js';
import { LANGUAGE_NAMES } from '../text/languages.js';
import type { Lang } from '../types.js';
import type { ProgressStore } from './store/progressStore.js';

/** What the namer needs of the course: its topic names, and the models of this index build. */
export interface NamingContext {
  names: readonly string[];
  /** What each name means in the notes (same order; '' when unknown): the sense to translate. */
  about: readonly string[];
  model: BaseChatModel | null;
}

/** Where translated names are kept, so every replica and restart reuses them: the progress database's shared settings. */
export type NameCache = Pick<ProgressStore, 'readSetting' | 'setting'>;

/** A name of a topic is a term, not a sentence: a reply longer than this is chatter, not a translation. */
const MAX_NAME_WORDS = 6;
const MAX_TOKENS = 24;
/** A student's request stops background work; the name is asked again after this. */
const RETRY_AFTER_MS = 2000;
const MAX_TRIES = 10;

const instruction = (lang: Lang) =>
  `Translate the name of a topic in a course into ${LANGUAGE_NAMES.en[lang]}, the way a teacher writing in ${LANGUAGE_NAMES.en[lang]} would name it in that field. Keep a technical term that is usually left untranslated as it is. Reply with the translated name only.`;

const request = (name: string, about: string) => (about ? `Topic: ${name}\nWhat it means in the course: ${about}` : `Topic: ${name}`);

/** Code (`batch_tfms()`, camelCase) is named as written in every language. */
const isCode = (name: string) => /[_()`{}[\]<>=/\\]|[a-z][A-Z]/.test(name);

/** The same words, in any order or inflection ("Classification of images" is "Image Classification"). */
function sameName(a: string, b: string): boolean {
  const covered = (x: string, y: string) => {
    const inY = new Set(words(y).flatMap(stems));
    return words(x).every((word) => stems(word).some((stem) => inY.has(stem)));
  };
  return words(a).length > 0 && covered(a, b) && covered(b, a);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cleaned(reply: string): string | null {
  const line = reply.trim().split('\n')[0]?.trim() ?? '';
  const name = line.replace(/^["'«»“”]+|["'«»“”.]+$/g, '').trim();
  if (!name || name.split(/\s+/).length > MAX_NAME_WORDS || /[:?]/.test(name)) return null;
  return name;
}

/**
 * The topic names in one language: each the model's translation, kept only when translating it back
 * gives the name again (the same test for any course and model; a name that fails it stays as the
 * notes write it).
 */
export async function translateNames(context: NamingContext, lang: Lang): Promise<Record<string, string>> {
  const { names, about, model } = context;
  const result: Record<string, string> = {};
  const sourceLang = detectLanguage(names.join('. '));
  if (!model || lang === sourceLang) return result;
  for (const [i, name] of names.entries()) {
    if (isCode(name)) continue;
    const translated = await askUntilDone(model, request(name, about[i] ?? ''), lang);
    if (!translated || translated.toLowerCase() === name.toLowerCase()) continue;
    // Translated back, it must be the name again: the small model's slips ("Förlagsfunktion" for
    // Loss Function) come back as something else.
    const back = await askUntilDone(model, request(translated, ''), sourceLang);
    if (back && sameName(back, name)) result[name] = translated;
    else log.debug('a topic name translation was dropped: it does not translate back', { name, lang, translated, back });
  }
  return result;
}

async function askUntilDone(model: BaseChatModel, input: string, lang: Lang): Promise<string | null> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    try {
      const reply = await streamText(model, [new SystemMessage(instruction(lang)), new HumanMessage(input)], {
        maxTokens: MAX_TOKENS,
        lane: 'background',
      });
      return cleaned(reply);
    } catch (error) {
      if (!(error instanceof BackgroundStoppedError)) throw error;
      await sleep(RETRY_AFTER_MS);
    }
  }
  return null;
}

/**
 * Topic names in the student's language, asked of the language model once per language and course
 * (in the background: nobody waits on them) and kept in the cache, so a restart or another replica
 * reads them. Until they are known a topic is named as the notes name it.
 */
export class TopicNamer {
  private readonly known = new Map<string, Record<string, string>>();
  private readonly translating = new Map<string, Promise<void>>();

  /** @param context the names and models of the current index build (it changes when the notes do) */
  constructor(
    private readonly cache: NameCache,
    private readonly context: () => Promise<NamingContext>,
  ) {}

  private keyOf(context: NamingContext, lang: Lang): string {
    const hash = crypto.createHash('sha1').update(JSON.stringify([context.model?._llmType() ?? null, context.names, context.about]));
    return `topic-names:${lang}:${hash.digest('hex').slice(0, 16)}`;
  }

  /** The translations known now (name → name in `lang`): from memory or the cache, else {} while they are found. */
  async namesIn(lang: Lang): Promise<Record<string, string>> {
    const context = await this.context();
    const key = this.keyOf(context, lang);
    const known = this.known.get(key) ?? (await this.fromCache(key));
    if (known) return known;
    if (!this.translating.has(key))
      this.translating.set(
        key,
        this.translate(key, context, lang).finally(() => this.translating.delete(key)),
      );
    return {};
  }

  /** Resolves once the names in `lang` are known (or found untranslatable). */
  async settled(lang: Lang): Promise<Record<string, string>> {
    const known = await this.namesIn(lang);
    const key = this.keyOf(await this.context(), lang);
    await this.translating.get(key);
    return this.known.get(key) ?? known;
  }

  private async fromCache(key: string): Promise<Record<string, string> | null> {
    try {
      const cached = await this.cache.readSetting(key);
      if (!cached) return null;
      const names = JSON.parse(cached) as Record<string, string>;
      this.known.set(key, names);
      return names;
    } catch (error) {
      log.warn('could not read the translated topic names', { reason: (error as Error).message });
      return null;
    }
  }

  private async translate(key: string, context: NamingContext, lang: Lang): Promise<void> {
    try {
      const names = await translateNames(context, lang);
      this.known.set(key, names);
      const written = JSON.stringify(names);
      await this.cache.setting(key, () => written);
      log.info('topic names translated', { lang, translated: Object.keys(names).length, of: context.names.length });
    } catch (error) {
      // Not asked again until a restart: a model that failed once is not made to fail on every request.
      this.known.set(key, {});
      log.warn('could not translate the topic names; they stay as the notes write them', { lang, reason: (error as Error).message });
    }
  }
}
