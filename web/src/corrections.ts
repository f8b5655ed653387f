import { element, table } from './dom.js';
import { t, when } from './i18n.js';
import type { SourceResponse, TeacherCorrection, TeacherOverview } from './types.js';

/**
 * The teacher's corrections of the notes: a form to mark lines of a file wrong (the lines shown
 * before they are marked) and write what is right, and every correction with where it applies now.
 * Everything the notes or a teacher wrote is set as text.
 */
const NAME_KEY = 'tutor.teacher.name';

/** The name a teacher signs corrections and overrides with (remembered in this browser); empty: "teacher". */
export function teacherName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Storage blocked: the name is sent with this correction only.
  }
}

function fileSelect(files: TeacherOverview['files']): HTMLSelectElement {
  const select = element('select');
  select.name = 'file';
  for (const f of files) {
    const option = element('option', '', `${f.name} (${f.file})`);
    option.value = f.file;
    select.append(option);
  }
  return select;
}

function number(name: string): HTMLInputElement {
  const input = element('input');
  Object.assign(input, { type: 'number', name, min: '1', required: true });
  return input;
}

function label(key: Parameters<typeof t>[0], control: HTMLElement): HTMLLabelElement {
  const wrap = element('label');
  wrap.append(element('span', '', t(key)), control);
  return wrap;
}

export class CorrectionsPanel {
  readonly root = element('div', 'corrections');
  private readonly list = element('div');
  private readonly status = element('p', 'muted');

  constructor(
    private readonly headers: () => Record<string, string>,
    files: TeacherOverview['files'],
  ) {
    this.status.setAttribute('role', 'status');
    this.root.append(this.form(files), this.status, this.list);
    void this.refresh();
  }

  private form(files: TeacherOverview['files']): HTMLFormElement {
    const form = element('form', 'correction-form');
    const file = fileSelect(files);
    const [start, end] = [number('startLine'), number('endLine')];
    const preview = element('div', 'correction-preview');
    const text = element('textarea');
    Object.assign(text, { name: 'text', rows: 3, required: true, maxLength: 4000 });
    const show = element('button', 'secondary', t('showLines'));
    show.type = 'button';
    show.addEventListener('click', () => void this.preview(file.value, Number(start.value), Number(end.value || start.value), preview));
    const name = element('input');
    Object.assign(name, { name: 'teacher', maxLength: 60, value: teacherName(), autocomplete: 'name' });
    const save = element('button', '', t('saveCorrection'));
    save.type = 'submit';
    form.append(
      label('fileCol', file),
      label('fromLine', start),
      label('toLine', end),
      show,
      preview,
      label('correctionText', text),
      label('yourName', name),
      save,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      rememberName(name.value.trim());
      void this.save(
        {
          file: file.value,
          startLine: Number(start.value),
          endLine: Number(end.value || start.value),
          text: text.value,
          ...(name.value.trim() ? { teacher: name.value.trim() } : {}),
        },
        save,
        () => {
          form.reset();
          name.value = teacherName();
          preview.replaceChildren();
        },
      );
    });
    return form;
  }

  /** The lines about to be marked, so the teacher sees what they correct. */
  private async preview(file: string, start: number, end: number, into: HTMLElement): Promise<void> {
    const query = new URLSearchParams({ file, start: String(start), end: String(end) });
    const response = await fetch(`/api/source?${query}`);
    if (!response.ok) {
      into.replaceChildren(element('p', 'error', ((await response.json().catch(() => ({}))) as { error?: string }).error ?? ''));
      return;
    }
    const source = (await response.json()) as SourceResponse;
    into.replaceChildren(
      ...source.lines
        .filter((l) => l.cited)
        .map((l) => {
          const row = element('div', 'source-line cited');
          row.append(element('span', 'n', String(l.n)), element('span', '', l.text || ' '));
          return row;
        }),
    );
  }

  private async save(body: object, button: HTMLButtonElement, done: () => void): Promise<void> {
    button.disabled = true;
    this.status.textContent = t('applying');
    try {
      const response = await fetch('/api/teacher/corrections', {
        method: 'POST',
        headers: { ...this.headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const reply = (await response.json()) as TeacherCorrection & { error?: string };
      this.status.textContent = response.ok ? t('correctionSaved') : t('correctionFailed', { reason: reply.error ?? response.statusText });
      if (response.ok) done();
    } catch (error) {
      this.status.textContent = t('correctionFailed', { reason: (error as Error).message });
    } finally {
      button.disabled = false;
      await this.refresh();
    }
  }

  private async withdraw(id: string): Promise<void> {
    this.status.textContent = t('applying');
    await fetch(`/api/teacher/corrections/${encodeURIComponent(id)}`, { method: 'DELETE', headers: this.headers() });
    this.status.textContent = '';
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const response = await fetch('/api/teacher/corrections', { headers: this.headers(), cache: 'no-store' });
    if (!response.ok) return;
    const corrections = (await response.json()) as TeacherCorrection[];
    this.list.replaceChildren(
      table(
        [t('fileCol'), t('linesCol'), t('markedCol'), t('correctionCol'), t('statusCol'), ''],
        corrections.map((c) => {
          const withdraw = element('button', 'secondary', t('withdraw'));
          withdraw.type = 'button';
          withdraw.addEventListener('click', () => void this.withdraw(c.id));
          const status = element('span', `correction-${c.status}`, statusText(c));
          return [
            c.file,
            c.startLine === c.endLine ? String(c.startLine) : `${c.startLine}–${c.endLine}`,
            element('span', 'struck', c.original),
            element('span', '', `${c.text} (${c.teacher}, ${when(c.at)})`),
            status,
            withdraw,
          ];
        }),
      ),
    );
  }
}

function statusText(c: TeacherCorrection): string {
  if (c.status === 'moved' && c.appliesAt) return t('statusMoved', { a: c.appliesAt.startLine, b: c.appliesAt.endLine });
  return t(({ applied: 'statusApplied', moved: 'statusApplied', stale: 'statusStale', superseded: 'statusSuperseded' } as const)[c.status]);
}
