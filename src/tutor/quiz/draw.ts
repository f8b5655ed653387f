import crypto from 'node:crypto';
import type { Retriever } from '../../retrieval/search.js';
import { LANGUAGE_NAMES } from '../../text/languages.js';
import type { Lang } from '../../types.js';
import type { QuizKind } from '../../contracts/ws.js';
import type { CoverageCheck } from '../types.js';
import type { BankQuestion } from '../knowledge/bank.js';
import { QUIZ_KIND_SPECS } from './kinds.js';
import type { CourseKnowledge, QuestionScorer } from '../knowledge/courseKnowledge.js';
import { SPREAD } from '../../tuning.js';
import { nearBest } from '../knowledge/nearBest.js';

export interface QuizRequest {
  lang?: Lang;
  topic?: string;
  /** The question drawn last time: never drawn twice in a row. */
  previousId?: string;
  /** Only multiple-choice or only open questions. */
  kind?: QuizKind;
  /** Only these questions (a topic's, by id). */
  within?: ReadonlySet<string>;
  /** Questions not to draw while others are left (the student had them lately). */
  avoid?: ReadonlySet<string>;
  /** Questions the student has answered: the others go first. */
  seen?: ReadonlySet<string>;
}

/** The questions of a pool not in `ids`, or the whole pool when that would leave none. */
function preferOthers(pool: BankQuestion[], ids: ReadonlySet<string> | undefined): BankQuestion[] {
  if (!ids) return pool;
  const others = pool.filter((q) => !ids.has(q.id));
  return others.length > 0 ? others : pool;
}

export class QuizUnavailableError extends Error {}

/**
 * Draw an exam question at random: in the wanted language if the bank has one, about the topic
 * (matched by retrieval, so "overfitting" finds "overtilpasning" too), never the previous one.
 */
export async function drawQuestion(
  bank: readonly BankQuestion[],
  retriever: Retriever,
  scoreTopic: QuestionScorer,
  request: QuizRequest,
  covers: CoverageCheck,
): Promise<BankQuestion> {
  let pool = [...bank];
  const topic = request.topic?.trim();
  if (topic) {
    // The notes must cover the topic at all; then the questions closest to it are on topic.
    const result = await retriever.search(topic, { k: 5 });
    if (!(await covers(result))) throw new QuizUnavailableError(`no exam question in the notes is about "${topic}"`);
    const scores = await scoreTopic(topic, pool);
    const onTopic = nearBest(scores, SPREAD.topic);
    pool = pool.filter((_, i) => onTopic[i]);
  }
  if (request.within) {
    const inside = request.within;
    pool = pool.filter((q) => inside.has(q.id));
    if (pool.length === 0) throw new QuizUnavailableError('no exam question of that topic matches');
  }
  if (request.kind) {
    const ofKind = pool.filter((q) => q.kind === request.kind);
    if (ofKind.length === 0) throw new QuizUnavailableError(`no ${QUIZ_KIND_SPECS[request.kind].name} question matches`);
    pool = ofKind;
  }
  if (request.lang) {
    const inLanguage = pool.filter((q) => q.lang === request.lang);
    if (inLanguage.length === 0) {
      const what = [request.kind ? QUIZ_KIND_SPECS[request.kind].name : undefined, 'question'].filter(Boolean).join(' ');
      throw new QuizUnavailableError(`the notes have no ${what} in ${LANGUAGE_NAMES.en[request.lang]}${topic ? ` about "${topic}"` : ''}`);
    }
    pool = inLanguage;
  }
  if (pool.length > 1 && request.previousId) pool = pool.filter((q) => q.id !== request.previousId);
  pool = preferOthers(preferOthers(pool, request.avoid), request.seen);
  const drawn = pool[crypto.randomInt(pool.length)];
  if (!drawn) throw new QuizUnavailableError('the question bank is empty');
  return drawn;
}

export function quizJson(id: string | number, question: BankQuestion) {
  return {
    id,
    questionId: question.id,
    text: question.text,
    lang: question.lang,
    kind: question.kind,
    options: question.options?.map(({ label, text }) => ({ label, text })) ?? [],
  };
}

/** Only questions the tutor can grade are drawn (see kinds.ts). */
export async function drawGradable(knowledge: CourseKnowledge, covers: CoverageCheck, request: QuizRequest = {}): Promise<BankQuestion> {
  const keyPointUnits = knowledge.semantic ? new Set((await knowledge.keyPoints()).sentences.map((s) => s.unitId)) : null;
  const gradable = knowledge.bank.filter((q) => QUIZ_KIND_SPECS[q.kind].gradable(q, keyPointUnits));
  return drawQuestion(gradable, knowledge.retriever, knowledge.scoreQuestions, request, covers);
}
