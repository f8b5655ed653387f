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
    thinking.textContent = 'Thinking';
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

  finish(text: string, citations: Citation[]): void {
    this.bubble.removeAttribute('aria-busy');
    const body = document.createElement('div');
    body.className = 'answer';
    renderMarkdown(body, text, citations, this.openSource);
    this.bubble.replaceChildren(body);
    if (citations.length > 0) this.bubble.append(citationChips(citations, this.openSource));
    this.bubble.append(copyButton(text, citations));
    this.scroll();
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

/** The answer as plain text with its sources listed, for pasting into one's own notes. */
export function answerAsText(text: string, citations: Citation[]): string {
  const sources = citations.map(
    (c, i) => `[${i + 1}] ${c.source ?? c.file}, ${c.file}:${c.startLine}${c.endLine > c.startLine ? `-${c.endLine}` : ''}`,
  );
  return [text.replace(/\*\*/g, ''), ...(sources.length ? ['', ...sources] : [])].join('\n');
}

function copyButton(text: string, citations: Citation[]): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy secondary';
  button.textContent = 'Copy';
  button.setAttribute('aria-label', 'Copy this answer with its sources');
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(answerAsText(text, citations)).then(
      () => (button.textContent = 'Copied'),
      () => (button.textContent = 'Copy failed'),
    );
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  });
  return button;
}
