import { Connection, type ConnectionState } from './connection.js';
import { questionCard } from './quiz.js';
import { SourceViewer } from './source.js';
import { Thread } from './thread.js';
import type { ServerMessage } from './types.js';

type Grade = Extract<ServerMessage, { type: 'grade' }>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const scoreLabel = $('score');
const askForm = $<HTMLFormElement>('ask-form');
const askInput = $<HTMLTextAreaElement>('ask-input');

const viewer = new SourceViewer();
const openSource = (citation: Parameters<SourceViewer['open']>[0]) => void viewer.open(citation);
const thread = new Thread(openSource);
const score = { points: 0, graded: 0 };

function showState(state: ConnectionState, detail?: string): void {
  status.dataset.state = state;
  status.textContent =
    state === 'open' ? 'Connected' : state === 'connecting' ? 'Connecting…' : `Connection lost, ${detail ?? 'reconnecting'}`;
}

const connection = new Connection(showState);

function showScore(): void {
  scoreLabel.textContent = score.graded === 0 ? 'Score: —' : `Score: ${score.points.toFixed(1)} / ${score.graded}`;
}

function ask(text: string): void {
  thread.student(text);
  const pending = thread.pendingTutor();
  connection.request({ type: 'ask', id: connection.nextId(), text }, (message) => {
    if (message.type === 'token') pending.token(message.text);
    else if (message.type === 'answer') pending.finish(message.text, message.citations);
    else if (message.type === 'error') pending.fail(message.message);
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
          feedback: message.message,
          reference: '',
          citations: [],
        });
      }
    });
  });
}

const LANGS = ['nb', 'sv', 'da', 'en'] as const;

function quiz(): void {
  const lang = LANGS.find((l) => l === $<HTMLSelectElement>('quiz-lang').value);
  const kind = $<HTMLSelectElement>('quiz-kind').value as '' | 'mcq' | 'open';
  const topic = $<HTMLInputElement>('quiz-topic').value.trim();
  const pending = thread.pendingTutor();
  connection.request(
    { type: 'quiz', id: connection.nextId(), ...(lang ? { lang } : {}), ...(kind ? { kind } : {}), ...(topic ? { topic } : {}) },
    (message) => {
      if (message.type === 'question') {
        pending.remove();
        const card = thread.card();
        questionCard(card, message, (text) => submitAnswer(message.questionId, text), openSource);
      } else if (message.type === 'error') pending.fail(message.message);
    },
  );
}

askForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = askInput.value.trim();
  if (!text) return;
  askInput.value = '';
  ask(text);
});
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
  score.points = 0;
  score.graded = 0;
  showScore();
  askInput.focus();
});

connection.connect();
askInput.focus();
