import crypto from 'node:crypto';
import { log } from '../log.js';
import type { Course } from '../tutor/course.js';
import type { GradeResult } from '../tutor/grading/grade.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import type { CourseTopics, Topic } from '../tutor/knowledge/topics.js';
import type { GradedVerdict } from '../tutor/types.js';
import { systemClock, type Clock } from './clock.js';
import { masteryOf } from './mastery.js';
import { effective, reviewCard } from './schedule.js';
import type { AttemptRecord, CardRecord, ProgressStore } from './store/progressStore.js';
import type { ProgressResponse } from '../contracts/http.js';
import { CourseLookup } from './lookup.js';
import { Classroom } from './classroom.js';
import { NotesCorrections } from './corrections.js';
import { TopicNamer } from './topicNames.js';
import type { Lang } from '../types.js';

/** A graded answer worth keeping: a verdict against a reference of the notes. */
export interface GradedAnswer {
  studentId: string;
  /** The question as the student saw it. */
  question: string;
  answer: string;
  result: GradeResult;
}

export interface Recorded {
  /** False when the write failed after its retries: the grade stands, but it is not in the student's progress. */
  saved: boolean;
  topic?: { id: string; name: string };
  /** The student's mastery of that topic with this answer counted. */
  mastery?: number;
}

/** Waits before each retry of a failed write; after the last the student is told it was not saved. */
const RETRY_DELAYS_MS = [100, 400, 1600];
/** Questions a plain quiz avoids because the student just had them. */
const RECENT_QUESTIONS = 5;
/** History entries /api/progress returns (the most recent). */
const HISTORY_SHOWN = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function gradedVerdict(result: GradeResult): GradedVerdict | null {
  return result.verdict === 'unknown' ? null : result.verdict;
}

/**
 * The students' side of the tutor: what each answered, their mastery per topic and their review
 * cards. Reads the course of the current index build; writes go to the progress store.
 */
export class Learners {
  private readonly lookup: CourseLookup;
  /** The teacher's side of the same progress. */
  readonly classroom: Classroom;
  /** The teacher's corrections of the notes. */
  readonly corrections: NotesCorrections;
  private readonly namer: TopicNamer;

  constructor(
    private readonly store: ProgressStore,
    course: Course,
    readonly clock: Clock = systemClock,
  ) {
    this.lookup = new CourseLookup(course);
    this.classroom = new Classroom(store, course, clock);
    this.corrections = new NotesCorrections(store, course, clock);
    this.namer = new TopicNamer(store, async () => {
      const topics = (await this.tutor.knowledge.topics()).topics;
      return { names: topics.map((t) => t.name), about: topics.map((t) => t.about ?? ''), model: this.tutor.explainer };
    });
  }

  private get tutor() {
    return this.lookup.tutor;
  }

  /** Each topic's name in `lang` as known now (topic name → label; absent: shown as the notes write it); asking starts the translation. */
  async topicLabels(lang: Lang | undefined): Promise<Record<string, string>> {
    return lang ? this.namer.namesIn(lang) : {};
  }

  /** Waits until the topic names in `lang` are translated (or found untranslatable). */
  topicLabelsSettled(lang: Lang): Promise<Record<string, string>> {
    return this.namer.settled(lang);
  }

  /**
   * Store a graded answer (retried; never dropped silently) and its card; its topic and the mastery
   * after it. Null when there is nothing to keep (no verdict, or no reference in the notes).
   */
  async record(graded: GradedAnswer): Promise<Recorded | null> {
    const verdict = gradedVerdict(graded.result);
    const questionId = graded.result.questionId;
    if (!verdict || !questionId) return null;
    const now = this.clock();
    const { signals } = graded.result;
    const attempt: AttemptRecord = {
      id: crypto.randomUUID(),
      studentId: graded.studentId,
      questionId,
      question: graded.question,
      verdict,
      score: graded.result.score,
      answer: graded.answer,
      signals: signals ? { by: signals.by, ...signals.features } : {},
      confidence: signals?.confidence ?? null,
      feedback: graded.result.feedback,
      citations: graded.result.citations,
      gradedAt: now,
    };
    const schedule = this.lookup.bankQuestion(questionId)
      ? (previous: CardRecord | null) => reviewCard(previous, graded.studentId, questionId, verdict, now)
      : null;
    let saved = false;
    for (let attemptNo = 0; attemptNo <= RETRY_DELAYS_MS.length && !saved; attemptNo++) {
      try {
        await this.store.record(attempt, schedule);
        saved = true;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attemptNo];
        log.warn('could not store a graded answer', { reason: (error as Error).message, retryInMs: delay ?? null });
        if (delay === undefined) break;
        await sleep(delay);
      }
    }
    const topics = await this.tutor.knowledge.topics();
    const topic = topics.topicOf(questionId);
    if (!topic) return { saved };
    const attempts = saved ? await this.store.attempts(graded.studentId).catch(() => [attempt]) : [attempt];
    const onTopic = attempts.filter((a) => topics.topicOf(a.questionId)?.id === topic.id);
    return { saved, topic: { id: topic.id, name: topic.name }, mastery: masteryOf(onTopic.map((a) => this.lookup.observation(a))).mastery };
  }

  /** The student's own progress: counts, mastery per topic, what is due, and the history with its feedback. */
  async progress(studentId: string, lang?: Lang): Promise<ProgressResponse> {
    const now = this.clock();
    const [student, attempts, cards, topics, labels] = await Promise.all([
      this.store.student(studentId),
      this.store.attempts(studentId),
      this.store.cards(studentId),
      this.tutor.knowledge.topics(),
      this.topicLabels(lang),
    ]);
    const liveCards = cards.filter((c) => this.lookup.bankQuestion(c.questionId));
    const isDue = (c: CardRecord) => c.due.getTime() <= now.getTime();
    const upcoming = liveCards.filter((c) => !isDue(c));
    return {
      student: studentId,
      ...(student?.name ? { name: student.name } : {}),
      answered: attempts.length,
      correct: attempts.filter((a) => effective(a).verdict === 'correct').length,
      due: liveCards.filter(isDue).length,
      nextDue: upcoming[0]?.due.toISOString() ?? null,
      topics: topics.topics.map((topic) => {
        const mine = attempts.filter((a) => topics.topicOf(a.questionId)?.id === topic.id);
        const { mastery, certainty } = masteryOf(mine.map((a) => this.lookup.observation(a)));
        return {
          id: topic.id,
          topic: topic.name,
          label: labels[topic.name] ?? topic.name,
          mastery,
          certainty,
          answered: mine.length,
          correct: mine.filter((a) => effective(a).verdict === 'correct').length,
          due: liveCards.filter((c) => isDue(c) && topics.topicOf(c.questionId)?.id === topic.id).length,
        };
      }),
      schedule: liveCards.map((c) => ({
        questionId: c.questionId,
        question: this.lookup.bankQuestion(c.questionId)?.text ?? '',
        due: c.due.toISOString(),
      })),
      history: attempts
        .slice(-HISTORY_SHOWN)
        .reverse()
        .map((a) => ({
          questionId: a.questionId,
          question: a.question,
          ...effective(a),
          ...(a.override ? { corrected: true } : {}),
          at: a.gradedAt.toISOString(),
          answer: a.answer,
          feedback: a.feedback,
          citations: a.citations,
          topic: topics.topicOf(a.questionId)?.name ?? null,
        })),
    };
  }

  /** The most overdue card's question, or when the next one comes due (null: no cards yet). */
  async dueQuestion(studentId: string): Promise<{ question: BankQuestion } | { nextDue: Date | null }> {
    const now = this.clock().getTime();
    const cards = (await this.store.cards(studentId)).filter((c) => this.lookup.bankQuestion(c.questionId));
    const due = cards.find((c) => c.due.getTime() <= now);
    if (due) return { question: this.lookup.bankQuestion(due.questionId)! };
    return { nextDue: cards[0]?.due ?? null };
  }

  /** Questions the student answered most recently (a plain quiz does not repeat them) and every question answered. */
  async answered(studentId: string): Promise<{ recent: Set<string>; ever: Set<string> }> {
    const attempts = await this.store.attempts(studentId);
    return {
      recent: new Set(attempts.slice(-RECENT_QUESTIONS).map((a) => a.questionId)),
      ever: new Set(attempts.map((a) => a.questionId)),
    };
  }

  /** The topic with the lowest mastery (unanswered topics start at the prior), ties to the one answered least. */
  async weakestTopic(studentId: string, drawable: (topic: Topic) => boolean): Promise<Topic | undefined> {
    const [attempts, topics] = await Promise.all([this.store.attempts(studentId), this.tutor.knowledge.topics()]);
    const scored = topics.topics.filter(drawable).map((topic) => {
      const mine = attempts.filter((a) => topics.topicOf(a.questionId)?.id === topic.id);
      return { topic, mastery: masteryOf(mine.map((a) => this.lookup.observation(a))).mastery, answered: mine.length };
    });
    scored.sort((a, b) => a.mastery - b.mastery || a.answered - b.answered || a.topic.name.localeCompare(b.topic.name));
    return scored[0]?.topic;
  }

  /** A question the notes did not cover (a gap the teacher sees); losing one is logged, never the student's problem. */
  async recordRefusal(studentId: string, question: string, lang: string): Promise<void> {
    await this.store
      .recordRefusal({ studentId, question: question.slice(0, 500), lang, at: this.clock() })
      .catch((error: Error) => log.warn('could not store a refusal', { reason: error.message }));
  }

  topics(): Promise<CourseTopics> {
    return this.tutor.knowledge.topics();
  }

  readonly student = (studentId: string) => this.store.student(studentId);

  rename(studentId: string, name: string | null): Promise<void> {
    return this.store.rename(studentId, name);
  }

  /** The teacher token kept in the database (made by the first replica to ask); `created`: made just now, so shown once. */
  async teacherToken(): Promise<{ token: string; created: boolean }> {
    const candidate = crypto.randomBytes(18).toString('base64url');
    const token = await this.store.setting('teacher-token', () => candidate);
    return { token, created: token === candidate };
  }

  /** A secret every replica shares (the cookie signing key), made by the first. */
  secret(name: string): Promise<string> {
    return this.store.setting(name, () => crypto.randomBytes(32).toString('base64url'));
  }
}
