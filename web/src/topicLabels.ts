import { uiLang, type UiLang } from './i18n.js';

/** Topic names in each page language, as the server last gave them (`label` beside `topic`). */
const known = new Map<UiLang, Map<string, string>>();

export function rememberTopicLabels(lang: UiLang, topics: ReadonlyArray<{ topic: string; label: string }>): void {
  known.set(lang, new Map(topics.map((t) => [t.topic, t.label])));
}

/** A topic (as the notes name it) in the page's language; as the notes name it until the server has translated it. */
export const topicLabel = (topic: string): string => known.get(uiLang())?.get(topic) ?? topic;
