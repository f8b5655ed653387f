import { en } from './strings/en.js';
import { nb } from './strings/nb.js';
import { sv } from './strings/sv.js';
import { da } from './strings/da.js';

/** The page's own words in the four course languages (one file each in strings/); the student's choice is remembered. */
export const UI_LANGS = ['nb', 'sv', 'da', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];

export type UiKey = keyof typeof en;

const STRINGS: Record<UiLang, Record<UiKey, string>> = { en, nb, sv, da };
const KEY = 'tutor.lang';

/** nn and no read as Norwegian Bokmål; anything else not offered falls back to English. */
function fromBrowser(): UiLang {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'nn' || base === 'no') return 'nb';
    const found = UI_LANGS.find((l) => l === base);
    if (found) return found;
  }
  return 'en';
}

function stored(): UiLang | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return UI_LANGS.find((l) => l === value);
  } catch {
    return undefined;
  }
}

let current: UiLang = stored() ?? fromBrowser();

export const uiLang = (): UiLang => current;

/** The page's text for a key, with {placeholders} filled in. */
export function t(key: UiKey, values: Record<string, string | number> = {}): string {
  return STRINGS[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Fills every element marked data-i18n (text), data-i18n-placeholder, data-i18n-title and data-i18n-label (aria-label). */
export function translatePage(): void {
  document.documentElement.lang = current;
  document.title = t('title');
  const fill = (attribute: string, apply: (element: HTMLElement, text: string) => void) =>
    document.querySelectorAll<HTMLElement>(`[${attribute}]`).forEach((element) => {
      const key = element.getAttribute(attribute) as UiKey;
      if (key in en) apply(element, t(key));
    });
  fill('data-i18n', (element, text) => (element.textContent = text));
  fill('data-i18n-placeholder', (element, text) => element.setAttribute('placeholder', text));
  fill('data-i18n-title', (element, text) => element.setAttribute('title', text));
  fill('data-i18n-label', (element, text) => element.setAttribute('aria-label', text));
}

/** Switch the page's language and remember it in this browser. */
export function setUiLang(lang: UiLang): void {
  current = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // Storage blocked: the choice holds until the page is reloaded.
  }
  translatePage();
}

/** A date as "today" or a short date and time in the page's language. */
export function when(iso: string): string {
  const date = new Date(iso);
  const locale = current === 'en' ? 'en-GB' : current;
  const sameDay = date.toDateString() === new Date().toDateString();
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? `${t('today')} ${time}` : `${date.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`;
}
