import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { InfoResponse } from '../contracts/http.js';
import { log } from '../log.js';
import type { Course } from '../tutor/course.js';
import type { Tutor } from '../tutor/tutor.js';
import { courseLanguages } from '../tutor/knowledge/sources.js';
import { readCourseLines, sourceRoute } from './source.js';
import type { Learners } from '../learners/learners.js';
import type { StudentIdentity } from './identity.js';
import { progressRoutes } from './progress.js';
import { teacherRoutes } from './teacher/routes.js';

export interface AppOptions {
  course: Course;
  corpusDir: string;
  webDir: string;
  learners: Learners;
  identity: StudentIdentity;
  teacherToken: string;
}

/** The page may load only its own scripts, styles and socket. */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** GET /api/info: what the course holds and what this server can do with it. */
function courseInfo(tutor: Tutor, files: number): InfoResponse {
  const langs = [...new Set(tutor.bank.map((q) => q.lang))].sort();
  return {
    questions: tutor.bank.length,
    multipleChoice: tutor.bank.filter((q) => q.kind === 'mcq').length,
    languages: langs,
    courseLanguages: courseLanguages(tutor.knowledge.retriever.chunks),
    files,
    semanticSearch: tutor.knowledge.retriever.denseAvailable,
    explanations: tutor.explainer !== null,
    grading: { calibrated: tutor.calibration.calibrated, corpus: tutor.calibration.corpus },
  };
}

/** What a client is told for the statuses express's own middleware raises besides a malformed body. */
const CLIENT_ERRORS: Record<number, string> = { 404: 'not found', 413: 'request body too large' };

/** The HTTP side: the page, its assets and a small JSON API. */
export function createApp({ course, corpusDir, webDir, learners, identity, teacherToken }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Every page and API response knows its student (and gives a new one the cookie).
  app.use(identity.middleware());
  const knownFiles = () => new Set(course.tutor.knowledge.retriever.chunks.map((chunk) => chunk.file));
  app.use('/api/progress', progressRoutes(learners));
  app.use(
    '/api/teacher',
    teacherRoutes({
      classroom: learners.classroom,
      corrections: learners.corrections,
      token: teacherToken,
      topicLabels: (lang) => learners.topicLabels(lang),
      courseLines: (file) => readCourseLines(corpusDir, knownFiles(), file),
    }),
  );
  // Relative to its root: a dot-folder above the install (~/.local/…) must not make the page a hidden file.
  app.get('/teacher', (_req, res) => res.sendFile('teacher.html', { root: path.resolve(webDir) }));
  // The progress page is the page's progress panel.
  app.get('/progress', (_req, res) => res.redirect(302, '/#progress'));
  app.get(
    '/api/source',
    sourceRoute(corpusDir, knownFiles, (file) => course.placement.placed.filter((c) => c.file === file)),
  );
  app.get('/api/info', (_req, res) => void res.json(courseInfo(course.tutor, knownFiles().size)));
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(express.static(path.resolve(webDir), { index: 'index.html', fallthrough: true }));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  // Errors reach the client as a short message, never as a stack trace (a file that send() does not find is a 404, not a bad body).
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    // A client's own mistake (malformed JSON, a body too large) is its 4xx, said plainly.
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error('http request failed', { reason: error.message });
    if (res.headersSent) return;
    res.status(status).json({ error: CLIENT_ERRORS[status] ?? (status === 500 ? 'internal error' : 'malformed request body') });
  });
  return app;
}
