import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { InfoResponse } from '../contracts/http.js';
import { log } from '../log.js';
import type { Course } from '../tutor/course.js';
import { courseLanguages } from '../tutor/knowledge/sources.js';
import { sourceRoute } from './source.js';

export interface AppOptions {
  course: Course;
  corpusDir: string;
  webDir: string;
}

/** The HTTP side: the page, its assets and a small JSON API. */
export function createApp({ course, corpusDir, webDir }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
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
    }),
  );
  const knownFiles = () => new Set(course.tutor.knowledge.retriever.chunks.map((chunk) => chunk.file));
  app.get('/api/source', sourceRoute(corpusDir, knownFiles));
  app.get('/api/info', (_req, res) => {
    const tutor = course.tutor;
    const langs = [...new Set(tutor.bank.map((q) => q.lang))].sort();
    const info: InfoResponse = {
      questions: tutor.bank.length,
      multipleChoice: tutor.bank.filter((q) => q.kind === 'mcq').length,
      languages: langs,
      courseLanguages: courseLanguages(tutor.knowledge.retriever.chunks),
      files: knownFiles().size,
      semanticSearch: tutor.knowledge.retriever.denseAvailable,
      explanations: tutor.explainer !== null,
      grading: { calibrated: tutor.calibration.calibrated, corpus: tutor.calibration.corpus },
    };
    res.json(info);
  });
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
  // Errors reach the client as a short message, never as a stack trace.
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    log.error('http request failed', { reason: error.message });
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
  return app;
}
