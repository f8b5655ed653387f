import { setUpLanguage } from './settings.js';
import { t, uiLang, when, type UiKey } from './i18n.js';
import { rememberTopicLabels, topicLabel } from './topicLabels.js';
import type { TeacherGrade, TeacherOverview } from './types.js';
import { element, table } from './dom.js';
import { CorrectionsPanel, teacherName } from './corrections.js';

/** The teacher's page (/teacher): the token kept for this tab only, the class overview, overrides and the CSV export. Student text is only ever set as text. */
const TOKEN_KEY = 'tutor.teacher.token';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const view = $('class');
const tokenForm = $<HTMLFormElement>('token-form');
const tokenError = $('token-error');
let overview: TeacherOverview | null = null;
/** Kept across refreshes (a correction being written is not lost), made again in a new page language. */
let corrections: { panel: CorrectionsPanel; lang: string } | null = null;

const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
const headers = () => ({ authorization: `Bearer ${token()}` });
const percent = (value: number) => `${Math.round(value * 100)} %`;
const verdictWord = (verdict: TeacherGrade['verdict']) => t(verdict as UiKey);

/** Students × topics, each cell's colour its mastery. */
function heatmap(data: TeacherOverview): HTMLElement {
  const rows = data.students.map((s) => [
    s.name ?? `${t('anonymous')} ${s.student.slice(0, 8)}`,
    ...data.topics.map((topic) => {
      const value = s.mastery[topic.id];
      if (value === undefined) return element('span', 'heat none', '—');
      const cell = element('span', 'heat', percent(value));
      cell.style.setProperty('--mastery', String(value));
      cell.title = `${topic.label}: ${percent(value)}`;
      return cell;
    }),
  ]);
  const grid = table([t('studentCol'), ...data.topics.map((topic) => topic.label)], rows);
  grid.classList.add('heatmap');
  return grid;
}

function gradeRow(grade: TeacherGrade): Array<string | Node> {
  const said = element('span', '', t('graderSaid', { verdict: verdictWord(grade.verdict) }));
  if (grade.override) said.append(element('strong', '', ` · ${t('teacherSaid', { verdict: verdictWord(grade.override.verdict) })}`));
  const actions = element('span', 'override');
  actions.append(`${t('setTo')}: `);
  for (const verdict of ['correct', 'partial', 'incorrect'] as const) {
    const button = element('button', 'secondary', verdictWord(verdict));
    button.type = 'button';
    button.addEventListener('click', () => void setVerdict(grade.attemptId, verdict));
    actions.append(button);
  }
  const who = grade.name ?? `${t('anonymous')} ${grade.student.slice(0, 8)}`;
  const reason = grade.reason
    ? ` (${t(({ partial: 'reasonPartial', uncertain: 'reasonUncertain', rules: 'reasonRules' } as const)[grade.reason])})`
    : '';
  return [who, grade.question, element('span', 'student-answer', grade.answer), `${said.textContent ?? ''}${reason}`, actions];
}

function render(data: TeacherOverview): void {
  const section = (title: string, body: HTMLElement) => {
    const box = element('section', 'class-section');
    box.append(element('h2', '', title), body);
    return box;
  };
  if (corrections?.lang !== uiLang()) corrections = { panel: new CorrectionsPanel(headers, data.files), lang: uiLang() };
  else void corrections.panel.refresh();
  view.replaceChildren(
    section(t('heatmap'), heatmap(data)),
    section(t('reviewTitle'), table([t('studentCol'), t('questionCol'), t('answerCol'), '', ''], data.review.map(gradeRow))),
    section(
      t('questionsTitle'),
      table(
        [t('questionCol'), t('topic'), t('answeredCol'), t('shareCorrectCol'), t('discriminationCol')],
        data.questions.map((q) => [
          q.question,
          q.topic ? topicLabel(q.topic) : '',
          String(q.answered),
          percent(q.shareCorrect),
          q.discrimination === null ? '—' : q.discrimination.toFixed(2),
        ]),
      ),
    ),
    section(
      t('wrongOptionsTitle'),
      table(
        [t('questionCol'), '', t('timesCol')],
        data.wrongOptions.map((w) => [w.question, `${w.label}: ${w.text}`, String(w.count)]),
      ),
    ),
    section(
      t('gapsTitle'),
      table(
        [t('questionCol'), t('askedCol'), ''],
        data.gaps.map((g) => [g.question, String(g.count), when(g.last)]),
      ),
    ),
    section(t('correctionsTitle'), corrections.panel.root),
    section(t('overridesTitle'), table([t('studentCol'), t('questionCol'), t('answerCol'), '', ''], data.overrides.map(gradeRow))),
  );
}

async function load(): Promise<void> {
  const lang = uiLang();
  const response = await fetch(`/api/teacher/overview?lang=${lang}`, { headers: headers(), cache: 'no-store' });
  if (!response.ok) {
    tokenError.textContent = response.status === 429 ? t('tooMany') : t('wrongToken');
    tokenForm.hidden = false;
    view.replaceChildren();
    return;
  }
  tokenError.textContent = '';
  tokenForm.hidden = true;
  $('refresh').hidden = false;
  $('export').hidden = false;
  overview = (await response.json()) as TeacherOverview;
  rememberTopicLabels(lang, overview.topics);
  render(overview);
}

async function setVerdict(attemptId: string, verdict: TeacherGrade['verdict']): Promise<void> {
  await fetch(`/api/teacher/grades/${encodeURIComponent(attemptId)}`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/json' },
    body: JSON.stringify({ verdict, ...(teacherName() ? { teacher: teacherName() } : {}) }),
  });
  await load();
}

/** The export needs the token in a header, so it is fetched and handed to the browser as a file. */
async function download(): Promise<void> {
  const response = await fetch('/api/teacher/export.csv', { headers: headers() });
  if (!response.ok) return;
  const link = element('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = 'grades.csv';
  link.click();
  URL.revokeObjectURL(link.href);
}

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $<HTMLInputElement>('token').value.trim());
  void load();
});
$('refresh').addEventListener('click', () => void load());
$('export').addEventListener('click', () => void download());
// The page's words at once; topic names in the new language once the overview is fetched again.
setUpLanguage(() => {
  if (!overview) return;
  render(overview);
  void load();
});
if (token()) void load();
