import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Learners } from '../learners/learners.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import type { StudentIdentity } from './identity.js';
import { StudentRateLimit } from './rateLimit.js';
import { log } from '../log.js';
import type { Course } from '../tutor/course.js';
import { LIMITS, type AnswerMessage, type AskMessage, type ClientMessage, type MessageId, type QuizMessage } from '../contracts/ws.js';
import type { TutorAnswer } from '../tutor/tutor.js';
import { protocolError } from './errors.js';
import { parseClientMessage } from './protocol.js';
import { Session } from './session.js';
import { answerReply, explanationReply, gradeReply, nothingDueReply, questionReply } from './replies.js';
import { send, TokenBatcher } from './transport.js';

export interface ChatStats {
  /** Messages being answered right now, across all connections. */
  inFlight: number;
}

const RESET_TEXT = 'New conversation: the history and the quiz were cleared (your progress is kept).';

export class ChatHandler {
  readonly stats: ChatStats = { inFlight: 0 };
  private idle: Array<() => void> = [];
  private readonly rate = new StudentRateLimit();

  constructor(
    private readonly course: Course,
    private readonly learners: Learners,
    private readonly identity: StudentIdentity,
  ) {}

  /** The tutor of the current index build, read per message (a rebuild swaps it). */
  private get tutor() {
    return this.course.tutor;
  }

  attach(wss: WebSocketServer): void {
    wss.on('connection', (socket, request) => this.onConnection(socket, request));
  }

  /** Resolves once no message is being answered (for a graceful shutdown). */
  whenIdle(): Promise<void> {
    return this.stats.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    // A connection without the page's cookie (or with a forged one) is a new anonymous student.
    const session = new Session(this.identity.ofUpgrade(request).student);
    socket.on('error', (error) => log.warn('websocket error', { reason: error.message }));
    socket.on('message', (data, isBinary) => {
      try {
        this.onFrame(socket, session, data.toString(), isBinary);
      } catch (error) {
        // Nothing a client sends may bring the server down.
        log.error('failed to handle a frame', { reason: String((error as Error).stack ?? error) });
        send(socket, { type: 'error', code: 'internal', message: 'Something went wrong with that message.' });
      }
    });
  }

  private onFrame(socket: WebSocket, session: Session, raw: string, isBinary: boolean): void {
    if (isBinary) {
      send(socket, { type: 'error', code: 'bad_message', message: 'binary frames are not supported; send JSON text' });
      return;
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      send(socket, { type: 'error', ...(parsed.id !== undefined ? { id: parsed.id } : {}), code: parsed.code, message: parsed.message });
      return;
    }
    const { message } = parsed;
    if (message.type === 'stop') {
      // Not queued: it must reach the explanation that is running now.
      if (!session.stopExplaining(message.id))
        send(socket, { type: 'error', id: message.id, code: 'not_found', message: 'no explanation with that id is being written' });
      return;
    }
    // A new question or quiz means the student has moved on: the explanation of the last answer stops where it is.
    if (message.type === 'ask' || message.type === 'quiz') session.stopExplaining();
    session.admit(async () => {
      if (!(await this.rate.allow(session.student))) {
        send(socket, {
          type: 'error',
          id: message.id,
          code: 'rate_limited',
          message: `too many messages; at most ${LIMITS.ratePerSecond} per second`,
        });
        return;
      }
      this.admitted(socket, session, message);
    });
  }

  private admitted(socket: WebSocket, session: Session, message: ClientMessage): void {
    this.stats.inFlight++;
    const accepted = session.enqueue(async () => {
      try {
        await this.handle(socket, session, message);
      } catch (error) {
        const { code, message: text } = protocolError(error);
        if (code === 'internal')
          log.error('failed to answer a message', { type: message.type, reason: String((error as Error).stack ?? error) });
        send(socket, { type: 'error', id: message.id, code, message: text });
      } finally {
        this.done();
      }
    });
    if (!accepted) {
      this.done();
      send(socket, {
        type: 'error',
        id: message.id,
        code: 'busy',
        message: `too many unanswered messages (at most ${LIMITS.maxQueue}); wait for replies`,
      });
    }
  }

  private done(): void {
    this.stats.inFlight--;
    if (this.stats.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async handle(socket: WebSocket, session: Session, message: ClientMessage): Promise<void> {
    // A correction another replica made holds here too, from this message on.
    if (message.type !== 'stop' && message.type !== 'reset') await this.learners.corrections.sync();
    switch (message.type) {
      case 'ask':
        return this.ask(socket, session, message);
      case 'quiz':
        return this.quiz(socket, session, message);
      case 'answer':
        return this.answer(socket, session, message);
      case 'reset':
        session.reset();
        send(socket, { type: 'answer', id: message.id, text: RESET_TEXT, grounded: false, citations: [] });
        return;
      case 'stop':
        return;
    }
  }

  private async ask(socket: WebSocket, session: Session, message: AskMessage): Promise<void> {
    const id: MessageId = message.id;
    const tutor = this.tutor;
    const answerTokens = new TokenBatcher((text) => send(socket, { type: 'token', id, text }));
    const sendAnswer = (answer: TutorAnswer, explaining: boolean, streamed: boolean) => {
      // The extractive composer has the whole answer at once: stream it paragraph by paragraph.
      if (!streamed) for (const paragraph of answer.answer.split(/(?<=\n\n)/)) answerTokens.push(paragraph);
      answerTokens.flush();
      session.remember({ role: 'student', text: message.text, grounded: answer.grounded, query: answer.query });
      // A question the notes did not cover is a gap the teacher sees.
      if (answer.composer === 'refusal') void this.learners.recordRefusal(session.student, message.text, answer.lang);
      session.remember({ role: 'tutor', text: answer.answer });
      send(socket, answerReply(id, answer, explaining ? tutor.explanationsAhead : null));
    };
    if (!message.explain || !tutor.explainer) {
      let streamed = false;
      const onToken = (text: string) => {
        streamed = true;
        answerTokens.push(text);
      };
      sendAnswer(await tutor.ask(message.text, session.history, { onToken }), false, streamed);
      return;
    }
    // Stoppable once the answer is out and the explanation is being written.
    const controller = new AbortController();
    const explanationTokens = new TokenBatcher((text) => send(socket, { type: 'token', id, text, part: 'explanation' }));
    try {
      const { explanation, note } = await tutor.askAndExplain(message.text, session.history, {
        onAnswer: (answer, explaining) => {
          sendAnswer(answer, explaining, false);
          if (explaining) session.explaining = { id, controller };
        },
        onToken: (text) => explanationTokens.push(text),
        onPlace: (ahead) => send(socket, { type: 'waiting', id, ahead }),
        signal: controller.signal,
      });
      explanationTokens.flush();
      if (!explanation) return;
      send(socket, explanationReply(id, explanation, note, controller.signal.aborted));
    } finally {
      if (session.explaining?.controller === controller) session.explaining = undefined;
    }
  }

  /** A quiz nobody can match (language, kind, topic) is a `not_found` error, mapped in errors.ts. */
  private async quiz(socket: WebSocket, session: Session, message: QuizMessage): Promise<void> {
    const tutor = this.tutor;
    const { student } = session;
    let drawn: BankQuestion;
    let review = false;
    if (message.mode === 'review') {
      const found = await this.learners.dueQuestion(student);
      if (!('question' in found)) {
        send(socket, nothingDueReply(message.id, found.nextDue));
        return;
      }
      [drawn, review] = [found.question, true];
    } else {
      const { recent, ever } = await this.learners.answered(student);
      if (session.previousQuestionId) recent.add(session.previousQuestionId);
      const fits = (q: BankQuestion) => (!message.lang || q.lang === message.lang) && (!message.kind || q.kind === message.kind);
      const weakest =
        message.mode === 'weakest'
          ? await this.learners.weakestTopic(student, (topic) => tutor.bank.some((q) => fits(q) && topic.memberIds.includes(q.id)))
          : undefined;
      drawn = await tutor.quiz({
        ...(message.lang ? { lang: message.lang } : {}),
        ...(message.topic ? { topic: message.topic } : {}),
        ...(message.kind ? { kind: message.kind } : {}),
        ...(session.previousQuestionId ? { previousId: session.previousQuestionId } : {}),
        ...(weakest ? { within: new Set(weakest.memberIds) } : {}),
        avoid: recent,
        seen: ever,
      });
    }
    session.currentQuestion = drawn;
    session.previousQuestionId = drawn.id;
    const topic = (await this.learners.topics()).topicOf(drawn.id);
    send(socket, questionReply(message.id, drawn, { ...(topic ? { topic: topic.name } : {}), review }));
  }

  private async answer(socket: WebSocket, session: Session, message: AnswerMessage): Promise<void> {
    let input: { question: string; answer: string; questionId?: string };
    if ('questionId' in message) {
      const question = this.tutor.bank.find((q) => q.id === message.questionId);
      if (!question) {
        send(socket, { type: 'error', id: message.id, code: 'not_found', message: `no quiz question with id "${message.questionId}"` });
        return;
      }
      input = { question: question.text, answer: message.text, questionId: question.id };
    } else input = { question: message.question, answer: message.text };
    const result = await this.tutor.grade(input);
    const recorded = await this.learners.record({ studentId: session.student, question: input.question, answer: message.text, result });
    if (session.currentQuestion?.id === input.questionId) session.currentQuestion = undefined;
    send(socket, gradeReply(message.id, result, recorded));
  }
}
