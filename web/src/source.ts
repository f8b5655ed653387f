import { t, when } from './i18n.js';
import type { Citation, SourceResponse } from './types.js';

/** The source viewer: the cited lines with context, highlighted, in a modal dialog. */
export class SourceViewer {
  private readonly dialog = document.getElementById('source') as HTMLDialogElement;
  private readonly title = document.getElementById('source-title') as HTMLElement;
  private readonly body = document.getElementById('source-body') as HTMLElement;

  constructor() {
    document.getElementById('source-close')?.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close();
    });
  }

  async open(citation: Citation): Promise<void> {
    const range =
      citation.startLine === citation.endLine
        ? t('line', { n: citation.startLine })
        : t('lines', { a: citation.startLine, b: citation.endLine });
    this.title.textContent = citation.source ? `${citation.source} — ${citation.file}, ${range}` : `${citation.file}, ${range}`;
    this.body.replaceChildren(document.createTextNode(t('loading')));
    if (!this.dialog.open) this.dialog.showModal();
    const query = new URLSearchParams({ file: citation.file, start: String(citation.startLine), end: String(citation.endLine) });
    try {
      const response = await fetch(`/api/source?${query}`);
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error ?? response.statusText);
      const source = (await response.json()) as SourceResponse;
      const corrections = source.corrections ?? [];
      const correctionAt = (n: number) => corrections.find((c) => c.startLine <= n && n <= c.endLine);
      this.body.replaceChildren(
        ...source.lines.flatMap((line) => {
          const row = document.createElement('div');
          const correction = correctionAt(line.n);
          row.className = `source-line${line.cited ? ' cited' : ''}${correction ? ' struck' : ''}`;
          if (correction) row.title = t('struckLines');
          const number = document.createElement('span');
          number.className = 'n';
          number.textContent = String(line.n);
          const text = document.createElement('span');
          text.textContent = line.text || ' ';
          row.append(number, text);
          if (!correction || correction.endLine !== line.n) return [row];
          // The teacher's correction, after the lines it replaces.
          const note = document.createElement('div');
          note.className = 'source-correction';
          note.textContent = `✎ ${t('correctionNote', { teacher: correction.teacher, when: when(correction.at), text: correction.text })}`;
          return [row, note];
        }),
      );
      this.body.querySelector('.cited')?.scrollIntoView({ block: 'center' });
      this.body.focus();
    } catch (error) {
      this.body.replaceChildren(document.createTextNode(t('sourceFailed', { reason: (error as Error).message })));
    }
  }
}
