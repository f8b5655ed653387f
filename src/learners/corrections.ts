import crypto from 'node:crypto';
import type { TeacherCorrection } from '../contracts/http.js';
import { log } from '../log.js';
import type { Correction, PlacedCorrection } from '../retrieval/corrections/correction.js';
import type { Course } from '../tutor/course.js';
import type { Clock } from './clock.js';
import type { ProgressStore } from './store/progressStore.js';

export interface CorrectionInput {
  file: string;
  startLine: number;
  endLine: number;
  text: string;
  teacher: string;
}

export class CorrectionRangeError extends Error {}

/**
 * The teacher's corrections of the notes: kept in the progress database (so they survive
 * re-indexing and every replica shares them) and applied to the course by rebuilding its tutor.
 */
export class NotesCorrections {
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly store: ProgressStore,
    private readonly course: Course,
    private readonly clock: Clock,
  ) {}

  /**
   * Bring the tutor up to the corrections in the database (another replica may have made one): one
   * small query, and a rebuild only when they changed. A database that fails leaves the tutor as it is.
   */
  sync(): Promise<void> {
    this.syncing ??= this.apply()
      .catch((error: Error) => log.warn('could not read the corrections of the notes', { reason: error.message }))
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async apply(): Promise<void> {
    await this.course.correct(await this.store.corrections());
  }

  /**
   * Mark lines of a course file wrong, with the correct statement; `lines` is the file as it is now.
   * Resolves once the tutor answers with it.
   */
  async add(input: CorrectionInput, lines: readonly string[]): Promise<TeacherCorrection> {
    if (input.endLine > lines.length)
      throw new CorrectionRangeError(`lines ${input.startLine}-${input.endLine} are not in ${input.file} (it has ${lines.length} lines)`);
    const original = lines.slice(input.startLine - 1, input.endLine).join('\n');
    if (!original.trim()) throw new CorrectionRangeError(`lines ${input.startLine}-${input.endLine} of ${input.file} are empty`);
    const correction: Correction = { id: crypto.randomUUID(), ...input, original, at: this.clock() };
    await this.store.addCorrection(correction);
    await this.apply();
    return (await this.list(false)).find((c) => c.id === correction.id)!;
  }

  /** Withdraw a correction (the notes' own lines stand again); false when there is none with this id. */
  async withdraw(id: string): Promise<boolean> {
    const removed = await this.store.removeCorrection(id);
    if (removed) await this.apply();
    return removed;
  }

  /** Every correction, oldest first, with where it applies now (the course's placement covers every one it was given). */
  async list(sync = true): Promise<TeacherCorrection[]> {
    if (sync) await this.sync();
    const { placed, stale, superseded } = this.course.placement;
    const view = (c: Correction, status: TeacherCorrection['status'], at?: PlacedCorrection): TeacherCorrection => ({
      id: c.id,
      file: c.file,
      startLine: c.startLine,
      endLine: c.endLine,
      text: c.text,
      original: c.original,
      teacher: c.teacher,
      at: c.at.toISOString(),
      status,
      ...(at ? { appliesAt: { startLine: at.placedStart, endLine: at.placedEnd } } : {}),
    });
    return [
      ...placed.map((p) => view(p, p.moved ? 'moved' : 'applied', p)),
      ...stale.map((c) => view(c, 'stale')),
      ...superseded.map((c) => view(c, 'superseded')),
    ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }
}
