import type { MessageId, ServerMessage } from '../contracts/ws.js';
import type { Explanation } from '../tutor/answer/explain.js';
import type { GradeResult } from '../tutor/grading/grade.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import type { TutorAnswer } from '../tutor/tutor.js';
import type { Recorded } from '../learners/learners.js';

/** The tutor's results as protocol replies (contracts/ws.ts): what goes on the wire, and nothing else. */

export function answerReply(id: MessageId, answer: TutorAnswer, ahead: number | null): ServerMessage {
  return {
    type: 'answer',
    id,
    text: answer.answer,
    grounded: answer.grounded,
    citations: answer.citations,
    ...(ahead !== null ? { explaining: true, ahead } : {}),
  };
}

/** A usable explanation, or (with `note`) the note that replaces one; `stopped` when the student stopped it. */
export function explanationReply(id: MessageId, explanation: Explanation, note: string | undefined, stopped: boolean): ServerMessage {
  return {
    type: 'explanation',
    id,
    composer: note ? 'extractive' : 'llm',
    text: note ? '' : explanation.text,
    citations: note ? [] : explanation.citations,
    ...(stopped ? { stopped: true } : {}),
    ...(note && !stopped ? { note } : {}),
    ...(explanation.cached ? { cached: true } : {}),
  };
}

export function questionReply(id: MessageId, drawn: BankQuestion, extra: { topic?: string; review?: boolean } = {}): ServerMessage {
  return {
    type: 'question',
    id,
    questionId: drawn.id,
    text: drawn.text,
    kind: drawn.kind,
    ...(drawn.options
      ? { options: drawn.options.map(({ label, text }) => ({ label, text })), multiple: (drawn.correct?.length ?? 0) > 1 }
      : {}),
    lang: drawn.lang,
    ...(extra.topic ? { topic: extra.topic } : {}),
    ...(extra.review ? { review: true } : {}),
  };
}

export function nothingDueReply(id: MessageId, nextDue: Date | null): ServerMessage {
  return { type: 'nothing_due', id, nextDue: nextDue?.toISOString() ?? null };
}

/** `recorded`: what storing it in the student's progress gave (null: nothing to store). */
export function gradeReply(id: MessageId, result: GradeResult, recorded: Recorded | null = null): ServerMessage {
  return {
    type: 'grade',
    id,
    questionId: result.questionId ?? null,
    verdict: result.verdict,
    score: result.score,
    feedback: result.feedback,
    reference: result.reference,
    citations: result.citations,
    ...(recorded?.topic ? { topic: recorded.topic.name } : {}),
    ...(recorded?.mastery !== undefined ? { mastery: recorded.mastery } : {}),
    ...(recorded ? { saved: recorded.saved } : {}),
  };
}
