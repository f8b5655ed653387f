import { t } from './i18n.js';
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import type { Citation } from './types.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

marked.setOptions({ gfm: true, breaks: true });
// HTML written in the notes ("<script>", "<img onerror=…>", "0 < p < 1") is shown as the text it is,
// never interpreted; DOMPurify below is a second line of defence.
marked.use({ renderer: { html: ({ text }) => escapeHtml(text) } });

/**
 * Markdown → sanitised HTML in `target`. Course notes contain "<", HTML-like text and code, so
 * everything passes DOMPurify; then each [n] outside code becomes a button that opens citation n.
 */
export function renderMarkdown(target: HTMLElement, text: string, citations: Citation[], open: (c: Citation) => void): void {
  const html = marked.parse(text, { async: false });
  target.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
  linkMarkers(target, citations, open);
}

function linkMarkers(root: HTMLElement, citations: Citation[], open: (c: Citation) => void): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('code, pre') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  for (const node of nodes) {
    const parts = (node.textContent ?? '').split(/(\[\d{1,3}\])/);
    if (parts.length === 1) continue;
    const fragment = document.createDocumentFragment();
    for (const part of parts) {
      const match = /^\[(\d{1,3})\]$/.exec(part);
      const citation = match ? citations[Number(match[1]) - 1] : undefined;
      if (citation) fragment.append(markerButton(part, citation, open));
      else fragment.append(part);
    }
    node.replaceWith(fragment);
  }
}

/** " · corrected by Ms Berg" when a teacher's correction stands in the cited lines. */
function corrected(citation: Citation): string {
  return citation.correction ? ` · ✎ ${t('correctedBy', { teacher: citation.correction.teacher })}` : '';
}

/** "line 23" or "lines 20–26", in the page's language. */
function linesOf(citation: Citation): string {
  return citation.startLine === citation.endLine
    ? t('line', { n: citation.startLine })
    : t('lines', { a: citation.startLine, b: citation.endLine });
}

function markerButton(label: string, citation: Citation, open: (c: Citation) => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'marker';
  button.textContent = label;
  button.title = `${citation.file}, ${linesOf(citation)}${corrected(citation)}`;
  button.setAttribute('aria-label', t('openSource', { label, where: `${citation.source ?? citation.file}, ${linesOf(citation)}` }));
  button.addEventListener('click', () => open(citation));
  return button;
}

/** One chip per citation under an answer: "[1] Glossary (Norwegian), line 23 · Regularization" (the exact file is in the viewer). */
export function citationChips(citations: Citation[], open: (c: Citation) => void): HTMLElement {
  const list = document.createElement('div');
  list.className = 'chips';
  citations.forEach((citation, i) => {
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = citation.correction ? 'chip corrected' : 'chip';
    const number = document.createElement('b');
    number.textContent = `[${i + 1}]`;
    const where = linesOf(citation);
    chip.title = `${citation.file}, ${where}`;
    chip.append(
      number,
      `${citation.source ?? citation.file}, ${where} · ${citation.title.slice(0, 70)}${citation.title.length > 70 ? '…' : ''}${corrected(citation)}`,
    );
    chip.addEventListener('click', () => open(citation));
    list.append(chip);
  });
  return list;
}
