import type { Course } from '../tutor/course.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import { guessRate, type Observation } from './mastery.js';
import { effective } from './schedule.js';
import type { AttemptRecord } from './store/progressStore.js';

/** The course of the current index build as the learners' use cases read it: questions by id, and an attempt as evidence of mastery. */
export class CourseLookup {
  constructor(private readonly course: Course) {}

  get tutor() {
    return this.course.tutor;
  }

  /** Quiz questions (cards are made for these), by id. */
  bankQuestion(id: string): BankQuestion | undefined {
    return this.tutor.bank.find((q) => q.id === id);
  }

  /** Any reference an answer can be graded against: quiz question, glossary term, prose section. */
  reference(id: string): BankQuestion | undefined {
    const { knowledge } = this.tutor;
    return knowledge.references.find((q) => q.id === id) ?? knowledge.passages.find((q) => q.id === id);
  }

  /** An attempt as evidence for knowledge tracing: its score (the teacher's when overridden) and the question's chance level. */
  observation(attempt: AttemptRecord): Observation {
    const q = this.reference(attempt.questionId);
    const options = q?.options?.length ?? 0;
    return { score: effective(attempt).score, guess: guessRate(q?.kind ?? 'open', options, (q?.correct?.length ?? 0) > 1) };
  }
}
