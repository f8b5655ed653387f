import express, { type Router } from 'express';
import { OverrideBody } from '../../contracts/http.js';
import type { NotesCorrections } from '../../learners/corrections.js';
import { correctionRoutes } from './corrections.js';
import type { Classroom } from '../../learners/classroom.js';
import { teacherAuth } from './auth.js';
import { toCsv } from './csv.js';
import { langQuery } from '../progress.js';
import type { Lang } from '../../contracts/ws.js';

const CSV_HEADER = [
  'attempt_id',
  'student',
  'name',
  'question_id',
  'question',
  'topic',
  'answer',
  'verdict',
  'score',
  'grader_verdict',
  'grader_score',
  'grader_confidence',
  'graded_at',
  'overridden_by',
  'overridden_at',
];

/** Every grade as CSV: the verdict that stands, then the grader's. */
async function gradesCsv(classroom: Classroom): Promise<string> {
  const grades = await classroom.classGrades();
  const rows = grades.map((g) => [
    g.attemptId,
    g.student,
    g.name,
    g.questionId,
    g.question,
    g.topic,
    g.answer,
    g.override?.verdict ?? g.verdict,
    g.override?.score ?? g.score,
    g.verdict,
    g.score,
    g.confidence,
    g.gradedAt,
    g.override?.teacher,
    g.override?.at,
  ]);
  return toCsv(CSV_HEADER, rows);
}

export interface TeacherRouteOptions {
  classroom: Classroom;
  corrections: NotesCorrections;
  token: string;
  topicLabels: (lang: Lang | undefined) => Promise<Record<string, string>>;
  /** A course file's lines as they are now; undefined for a file that is not one. */
  courseLines: (file: string) => string[] | undefined;
}

/** /api/teacher: the class overview, every grade as CSV, overrides and corrections of the notes; each behind the teacher token. */
export function teacherRoutes({ classroom, corrections, token, topicLabels, courseLines }: TeacherRouteOptions): Router {
  const router = express.Router();
  router.use(teacherAuth(token));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/overview', async (req, res) => {
    const lang = langQuery(req, res);
    if (lang === null) return;
    res.json(await classroom.classOverview(await topicLabels(lang)));
  });
  router.get('/export.csv', async (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .attachment('grades.csv')
      .send(await gradesCsv(classroom));
  });
  router.post('/grades/:id', express.json({ limit: '2kb' }), async (req, res) => {
    const parsed = OverrideBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'send {"verdict": "correct" | "partial" | "incorrect"}' });
      return;
    }
    const updated = await classroom.override(req.params.id, parsed.data.verdict, parsed.data.teacher || 'teacher');
    if (!updated) {
      res.status(404).json({ error: `no graded answer with id "${req.params.id.slice(0, 80)}"` });
      return;
    }
    res.json({ attemptId: updated.id, verdict: updated.override?.verdict, grader: updated.verdict });
  });
  router.use('/corrections', correctionRoutes(corrections, courseLines));
  return router;
}
