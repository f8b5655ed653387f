import { t } from './i18n.js';
import { citationChips, renderMarkdown } from './render.js';
import type { Citation } from './types.js';

/** The conversation: student bubbles, tutor bubbles that stream and then render with citations. */
export class Thread {
  private readonly root = document.getElementById('thread') as HTMLElement;

  constructor(private readonly openSource: (c: Citation) => void) {}

  student(text: string): void {
    const bubble = this.bubble('student');
    bubble.textContent = text;
    this.scroll(bubble);
  }

  /** A tutor bubble showing "thinking" until text streams in or the final answer arrives. */
  pendingTutor(): PendingAnswer {
    const bubble = this.bubble('tutor');
    bubble.setAttribute('aria-busy', 'true');
    const thinking = document.createElement('p');
    thinking.className = 'thinking';
    thinking.textContent = t('thinking');
    bubble.append(thinking);
    this.scroll(bubble);
    return new PendingAnswer(bubble, this.openSource, () => this.scroll(bubble));
  }

  error(text: string): void {
    const bubble = this.bubble('tutor error');
    bubble.textContent = text;
    bubble.setAttribute('role', 'alert');
    this.scroll(bubble);
  }

  /** A question card, scrolled so that its question is in view (its options may be taller than the screen). */
  card(): HTMLElement {
    const card = this.bubble('tutor card');
    requestAnimationFrame(() => card.scrollIntoView({ block: 'start', behavior: 'smooth' }));
    return card;
  }

  clear(): void {
    this.root.querySelectorAll('.message:not(.intro)').forEach((node) => node.remove());
  }

  private bubble(kind: string): HTMLElement {
    const article = document.createElement('article');
    article.className = `message ${kind}`;
    this.root.append(article);
    return article;
  }

  scroll(element: HTMLElement): void {
    element.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }
}

export class PendingAnswer {
  private streamed = '';
  constructor(
    private readonly bubble: HTMLElement,
    private readonly openSource: (c: Citation) => void,
    private readonly scroll: () => void,
  ) {}

  token(text: string): void {
    this.streamed += text;
    this.bubble.replaceChildren();
    const live = document.createElement('div');
    live.className = 'streaming';
    live.textContent = this.streamed;
    this.bubble.append(live);
    this.scroll();
  }

  finish(text: string, citations: Citation[], explanation?: ExplanationView): void {
    this.bubble.removeAttribute('aria-busy');
    const body = document.createElement('div');
    body.className = 'answer';
    renderMarkdown(body, text, citations, this.openSource);
    this.bubble.replaceChildren(body);
    if (citations.length > 0) this.bubble.append(citationChips(citations, this.openSource));
    if (explanation) {
      const section = document.createElement('section');
      section.className = 'explanation';
      showExplanation(section, explanation, this.openSource);
      this.bubble.append(section);
    }
    this.bubble.append(copyButton(text, citations));
    this.scroll();
  }

  /** A section under the answer where the explanation streams, with a way to stop it. */
  explaining(onStop: () => void, ahead = 0): PendingExplanation {
    const section = document.createElement('section');
    section.className = 'explanation';
    section.setAttribute('aria-busy', 'true');
    section.setAttribute('aria-label', t('explanation'));
    const head = document.createElement('p');
    head.className = 'explanation-head';
    const label = document.createElement('span');
    label.className = 'thinking';
    label.textContent = waitingLabel(ahead);
    const stop = secondaryButton('stop', t('stop'), t('stopLabel'));
    stop.addEventListener('click', () => {
      stop.disabled = true;
      onStop();
    });
    head.append(label, stop);
    const live = document.createElement('div');
    live.className = 'streaming';
    section.append(head, live);
    this.bubble.querySelector('.copy')?.before(section);
    if (!section.isConnected) this.bubble.append(section);
    this.scroll();
    return new PendingExplanation(section, live, this.openSource, this.scroll);
  }

  /** Drop the placeholder (the reply is shown elsewhere, e.g. as a question card). */
  remove(): void {
    this.bubble.remove();
  }

  fail(text: string): void {
    this.bubble.removeAttribute('aria-busy');
    this.bubble.classList.add('error');
    this.bubble.setAttribute('role', 'alert');
    this.bubble.textContent = text;
  }
}

const waitingLabel = (ahead: number) =>
  ahead > 1 ? t('explainingAfter', { n: ahead }) : ahead === 1 ? t('explainingAfterOne') : t('explaining');

export interface ExplanationView {
  text: string;
  citations: Citation[];
  note?: string;
  stopped?: boolean;
}

/** An explanation as it is written, then checked: its own markers and citation chips, or a note. */
export class PendingExplanation {
  private streamed = '';
  constructor(
    private readonly section: HTMLElement,
    private readonly live: HTMLElement,
    private readonly openSource: (c: Citation) => void,
    private readonly scroll: () => void,
  ) {}

  /** The explanation's place in the queue moved. */
  waiting(ahead: number): void {
    const label = this.section.querySelector('.thinking');
    if (label && !this.streamed) label.textContent = waitingLabel(ahead);
  }

  token(text: string): void {
    this.streamed += text;
    this.live.textContent = this.streamed;
    const label = this.section.querySelector('.thinking');
    if (label) label.textContent = t('explaining');
    this.scroll();
  }

  finish(explanation: ExplanationView): void {
    showExplanation(this.section, explanation, this.openSource);
    this.scroll();
  }
}

/** Fill an explanation section: the checked text with its sources, or the note that there is none. */
export function showExplanation(section: HTMLElement, explanation: ExplanationView, openSource: (c: Citation) => void): void {
  section.removeAttribute('aria-busy');
  const head = document.createElement('p');
  head.className = 'explanation-head';
  head.textContent = explanation.text
    ? `${t('explanationHead')}${explanation.stopped ? ` ${t('stopped')}` : ''}`
    : (explanation.note ?? t('noExplanation'));
  section.replaceChildren(head);
  if (!explanation.text) {
    section.classList.add('unavailable');
    return;
  }
  const body = document.createElement('div');
  body.className = 'explanation-body';
  renderMarkdown(body, explanation.text, explanation.citations, openSource);
  section.append(body);
  if (explanation.citations.length > 0) section.append(citationChips(explanation.citations, openSource));
}

/** The answer as plain text with its sources listed, for pasting into one's own notes. */
export function answerAsText(text: string, citations: Citation[]): string {
  const sources = citations.map(
    (c, i) => `[${i + 1}] ${c.source ?? c.file}, ${c.file}:${c.startLine}${c.endLine > c.startLine ? `-${c.endLine}` : ''}`,
  );
  return [text.replace(/\*\*/g, ''), ...(sources.length ? ['', ...sources] : [])].join('\n');
}

function secondaryButton(className: string, text: string, label: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `${className} secondary`;
  button.textContent = text;
  button.setAttribute('aria-label', label);
  return button;
}

function copyButton(text: string, citations: Citation[]): HTMLButtonElement {
  const button = secondaryButton('copy', t('copy'), t('copyLabel'));
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(answerAsText(text, citations)).then(
      () => (button.textContent = t('copied')),
      () => (button.textContent = t('copyFailed')),
    );
    setTimeout(() => (button.textContent = t('copy')), 2000);
  });
  return button;
}
