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
