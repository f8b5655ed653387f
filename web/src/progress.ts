import { citationChips, renderMarkdown } from './render.js';
import { t, uiLang, when } from './i18n.js';
import { element } from './dom.js';
import { rememberTopicLabels, topicLabel } from './topicLabels.js';
import type { Citation, ProgressResponse } from './types.js';

const SVG = 'http://www.w3.org/2000/svg';
const DAY_MS = 24 * 3600 * 1000;
/** How far ahead the due-timeline looks. */
const TIMELINE_DAYS = 14;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

const percent = (value: number) => Math.round(value * 100);

/** One bar per topic (HTML, so its words stay readable on a phone): mastery as its length, how sure as its opacity. */
function masteryBars(topics: ProgressResponse['topics']): HTMLElement {
  const list = element('ul', 'mastery-chart');
  list.setAttribute('aria-label', t('masteryTitle'));
  for (const topic of topics) {
    const row = element('li', 'mastery-row');
    row.title = t('masteryBar', { topic: topic.label, p: percent(topic.mastery), c: percent(topic.certainty), n: topic.answered });
    row.setAttribute('aria-label', row.title);
    const track = element('span', 'mastery-track');
    const bar = element('span', 'mastery-bar');
    bar.style.width = `${Math.max(1, percent(topic.mastery))}%`;
    bar.style.opacity = (0.35 + 0.65 * topic.certainty).toFixed(2);
    track.append(bar);
    row.append(element('span', 'mastery-name', topic.label), track, element('span', 'mastery-value', `${percent(topic.mastery)} %`));
    list.append(row);
  }
  return list;
}

/** Reviews coming due per day over the next two weeks (what is overdue counts as today). */
function dueTimeline(schedule: ProgressResponse['schedule'], now: number): SVGSVGElement {
  const counts = new Array<number>(TIMELINE_DAYS).fill(0);
  const today = new Date(now).setHours(0, 0, 0, 0);
  for (const card of schedule) {
    const day = Math.max(0, Math.floor((Date.parse(card.due) - today) / DAY_MS));
    if (day < TIMELINE_DAYS) counts[day]! += 1;
  }
  const most = Math.max(1, ...counts);
  const [width, height, gap] = [520, 90, 4];
  const column = width / TIMELINE_DAYS;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 18}`, role: 'img', class: 'due-chart' });
  chart.setAttribute('aria-label', `${t('dueTitle')}, ${t('dueDays')}: ${counts.join(', ')}`);
  counts.forEach((count, day) => {
    const barHeight = (height - 14) * (count / most);
    const x = day * column + gap / 2;
    const bar = svg('rect', { x, y: height - barHeight, width: column - gap, height: barHeight, rx: 3, class: 'due-bar' });
    const label = svg('text', { x: x + (column - gap) / 2, y: height + 14, class: 'due-day', 'text-anchor': 'middle' });
    label.textContent = day === 0 ? t('today') : new Date(today + day * DAY_MS).getDate().toString();
    chart.append(bar, label);
    if (count > 0) {
      const value = svg('text', { x: x + (column - gap) / 2, y: height - barHeight - 3, class: 'due-count', 'text-anchor': 'middle' });
      value.textContent = String(count);
      chart.append(value);
    }
  });
  return chart;
}

function historyList(history: ProgressResponse['history'], openSource: (c: Citation) => void): HTMLElement {
  if (history.length === 0) return element('p', 'muted', t('noHistory'));
  const list = element('ol', 'history');
  for (const entry of history) {
    const item = element('li', 'history-item');
    const head = element('p', 'history-head');
    head.append(element('span', `verdict ${entry.verdict}`, t(entry.verdict)), ` ${when(entry.at)}`);
    if (entry.topic) head.append(element('span', 'history-topic', ` · ${topicLabel(entry.topic)}`));
    const question = element('p', 'history-question', entry.question);
    const answer = element('p', 'history-answer', t('yourAnswerWas', { answer: entry.answer }));
    const feedback = element('div', 'history-feedback');
    renderMarkdown(feedback, entry.feedback, entry.citations, openSource);
    item.append(head, question, answer, feedback);
    if (entry.citations.length) item.append(citationChips(entry.citations, openSource));
    list.append(item);
  }
  return list;
}

function nameForm(progress: ProgressResponse, onSaved: () => void): HTMLFormElement {
  const form = element('form', 'name-form');
  const label = element('label', '', t('name'));
  const input = element('input', '');
  input.type = 'text';
  input.maxLength = 60;
  input.value = progress.name ?? '';
  label.append(input);
  const save = element('button', 'secondary', t('save'));
  save.type = 'submit';
  const state = element('span', 'muted');
  state.setAttribute('role', 'status');
  form.append(label, save, state);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void fetch('/api/progress/name', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: input.value.trim() || null }),
    }).then((response) => {
      state.textContent = response.ok ? t('saved') : t('progressFailed');
      if (response.ok) onSaved();
    });
  });
  return form;
}

/** The student's progress (GET /api/progress) in a dialog: counts, mastery bars, the due-timeline, the history with feedback. */
export class ProgressPanel {
  private readonly dialog = document.getElementById('progress') as HTMLDialogElement;
  private readonly body = document.getElementById('progress-body') as HTMLElement;

  constructor(private readonly openSource: (c: Citation) => void) {
    document.getElementById('progress-close')?.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close();
    });
  }

  async load(): Promise<ProgressResponse | null> {
    try {
      const lang = uiLang();
      const response = await fetch(`/api/progress?lang=${lang}`, { cache: 'no-store' });
      if (!response.ok) return null;
      const progress = (await response.json()) as ProgressResponse;
      rememberTopicLabels(lang, progress.topics);
      return progress;
    } catch {
      return null;
    }
  }

  async open(): Promise<void> {
    this.body.replaceChildren(element('p', 'muted', t('loading')));
    if (!this.dialog.open) this.dialog.showModal();
    const progress = await this.load();
    if (!progress) {
      this.body.replaceChildren(element('p', 'error', t('progressFailed')));
      return;
    }
    this.render(progress);
  }

  private render(progress: ProgressResponse): void {
    const counts = element('dl', 'counts');
    for (const [label, value] of [
      [t('answered'), progress.answered],
      [t('correct'), progress.correct],
      [t('dueNow'), progress.due],
    ] as const) {
      const box = element('div', 'count');
      box.append(element('dt', '', label), element('dd', '', String(value)));
      counts.append(box);
    }
    this.body.replaceChildren(
      nameForm(progress, () => undefined),
      counts,
      element('h3', '', t('masteryTitle')),
      masteryBars(progress.topics),
      element('h3', '', `${t('dueTitle')} · ${t('dueDays')}`),
      dueTimeline(progress.schedule, Date.now()),
      element('h3', '', t('history')),
      historyList(progress.history, (citation) => {
        this.dialog.close();
        this.openSource(citation);
      }),
    );
  }
}
