import { Connection, type ConnectionState } from './connection.js';
import { questionCard } from './quiz.js';
import { SavedConversation } from './saved.js';
import { SourceViewer } from './source.js';
import { Thread, type PendingExplanation } from './thread.js';
import { LIMITS } from '../../src/contracts/limits.js';
import type { QuizKind, ServerMessage } from './types.js';
import { t, when } from './i18n.js';
import { setUpExplainToggle, setUpFold, setUpLanguage } from './settings.js';
import { ProgressPanel } from './progress.js';

type Grade = Extract<ServerMessage, { type: 'grade' }>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const scoreLabel = $('score');
const askForm = $<HTMLFormElement>('ask-form');
const askInput = $<HTMLTextAreaElement>('ask-input');
const askSend = $<HTMLButtonElement>('ask-send');
const askHint = $('ask-hint');
const explainBox = $<HTMLInputElement>('ask-explain');
const explainToggle = $('explain-toggle');
/** Questions sent and not yet answered; beyond this the page asks the student to wait. */
const MAX_UNANSWERED = 3;
let unanswered = 0;

/** The composer's state: too long to send, busy with earlier questions, or ready. */
function updateComposer(): void {
  const length = askInput.value.trim().length;
  const tooLong = length > LIMITS.maxTextChars;
  const busy = unanswered >= MAX_UNANSWERED;
  askSend.disabled = tooLong || busy;
  askSend.textContent = busy ? t('answering') : t('ask');
  askHint.dataset.kind = tooLong ? 'warning' : busy ? 'busy' : '';
  askHint.textContent = tooLong ? t('tooLong', { n: length, max: LIMITS.maxTextChars }) : busy ? t('busyHint', { n: unanswered }) : '';
}

// Messages scroll clear of the dock (composer and quiz controls), whatever height it has on this screen.
const dock = $('dock');
new ResizeObserver(() => document.documentElement.style.setProperty('--dock-height', `${dock.offsetHeight}px`)).observe(dock);

const viewer = new SourceViewer();
const openSource = (citation: Parameters<SourceViewer['open']>[0]) => void viewer.open(citation);
const thread = new Thread(openSource);
const saved = new SavedConversation();
const progressPanel = new ProgressPanel(openSource);
const reviewButton = $<HTMLButtonElement>('quiz-review');
const dueBadge = $('due-badge');
/** The latest counts from the server (the score follows the student across tabs and reloads). */
let counts = { answered: 0, correct: 0, due: 0 };
let connectionState: { state: ConnectionState; detail?: string | undefined } = { state: 'connecting' };

function showState(state: ConnectionState, detail?: string): void {
  connectionState = { state, detail };
  status.dataset.state = state;
  status.textContent = state === 'open' ? t('connected') : state === 'connecting' ? t('connecting') : t('lost', { s: detail ?? '1' });
}

const connection = new Connection(showState);

function showScore(): void {
  scoreLabel.textContent = counts.answered === 0 ? t('scoreNone') : t('score', counts);
  reviewButton.textContent = counts.due > 0 ? t('reviewDue', { n: counts.due }) : t('review');
  dueBadge.hidden = counts.due === 0;
  dueBadge.textContent = String(counts.due);
}

async function refreshProgress(): Promise<void> {
  const progress = await progressPanel.load();
  if (!progress) return;
  counts = { answered: progress.answered, correct: progress.correct, due: progress.due };
  showScore();
}

/** What a student reads for a server error: the reason in plain words, never protocol internals. */
function errorText(message: Extract<ServerMessage, { type: 'error' }>): string {
  if (message.code === 'busy' || message.code === 'rate_limited') return t('busy');
  if (message.code === 'unavailable') return t('unavailable');
  return message.message;
}

function ask(text: string): void {
  thread.student(text);
  saved.add({ kind: 'student', text });
  const pending = thread.pendingTutor();
  // The reply's place is kept now, so a reload shows replies in the order they were asked.
  const slot = saved.add({ kind: 'answer', text: '', citations: [] });
  unanswered++;
  updateComposer();
  const id = connection.nextId();
  const explain = !explainToggle.hidden && explainBox.checked;
  let explanation: PendingExplanation | undefined;
  let answered: Extract<ServerMessage, { type: 'answer' }> | undefined;
  connection.request({ type: 'ask', id, text, ...(explain ? { explain: true } : {}) }, (message) => {
    if (message.type === 'token') return message.part === 'explanation' ? explanation?.token(message.text) : pending.token(message.text);
    if (message.type === 'waiting') return explanation?.waiting(message.ahead);
    if (message.type === 'explanation') {
      const view = {
        text: message.text,
        citations: message.citations,
        ...(message.note ? { note: message.note } : {}),
        ...(message.stopped ? { stopped: true } : {}),
      };
      explanation?.finish(view);
      if (answered) saved.update(slot, { kind: 'answer', text: answered.text, citations: answered.citations, explanation: view });
      return;
    }
    if (message.type === 'answer') {
      answered = message;
      pending.finish(message.text, message.citations);
      saved.update(slot, { kind: 'answer', text: message.text, citations: message.citations });
      // The answer is there to read; the explanation streams under it without holding up the next question.
      if (message.explaining) explanation = pending.explaining(() => connection.send({ type: 'stop', id }), message.ahead ?? 0);
    } else if (message.type === 'error') {
      pending.fail(errorText(message));
      saved.update(slot, { kind: 'error', text: errorText(message) });
    }
    unanswered--;
    updateComposer();
  });
}

function submitAnswer(questionId: string, text: string): Promise<Grade> {
  return new Promise((resolve) => {
    connection.request({ type: 'answer', id: connection.nextId(), questionId, text }, (message) => {
      if (message.type === 'grade') {
        if (message.verdict !== 'unknown') void refreshProgress();
        if (location.hash === '#progress') void progressPanel.open();
        resolve(message);
      } else if (message.type === 'error') {
        resolve({
          type: 'grade',
          id: message.id ?? '',
          questionId,
          verdict: 'unknown',
          score: 0,
          feedback: errorText(message),
          reference: '',
          citations: [],
        });
      }
    });
  });
}

/** Grade an answer and keep the graded card for a reload. */
async function gradeAndKeep(slot: number, question: Extract<ServerMessage, { type: 'question' }>, text: string): Promise<Grade> {
  const grade = await submitAnswer(question.questionId, text);
  saved.update(slot, { kind: 'card', question, answer: text, grade });
  return grade;
}

/** The conversation kept from before a reload, shown through the same rendering as live replies. */
function restore(): void {
  saved.entries.forEach((entry, slot) => {
    if (entry.kind === 'student') thread.student(entry.text);
    else if (entry.kind === 'answer' && entry.text) thread.pendingTutor().finish(entry.text, entry.citations, entry.explanation);
    else if (entry.kind === 'error') thread.pendingTutor().fail(entry.text);
    else if (entry.kind === 'card') {
      const card = thread.card();
      const restored = entry.grade && entry.answer !== undefined ? { answer: entry.answer, grade: entry.grade } : undefined;
      questionCard(card, entry.question, (text) => gradeAndKeep(slot, entry.question, text), openSource, restored);
    }
  });
}

const LANGS = ['nb', 'sv', 'da', 'en'] as const;
const narrow = matchMedia('(max-width: 640px)');
const quizFold = $<HTMLDetailsElement>('quizfold');

/** `new` (the filters apply), `review` (the most overdue card) or `weakest` (the least mastered topic). */
function quiz(mode: 'new' | 'review' | 'weakest' = 'new'): void {
  const lang = LANGS.find((l) => l === $<HTMLSelectElement>('quiz-lang').value);
  const kind = $<HTMLSelectElement>('quiz-kind').value as '' | QuizKind;
  const topic = mode === 'new' ? $<HTMLInputElement>('quiz-topic').value.trim() : '';
  const filters = mode === 'review' ? {} : { ...(lang ? { lang } : {}), ...(kind ? { kind } : {}), ...(topic ? { topic } : {}) };
  const pending = thread.pendingTutor();
  // On a phone the controls fold away once a question is asked, so the question keeps the screen.
  if (narrow.matches) quizFold.open = false;
  connection.request({ type: 'quiz', id: connection.nextId(), ...filters, ...(mode !== 'new' ? { mode } : {}) }, (message) => {
    if (message.type === 'question') {
      pending.remove();
      const card = thread.card();
      const slot = saved.add({ kind: 'card', question: message });
      questionCard(card, message, (text) => gradeAndKeep(slot, message, text), openSource);
    } else if (message.type === 'nothing_due')
      pending.finish(message.nextDue ? t('nothingDue', { when: when(message.nextDue) }) : t('nothingYet'), []);
    else if (message.type === 'error') pending.fail(errorText(message));
  });
}

askForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = askInput.value.trim();
  if (!text || askSend.disabled) return;
  askInput.value = '';
  ask(text);
});
askInput.addEventListener('input', updateComposer);
askInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    askForm.requestSubmit();
  }
});
$('quiz-start').addEventListener('click', () => quiz('new'));
reviewButton.addEventListener('click', () => quiz('review'));
$('quiz-weakest').addEventListener('click', () => quiz('weakest'));
$('reset').addEventListener('click', () => {
  connection.request({ type: 'reset', id: connection.nextId() }, () => undefined);
  thread.clear();
  saved.clear();
  askInput.focus();
});
scoreLabel.addEventListener('click', () => void progressPanel.open());

setUpLanguage(() => {
  showState(connectionState.state, connectionState.detail);
  showScore();
  updateComposer();
  // Topic names in the new language.
  void refreshProgress();
});
setUpFold(quizFold, narrow);
restore();
showScore();
void refreshProgress();
if (location.hash === '#progress') void progressPanel.open();
void setUpExplainToggle(explainBox, explainToggle);
connection.connect();
askInput.focus();
