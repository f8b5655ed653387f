import express, { type Router } from 'express';
import { CorrectionBody } from '../../contracts/http.js';
import { CorrectionRangeError, type NotesCorrections } from '../../learners/corrections.js';

/** /api/teacher/corrections (behind the teacher token): list, make and withdraw corrections of the notes. */
export function correctionRoutes(corrections: NotesCorrections, courseLines: (file: string) => string[] | undefined): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    res.json(await corrections.list());
  });
  router.post('/', express.json({ limit: '16kb' }), async (req, res) => {
    const parsed = CorrectionBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({
        error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'} (send {"file", "startLine", "endLine", "text"})`,
      });
      return;
    }
    const { teacher, ...body } = parsed.data;
    const lines = courseLines(body.file);
    if (!lines) {
      res.status(404).json({ error: `no course file "${body.file.slice(0, 200)}"` });
      return;
    }
    try {
      res.status(201).json(await corrections.add({ ...body, teacher: teacher || 'teacher' }, lines));
    } catch (error) {
      if (!(error instanceof CorrectionRangeError)) throw error;
      res.status(400).json({ error: error.message });
    }
  });
  router.delete('/:id', async (req, res) => {
    if (!(await corrections.withdraw(req.params.id))) {
      res.status(404).json({ error: `no correction with id "${req.params.id.slice(0, 80)}"` });
      return;
    }
    res.json({ ok: true });
  });
  return router;
}
