import { Connection, type ConnectionState } from './connection.js';
import { questionCard } from './quiz.js';
import { SavedConversation } from './saved.js';
import { SourceViewer } from './source.js';
import { Thread, type PendingExplanation } from './thread.js';
import { LIMITS } from '../../src/contracts/limits.js';
import type { InfoResponse, QuizKind, ServerMessage } from './types.js';

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
const EXPLAIN_KEY = 'tutor.explain';
/** Questions sent and not yet answered; beyond this the page asks the student to wait. */
const MAX_UNANSWERED = 3;
let unanswered = 0;

/** The composer's state: too long to send, busy with earlier questions, or ready. */
function updateComposer(): void {
  const length = askInput.value.trim().length;
  const tooLong = length > LIMITS.maxTextChars;
  const busy = unanswered >= MAX_UNANSWERED;
  askSend.disabled = tooLong || busy;
  askSend.textContent = busy ? 'Answering…' : 'Ask';
  askHint.dataset.kind = tooLong ? 'warning' : busy ? 'busy' : '';
  askHint.textContent = tooLong
    ? `Your question is ${length} characters; the tutor reads at most ${LIMITS.maxTextChars}. Shorten it to send it.`
    : busy
      ? `The tutor is still answering your last ${unanswered} questions; wait for an answer before asking more.`
      : '';
}

// Messages scroll clear of the dock (composer and quiz controls), whatever height it has on this screen.
const dock = $('dock');
new ResizeObserver(() => document.documentElement.style.setProperty('--dock-height', `${dock.offsetHeight}px`)).observe(dock);

const viewer = new SourceViewer();
const openSource = (citation: Parameters<SourceViewer['open']>[0]) => void viewer.open(citation);
const thread = new Thread(openSource);
const saved = new SavedConversation();
const score = { ...saved.score };

function showState(state: ConnectionState, detail?: string): void {
  status.dataset.state = state;
  status.textContent =
    state === 'open' ? 'Connected' : state === 'connecting' ? 'Connecting…' : `Connection lost, ${detail ?? 'reconnecting'}`;
}

const connection = new Connection(showState);

function showScore(): void {
  saved.setScore(score);
  scoreLabel.textContent = score.graded === 0 ? 'Score: —' : `Score: ${score.points.toFixed(1)} / ${score.graded}`;
}

/** What a student reads for a server error: the reason in plain words, never protocol internals. */
function errorText(message: Extract<ServerMessage, { type: 'error' }>): string {
  if (message.code === 'busy' || message.code === 'rate_limited') return 'The tutor is busy right now; please ask again in a moment.';
  if (message.code === 'unavailable') return 'The tutor cannot answer right now; please try again later.';
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
        if (message.verdict !== 'unknown') {
          score.graded += 1;
          score.points += message.score;
          showScore();
        }
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
  showScore();
}

const LANGS = ['nb', 'sv', 'da', 'en'] as const;

function quiz(): void {
  const lang = LANGS.find((l) => l === $<HTMLSelectElement>('quiz-lang').value);
  const kind = $<HTMLSelectElement>('quiz-kind').value as '' | QuizKind;
  const topic = $<HTMLInputElement>('quiz-topic').value.trim();
  const pending = thread.pendingTutor();
  connection.request(
    { type: 'quiz', id: connection.nextId(), ...(lang ? { lang } : {}), ...(kind ? { kind } : {}), ...(topic ? { topic } : {}) },
    (message) => {
      if (message.type === 'question') {
        pending.remove();
        const card = thread.card();
        const slot = saved.add({ kind: 'card', question: message });
        questionCard(card, message, (text) => gradeAndKeep(slot, message, text), openSource);
      } else if (message.type === 'error') pending.fail(errorText(message));
    },
  );
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
$('quiz-start').addEventListener('click', quiz);
$('reset').addEventListener('click', () => {
  connection.request({ type: 'reset', id: connection.nextId() }, () => undefined);
  thread.clear();
  saved.clear();
  score.points = 0;
  score.graded = 0;
  showScore();
  askInput.focus();
});

/** Explanations are offered when the server has a language model; the student's choice is remembered. */
async function setUpExplainToggle(): Promise<void> {
  explainBox.checked = localStorage.getItem(EXPLAIN_KEY) !== 'off';
  explainBox.addEventListener('change', () => localStorage.setItem(EXPLAIN_KEY, explainBox.checked ? 'on' : 'off'));
  try {
    const info = (await (await fetch('/api/info')).json()) as InfoResponse;
    explainToggle.hidden = !info.explanations;
  } catch {
    explainToggle.hidden = true;
  }
}

restore();
void setUpExplainToggle();
connection.connect();
askInput.focus();
