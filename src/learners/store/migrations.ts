import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * The progress schema, one migration per change, applied in name order by Kysely's migrator (on
 * PGlite and on PostgreSQL alike). Never edit a migration that has shipped: add the next one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001_progress': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tutor_settings')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tutor_students')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('tutor_attempts')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Orders attempts stored within the same instant (graded_at may tie).
        .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity())
        .addColumn('student_id', 'text', (c) => c.notNull().references('tutor_students.id'))
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('signals', 'jsonb', (c) => c.notNull())
        .addColumn('confidence', 'double precision')
        .addColumn('feedback', 'text', (c) => c.notNull())
        .addColumn('citations', 'jsonb', (c) => c.notNull())
        .addColumn('graded_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('tutor_attempts_by_student')
        .ifNotExists()
        .on('tutor_attempts')
        .columns(['student_id', 'graded_at', 'seq'])
        .execute();
      await db.schema
        .createTable('tutor_cards')
        .ifNotExists()
        .addColumn('student_id', 'text', (c) => c.notNull().references('tutor_students.id'))
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('due', 'timestamptz', (c) => c.notNull())
        .addColumn('state', 'jsonb', (c) => c.notNull())
        .addPrimaryKeyConstraint('tutor_cards_pk', ['student_id', 'question_id'])
        .execute();
      await db.schema.createIndex('tutor_cards_due').ifNotExists().on('tutor_cards').columns(['student_id', 'due']).execute();
    },
  },
  '002_teacher': {
    async up(db: Kysely<unknown>) {
      // A teacher's verdict over the grader's; the grader's stays in tutor_attempts.
      await db.schema
        .createTable('tutor_overrides')
        .ifNotExists()
        .addColumn('attempt_id', 'text', (c) => c.primaryKey().references('tutor_attempts.id'))
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('teacher', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      // Questions the notes did not cover: the gaps a teacher may fill.
      await db.schema
        .createTable('tutor_refusals')
        .ifNotExists()
        .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
        .addColumn('student_id', 'text', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '003_corrections': {
    async up(db: Kysely<unknown>) {
      // A teacher's correction of a passage of the notes, kept apart from the notes (re-indexing never touches it).
      await db.schema
        .createTable('tutor_corrections')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('start_line', 'integer', (c) => c.notNull())
        .addColumn('end_line', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('original', 'text', (c) => c.notNull())
        .addColumn('teacher', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
};

export const migrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
