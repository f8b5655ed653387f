import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TutorConfig } from '../config.js';
import { log } from '../log.js';
import { startServer } from '../server/server.js';
import { watchCorpus } from '../app/watch.js';
import { openLearners, openTutor } from '../app/compose.js';
import { BackgroundCalibration } from '../app/calibrate/background.js';
import { ExplanationWarmer } from '../app/warmExplanations.js';
import { terminalProgress } from './progress.js';

/** dist/web, next to the compiled code: the page built by scripts/build-web.mjs. */
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

export async function runServe(config: TutorConfig): Promise<void> {
  const progress = terminalProgress();
  const { course, embedder, build } = await openTutor(config, progress.onProgress);
  progress.stop();
  if (!build.upToDate) process.stderr.write(`index: ${build.chunks} chunks from ${build.files} files (${build.embeddedChunks} embedded)\n`);
  const learners = await openLearners(config, course);
  // The teacher's corrections of the notes, then the models, the answer sentences and the grading key points, before the first student.
  await learners.corrections.sync();
  await course.tutor.warm();
  const teacher = config.teacherToken ? { token: config.teacherToken, created: false } : await learners.teacherToken();
  const server = await startServer({
    course,
    learners,
    teacherToken: teacher.token,
    corpusDir: config.corpusDir,
    webDir: WEB_DIR,
    ...config.server,
  });
  const calibration = new BackgroundCalibration(config, course);
  calibration.check();
  const warmer = new ExplanationWarmer(course);
  if (config.warmExplanations) warmer.start();
  const watcher = watchCorpus(config, embedder, async (retriever) => {
    await course.switchTo(retriever);
    calibration.check();
    if (config.warmExplanations) warmer.start();
  });
  // Printed once, when it is made; afterwards it is in the progress database (tutor_settings) or set by TUTOR_TEACHER_TOKEN.
  if (teacher.created) process.stdout.write(`Teacher token (shown once; keep it): ${teacher.token}\n`);
  process.stdout.write(`Tutor ready on ${server.url.replace('127.0.0.1', 'localhost')}\n`);
  log.info('listening', { url: server.url });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal, inFlight: server.chat.stats.inFlight });
    watcher.close();
    warmer.stop();
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        log.error('shutdown failed', { reason: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
