import { setUiLang, translatePage, uiLang, UI_LANGS } from './i18n.js';
import type { InfoResponse } from './types.js';

const EXPLAIN_KEY = 'tutor.explain';

/** The page speaks the browser's language, or the one chosen in the header (remembered); `onChange` redraws what code wrote. */
export function setUpLanguage(onChange: () => void): void {
  const select = document.getElementById('ui-lang') as HTMLSelectElement;
  select.value = uiLang();
  translatePage();
  select.addEventListener('change', () => {
    const chosen = UI_LANGS.find((l) => l === select.value);
    if (!chosen) return;
    setUiLang(chosen);
    onChange();
  });
}

/** The quiz controls stay open on a wide screen; on a phone they fold into one line. */
export function setUpFold(fold: HTMLDetailsElement, narrow: MediaQueryList): void {
  const fit = () => (fold.open = !narrow.matches);
  fit();
  narrow.addEventListener('change', fit);
}

/** Explanations are offered when the server has a language model; the student's choice is remembered. */
export async function setUpExplainToggle(box: HTMLInputElement, toggle: HTMLElement): Promise<void> {
  box.checked = localStorage.getItem(EXPLAIN_KEY) !== 'off';
  box.addEventListener('change', () => localStorage.setItem(EXPLAIN_KEY, box.checked ? 'on' : 'off'));
  try {
    const info = (await (await fetch('/api/info')).json()) as InfoResponse;
    toggle.hidden = !info.explanations;
  } catch {
    toggle.hidden = true;
  }
}
