import { t } from './i18n.js';
import { topicLabel } from './topicLabels.js';
import { citationChips, renderMarkdown } from './render.js';
import type { Citation, ServerMessage } from './types.js';

type Question = Extract<ServerMessage, { type: 'question' }>;
type Grade = Extract<ServerMessage, { type: 'grade' }>;

/** Option buttons for a multiple-choice question; `chosen` holds the labels picked (one, unless several are right). */
function optionButtons(question: Question, chosen: Set<string>): HTMLElement {
  const multiple = question.multiple === true;
  const options = document.createElement('div');
  options.className = 'options';
  options.setAttribute('role', 'group');
  options.setAttribute('aria-label', t('options'));
  for (const option of question.options ?? []) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'option';
    button.setAttribute('aria-pressed', 'false');
    const letter = document.createElement('span');
    letter.className = 'letter';
    letter.textContent = option.label;
    button.append(letter, option.text);
    button.addEventListener('click', () => {
      if (chosen.has(option.label)) chosen.delete(option.label);
      else {
        // One right answer: choosing an option replaces the previous choice.
        if (!multiple) {
          chosen.clear();
          options.querySelectorAll('button.option').forEach((other) => other.setAttribute('aria-pressed', 'false'));
        }
        chosen.add(option.label);
      }
      button.setAttribute('aria-pressed', String(chosen.has(option.label)));
    });
    options.append(button);
  }
  return options;
}

function answerTextBox(): HTMLTextAreaElement {
  const answerBox = document.createElement('textarea');
  answerBox.setAttribute('aria-label', t('yourAnswer'));
  answerBox.placeholder = t('answerPlaceholder');
  answerBox.maxLength = 4000;
  return answerBox;
}

/** The question's kind and text at the top of its card. */
function questionHeading(question: Question): HTMLElement[] {
  const kind = document.createElement('p');
  kind.className = 'kind';
  const multiple = question.multiple === true;
  kind.textContent = [
    question.kind !== 'mcq' ? t('openQuestion') : multiple ? t('mcqAll') : t('mcqOne'),
    ...(question.review ? [t('reviewCard')] : []),
    ...(question.topic ? [topicLabel(question.topic)] : []),
  ].join(' · ');
  const heading = document.createElement('h3');
  heading.textContent = question.text;
  return [kind, heading];
}

/** A card answered before a reload: its answer shown read-only, with its grade. */
function showAnswered(card: HTMLElement, answerBox: HTMLTextAreaElement | undefined, restored: { answer: string }): void {
  if (answerBox) {
    answerBox.value = restored.answer;
    answerBox.readOnly = true;
  }
  const picked = new Set(restored.answer.split(/,\s*/));
  card.querySelectorAll<HTMLButtonElement>('button.option').forEach((b) => {
    b.disabled = true;
    b.setAttribute('aria-pressed', String(picked.has(b.querySelector('.letter')?.textContent ?? '')));
  });
}

/** Locks the card while the answer is graded and says so. */
function showGrading(card: HTMLElement, send: HTMLButtonElement, answerBox: HTMLTextAreaElement | undefined): HTMLElement {
  send.disabled = true;
  send.textContent = t('grading');
  card.querySelectorAll<HTMLButtonElement>('button.option').forEach((b) => (b.disabled = true));
  if (answerBox) answerBox.readOnly = true;
  const status = document.createElement('p');
  status.className = 'grading';
  status.setAttribute('role', 'status');
  status.textContent = t('gradingStatus');
  card.append(status);
  return status;
}

/**
 * An exam question: option buttons for multiple choice (several may be chosen), a text box for
 * open questions. `submit` sends the answer and resolves with the grade, shown in the card.
 */
export function questionCard(
  card: HTMLElement,
  question: Question,
  submit: (text: string) => Promise<Grade>,
  openSource: (c: Citation) => void,
  /** A card answered before a reload: shown graded, not asked again. */
  restored?: { answer: string; grade: Grade },
): void {
  card.append(...questionHeading(question));
  const chosen = new Set<string>();
  const answerBox = question.kind === 'mcq' && question.options?.length ? undefined : answerTextBox();
  card.append(answerBox ?? optionButtons(question, chosen));
  const actions = document.createElement('div');
  actions.className = 'actions';
  const send = document.createElement('button');
  send.type = 'button';
  send.textContent = t('submit');
  actions.append(send);
  card.append(actions);
  if (restored) {
    showAnswered(card, answerBox, restored);
    actions.remove();
    card.append(gradeView(restored.grade, openSource));
    return;
  }
  const go = async () => {
    const text = answerBox ? answerBox.value.trim() : [...chosen].sort().join(', ');
    if (!text) {
      (answerBox ?? card.querySelector<HTMLButtonElement>('button.option'))?.focus();
      return;
    }
    const status = showGrading(card, send, answerBox);
    const grade = await submit(text);
    status.remove();
    actions.remove();
    card.append(gradeView(grade, openSource));
  };
  send.addEventListener('click', () => void go());
  answerBox?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void go();
  });
  (answerBox ?? card.querySelector<HTMLButtonElement>('button.option'))?.focus();
}

function gradeView(grade: Grade, openSource: (c: Citation) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'grade';
  box.setAttribute('role', 'status');
  const verdict = document.createElement('span');
  verdict.className = `verdict ${grade.verdict}`;
  verdict.textContent = t(grade.verdict);
  const score = document.createElement('span');
  score.textContent = grade.verdict === 'unknown' ? '' : t('scoreOf', { s: grade.score.toFixed(2) });
  const feedback = document.createElement('div');
  renderMarkdown(feedback, grade.feedback, grade.citations, openSource);
  box.append(verdict, score);
  if (grade.topic && grade.mastery !== undefined) {
    const mastery = document.createElement('span');
    mastery.className = 'mastery';
    mastery.textContent = t('topicMastery', { topic: topicLabel(grade.topic), p: Math.round(grade.mastery * 100) });
    box.append(mastery);
  }
  box.append(feedback);
  if (grade.saved === false) {
    const unsaved = document.createElement('p');
    unsaved.className = 'unsaved';
    unsaved.setAttribute('role', 'alert');
    unsaved.textContent = t('notSaved');
    box.append(unsaved);
  }
  if (grade.citations.length) box.append(citationChips(grade.citations, openSource));
  if (grade.reference) {
    const details = document.createElement('details');
    details.className = 'reference';
    const summary = document.createElement('summary');
    summary.textContent = t('reference');
    const body = document.createElement('div');
    renderMarkdown(body, grade.reference, [], openSource);
    details.append(summary, body);
    box.append(details);
  }
  return box;
}
