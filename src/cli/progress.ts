import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/build.js';

const LABELS: Record<BuildProgress['phase'], string> = { chunk: 'reading', embed: 'embedding', write: 'writing' };

/** A progress bar on an interactive terminal; nothing when stderr is not a TTY (logs stay clean). */
export function terminalProgress(): { onProgress?: (progress: BuildProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: 'index {phase} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: BuildProgress['phase'] | undefined;
  return {
    onProgress: (progress) => {
      if (progress.phase !== phase) {
        if (phase) bar.stop();
        phase = progress.phase;
        bar.start(progress.total, progress.done, { phase: LABELS[progress.phase] });
      } else bar.update(progress.done);
    },
    stop: () => bar.stop(),
  };
}

/** Progress through named stages: a bar on a terminal, a line every tenth of a stage otherwise. */
export function stageProgress(): { update: (stage: string, done: number, total: number) => void; stop: () => void } {
  let stage: string | undefined;
  let shown = -1;
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: '{stage} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : null;
  return {
    update(next, done, total) {
      if (next !== stage) {
        bar?.stop();
        stage = next;
        shown = -1;
        bar?.start(total, done, { stage });
      } else bar?.update(done);
      const tenth = Math.floor((10 * done) / Math.max(1, total));
      if (!bar && tenth !== shown) {
        shown = tenth;
        process.stderr.write(`${stage} ${done}/${total}\n`);
      }
    },
    stop: () => bar?.stop(),
  };
}
