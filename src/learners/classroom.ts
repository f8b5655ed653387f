import type { TeacherGrade, TeacherOverview } from '../contracts/http.js';
import type { Course } from '../tutor/course.js';
import type { GradedVerdict } from '../tutor/types.js';
import { gaps, questionStats, unsureReason, wrongOptions } from './classStats.js';
import type { Clock } from './clock.js';
import { CourseLookup } from './lookup.js';
import { masteryOf } from './mastery.js';
import { effective, replayCard } from './schedule.js';
import type { AttemptRecord, ProgressStore } from './store/progressStore.js';

/** Graded answers and refusals the teacher's view reads (the most recent). */
const CLASS_ATTEMPTS = 100_000;
const CLASS_REFUSALS = 5000;

/** A graded answer as the teacher sees it: the grader's verdict, and the teacher's when overridden. */
function toTeacherGrade(a: AttemptRecord, names: ReadonlyMap<string, string | null>): TeacherGrade {
  return {
    attemptId: a.id,
    student: a.studentId,
    name: names.get(a.studentId) ?? null,
    questionId: a.questionId,
    question: a.question,
    answer: a.answer,
    verdict: a.verdict,
    score: a.score,
    confidence: a.confidence,
    gradedAt: a.gradedAt.toISOString(),
    ...(a.override ? { override: { ...a.override, at: a.override.at.toISOString() } } : {}),
  };
}

/** The teacher's side: the class overview, the export, and overrides the students' progress follows. */
export class Classroom {
  private readonly lookup: CourseLookup;

  constructor(
    private readonly store: ProgressStore,
    course: Course,
    private readonly clock: Clock,
  ) {
    this.lookup = new CourseLookup(course);
  }

  /**
   * A teacher's verdict on an attempt: the student's progress, mastery and review card follow it (the
   * card is replayed from all their answers to that question). Null when there is no such attempt.
   */
  async override(attemptId: string, verdict: GradedVerdict, teacher: string): Promise<AttemptRecord | null> {
    const score = verdict === 'correct' ? 1 : verdict === 'partial' ? 0.5 : 0;
    const reschedule = (attempts: AttemptRecord[]) => {
      const first = attempts[0];
      return first && this.lookup.bankQuestion(first.questionId) ? replayCard(attempts, first.studentId, first.questionId) : null;
    };
    return this.store.override(attemptId, { verdict, score, teacher, at: this.clock() }, reschedule);
  }

  /** The class: mastery by student and topic, each question's difficulty and discrimination, wrong options, grades to review, gaps. */
  async classOverview(labels: Record<string, string> = {}): Promise<TeacherOverview> {
    const [attempts, students, refusals, topics] = await Promise.all([
      this.store.classAttempts(CLASS_ATTEMPTS),
      this.store.students(),
      this.store.refusals(CLASS_REFUSALS),
      this.lookup.tutor.knowledge.topics(),
    ]);
    const names = new Map(students.map((s) => [s.id, s.name]));
    const byStudent = new Map<string, AttemptRecord[]>();
    for (const a of attempts) byStudent.set(a.studentId, [...(byStudent.get(a.studentId) ?? []), a]);
    const questionText = (id: string) => this.lookup.reference(id)?.text ?? attempts.find((a) => a.questionId === id)?.question ?? id;
    const teacherGrade = (a: AttemptRecord) => toTeacherGrade(a, names);
    return {
      topics: topics.topics.map((t) => ({ id: t.id, topic: t.name, label: labels[t.name] ?? t.name })),
      files: [...this.lookup.tutor.knowledge.sources].map(([file, name]) => ({ file, name })).sort((a, b) => a.file.localeCompare(b.file)),
      students: [...byStudent].map(([student, mine]) => ({
        student,
        name: names.get(student) ?? null,
        answered: mine.length,
        correct: mine.filter((a) => effective(a).verdict === 'correct').length,
        // Only topics the student has answered: an unanswered topic is unknown, not weak.
        mastery: Object.fromEntries(
          topics.topics.flatMap((t) => {
            const onTopic = mine.filter((a) => topics.topicOf(a.questionId)?.id === t.id);
            return onTopic.length ? [[t.id, masteryOf(onTopic.map((a) => this.lookup.observation(a))).mastery]] : [];
          }),
        ),
      })),
      questions: questionStats(attempts).map((q) => ({
        ...q,
        question: questionText(q.questionId),
        topic: topics.topicOf(q.questionId)?.name ?? null,
      })),
      wrongOptions: wrongOptions(attempts, (id) => this.lookup.bankQuestion(id)).map((w) => ({
        ...w,
        question: questionText(w.questionId),
      })),
      review: attempts.flatMap((a) => {
        const reason = unsureReason(a, this.lookup.reference(a.questionId));
        return reason ? [{ ...teacherGrade(a), reason }] : [];
      }),
      overrides: attempts.filter((a) => a.override).map(teacherGrade),
      gaps: gaps(refusals),
    };
  }

  /** Every graded answer, oldest first, for the teacher's export. */
  async classGrades(): Promise<Array<TeacherGrade & { topic: string | null }>> {
    const [attempts, students, topics] = await Promise.all([
      this.store.classAttempts(CLASS_ATTEMPTS),
      this.store.students(),
      this.lookup.tutor.knowledge.topics(),
    ]);
    const names = new Map(students.map((s) => [s.id, s.name]));
    return attempts.map((a) => ({ ...toTeacherGrade(a, names), topic: topics.topicOf(a.questionId)?.name ?? null }));
  }
}
