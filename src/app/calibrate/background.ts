import type { TutorConfig } from '../../config.js';
import { log } from '../../log.js';
import type { Course } from '../../tutor/course.js';
import { calibrate } from './run.js';

/**
 * Calibrates a course that has no grading fit yet (a teacher dropped in another course, or the
 * notes changed) while the server runs: from the notes alone (no written answers), the language
 * model reading each case at its lowest priority so no student waits on it, progress in the log.
 * When it is done the course's tutor is rebuilt with the fit; until then grading is conservative.
 */
export class BackgroundCalibration {
  private running: Promise<void> | undefined;
  /** Courses tried once already: a failure is not retried in a loop. */
  private readonly tried = new Set<string>();

  constructor(
    private readonly config: TutorConfig,
    private readonly course: Course,
  ) {}

  /** Starts when the current course has no fit and the local model judges; one at a time. */
  check(): void {
    const tutor = this.course.tutor;
    const corpus = tutor.calibration.corpus;
    if (this.running || tutor.calibration.calibrated || tutor.judge?.kind !== 'local' || this.tried.has(corpus)) return;
    this.tried.add(corpus);
    log.info('calibrating the grader for this course in the background (grading is conservative until it is done)', { corpus });
    let shown = -1;
    this.running = calibrate(this.config, tutor, {
      write: false,
      background: true,
      print: () => undefined,
      onProgress: (stage, done, total) => {
        const tenth = Math.floor((10 * done) / Math.max(1, total));
        if (tenth === shown) return;
        shown = tenth;
        log.info('background calibration', { corpus, stage, done, total });
      },
    })
      .then(async () => {
        log.info('the grader is calibrated for this course', { corpus });
        if (this.course.tutor.calibration.corpus === corpus) await this.course.reload();
      })
      .catch((error: Error) => log.warn('background calibration failed; grading stays conservative', { corpus, reason: error.message }))
      .finally(() => {
        this.running = undefined;
        this.check();
      });
  }

  /** Resolves when no calibration is running (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}
