import { Kysely, Migrator } from 'kysely';
import type { Database } from '../../index/stores/postgres/database.js';
import type { AttemptRecord, CardRecord, Override, ProgressStore, RefusalRecord, StudentRecord } from './progressStore.js';
import { migrations } from './migrations.js';
import type { Correction } from '../../retrieval/corrections/correction.js';

export class MigrationError extends Error {}

import { toAttempt, toCard, type AttemptRow, type Tables } from './tables.js';

/** The progress store over Kysely: the same SQL on PGlite and on PostgreSQL. */
export class SqlProgressStore implements ProgressStore {
  private constructor(private readonly db: Kysely<Tables>) {}

  /** Opens the store over a database, bringing its schema up to date first. */
  static async open(database: Database): Promise<SqlProgressStore> {
    const db = new Kysely<Tables>({ dialect: database.dialect });
    const migrator = new Migrator({
      db,
      provider: migrations,
      migrationTableName: 'tutor_migrations',
      migrationLockTableName: 'tutor_migrations_lock',
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new MigrationError(`progress database migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
    }
    return new SqlProgressStore(db);
  }

  async record(attempt: AttemptRecord, schedule: ((previous: CardRecord | null) => CardRecord) | null): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('tutor_students')
        .values({ id: attempt.studentId, name: null })
        .onConflict((c) => c.doNothing())
        .execute();
      const inserted = await tx
        .insertInto('tutor_attempts')
        .values({
          id: attempt.id,
          student_id: attempt.studentId,
          question_id: attempt.questionId,
          question: attempt.question,
          verdict: attempt.verdict,
          score: attempt.score,
          answer: attempt.answer,
          signals: JSON.stringify(attempt.signals),
          confidence: attempt.confidence,
          feedback: attempt.feedback,
          citations: JSON.stringify(attempt.citations),
          graded_at: attempt.gradedAt,
        })
        .onConflict((c) => c.column('id').doNothing())
        .returning('id')
        .execute();
      if (inserted.length === 0) return false;
      if (!schedule) return true;
      // The row lock keeps two tabs of one student from scheduling the same card from the same state.
      const previous = await tx
        .selectFrom('tutor_cards')
        .selectAll()
        .where('student_id', '=', attempt.studentId)
        .where('question_id', '=', attempt.questionId)
        .forUpdate()
        .executeTakeFirst();
      const next = schedule(previous ? toCard(previous) : null);
      await tx
        .insertInto('tutor_cards')
        .values({ student_id: next.studentId, question_id: next.questionId, due: next.due, state: JSON.stringify(next.state) })
        .onConflict((c) => c.columns(['student_id', 'question_id']).doUpdateSet({ due: next.due, state: JSON.stringify(next.state) }))
        .execute();
      return true;
    });
  }

  /** Attempts with their overrides, newest first. */
  private attemptsQuery(db: Kysely<Tables> = this.db) {
    return db
      .selectFrom('tutor_attempts as a')
      .leftJoin('tutor_overrides as o', 'o.attempt_id', 'a.id')
      .selectAll('a')
      .select(['o.verdict as override_verdict', 'o.score as override_score', 'o.teacher as override_teacher', 'o.at as override_at'])
      .orderBy('a.graded_at', 'desc')
      .orderBy('a.seq', 'desc');
  }

  async attempts(studentId: string, limit?: number): Promise<AttemptRecord[]> {
    let query = this.attemptsQuery().where('a.student_id', '=', studentId);
    if (limit !== undefined) query = query.limit(limit);
    return (await query.execute()).map((row) => toAttempt(row as AttemptRow)).reverse();
  }

  async classAttempts(limit: number): Promise<AttemptRecord[]> {
    return (await this.attemptsQuery().limit(limit).execute()).map((row) => toAttempt(row as AttemptRow)).reverse();
  }

  async override(
    attemptId: string,
    override: Override,
    reschedule: ((attempts: AttemptRecord[]) => CardRecord | null) | null,
  ): Promise<AttemptRecord | null> {
    return this.db.transaction().execute(async (tx) => {
      const target = await tx
        .selectFrom('tutor_attempts')
        .select(['student_id', 'question_id'])
        .where('id', '=', attemptId)
        .executeTakeFirst();
      if (!target) return null;
      // Serialises with the student's own answers to this question (record() locks the same card row).
      await tx
        .selectFrom('tutor_cards')
        .select('question_id')
        .where('student_id', '=', target.student_id)
        .where('question_id', '=', target.question_id)
        .forUpdate()
        .execute();
      const values = { verdict: override.verdict, score: override.score, teacher: override.teacher, at: override.at };
      await tx
        .insertInto('tutor_overrides')
        .values({ attempt_id: attemptId, ...values })
        .onConflict((c) => c.column('attempt_id').doUpdateSet(values))
        .execute();
      const rows = await this.attemptsQuery(tx)
        .where('a.student_id', '=', target.student_id)
        .where('a.question_id', '=', target.question_id)
        .execute();
      const history = rows.map((row) => toAttempt(row as AttemptRow)).reverse();
      const card = reschedule?.(history) ?? null;
      if (card)
        await tx
          .insertInto('tutor_cards')
          .values({ student_id: card.studentId, question_id: card.questionId, due: card.due, state: JSON.stringify(card.state) })
          .onConflict((c) => c.columns(['student_id', 'question_id']).doUpdateSet({ due: card.due, state: JSON.stringify(card.state) }))
          .execute();
      return history.find((a) => a.id === attemptId) ?? null;
    });
  }

  async students(): Promise<StudentRecord[]> {
    return this.db.selectFrom('tutor_students').select(['id', 'name']).orderBy('created_at').execute();
  }

  async recordRefusal(refusal: RefusalRecord): Promise<void> {
    await this.db
      .insertInto('tutor_refusals')
      .values({ student_id: refusal.studentId, question: refusal.question, lang: refusal.lang, at: refusal.at })
      .execute();
  }

  async refusals(limit: number): Promise<RefusalRecord[]> {
    const rows = await this.db.selectFrom('tutor_refusals').selectAll().orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((row) => ({ studentId: row.student_id, question: row.question, lang: row.lang, at: new Date(row.at) }));
  }

  async cards(studentId: string): Promise<CardRecord[]> {
    const rows = await this.db.selectFrom('tutor_cards').selectAll().where('student_id', '=', studentId).orderBy('due').execute();
    return rows.map(toCard);
  }

  async student(studentId: string): Promise<StudentRecord | null> {
    const row = await this.db.selectFrom('tutor_students').select(['id', 'name']).where('id', '=', studentId).executeTakeFirst();
    return row ?? null;
  }

  async rename(studentId: string, name: string | null): Promise<void> {
    await this.db
      .insertInto('tutor_students')
      .values({ id: studentId, name })
      .onConflict((c) => c.column('id').doUpdateSet({ name }))
      .execute();
  }

  async setting(key: string, generate: () => string): Promise<string> {
    await this.db
      .insertInto('tutor_settings')
      .values({ key, value: generate() })
      .onConflict((c) => c.doNothing())
      .execute();
    const row = await this.db.selectFrom('tutor_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }

  async addCorrection(c: Correction): Promise<void> {
    await this.db
      .insertInto('tutor_corrections')
      .values({
        id: c.id,
        file: c.file,
        start_line: c.startLine,
        end_line: c.endLine,
        text: c.text,
        original: c.original,
        teacher: c.teacher,
        at: c.at,
      })
      .execute();
  }

  async corrections(): Promise<Correction[]> {
    const rows = await this.db.selectFrom('tutor_corrections').selectAll().orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      file: r.file,
      startLine: Number(r.start_line),
      endLine: Number(r.end_line),
      text: r.text,
      original: r.original,
      teacher: r.teacher,
      at: new Date(r.at),
    }));
  }

  async removeCorrection(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('tutor_corrections').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async readSetting(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('tutor_settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }
}
