import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import type { DeviceChoice, TutorConfig } from '../config.js';
import { log } from '../log.js';
import { coalesce } from './coalesce.js';
import { resolveModel, type ModelSource } from './model.js';

export interface Embedder {
  readonly model: ModelSource;
  readonly device: 'cpu' | 'cuda' | 'webgpu';
  readonly dimension: number;
  embedPassages(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  embedQueries(texts: string[]): Promise<Float32Array[]>;
}

export class ModelUnavailableError extends Error {}

const BATCH_SIZE = 16;

async function createPipeline(
  model: ModelSource,
  device: 'cpu' | 'cuda' | 'webgpu',
  dtype: TutorConfig['dtype'],
): Promise<FeatureExtractionPipeline> {
  return (await pipeline('feature-extraction', model.id, { device, dtype })) as FeatureExtractionPipeline;
}

/**
 * onnxruntime-node ships its CUDA provider only when installed with the CUDA option (see README);
 * without that library, asking for CUDA just prints a native error, so auto mode checks first.
 */
export function cudaProviderInstalled(): boolean {
  try {
    const ortDir = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    const binDir = path.join(ortDir, 'bin', 'napi-v6', process.platform, process.arch);
    return fs.existsSync(path.join(binDir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** GPU first when asked (or on auto), else CPU; a missing GPU is a log line, never a crash. */
async function loadOnDevice(model: ModelSource, choice: DeviceChoice, dtype: TutorConfig['dtype']) {
  let order: Array<'cpu' | 'cuda' | 'webgpu'> = choice === 'auto' ? ['cuda', 'cpu'] : choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
  if (choice === 'auto' && !cudaProviderInstalled()) {
    log.info('CUDA execution provider not installed; using CPU');
    order = ['cpu'];
  }
  let lastError: unknown;
  for (const device of order) {
    try {
      return { extractor: await createPipeline(model, device, dtype), device };
    } catch (error) {
      lastError = error;
      if (device !== 'cpu') {
        log.info('GPU execution provider unavailable; falling back to CPU', {
          device,
          reason: String((error as Error).message ?? error).split('\n')[0],
        });
      }
    }
  }
  throw new ModelUnavailableError(
    `embedding model "${model.id}" could not be loaded: ${String((lastError as Error)?.message ?? lastError)}. ` +
      'Run `npm run setup-models` (offline) or allow the first start to download it from the Hugging Face hub.',
  );
}

export async function loadEmbedder(config: TutorConfig): Promise<Embedder> {
  const model = resolveModel(config);
  env.localModelPath = config.modelDir + path.sep;
  env.allowLocalModels = true;
  env.allowRemoteModels = model.localDir === undefined && !config.offline;
  env.cacheDir = path.join(config.modelDir, '.hub-cache');
  const started = Date.now();
  const { extractor, device } = await loadOnDevice(model, config.device, config.dtype);
  const probe = await extractor(['passage: probe'], { pooling: 'mean', normalize: true });
  const dimension = probe.dims[probe.dims.length - 1] ?? 0;
  log.info('embedding model loaded', { model: model.id, device, dimension, ms: Date.now() - started });

  async function embed(texts: string[], prefix: string, onBatch?: (done: number) => void): Promise<Float32Array[]> {
    // Batches of similar length waste little time on padding.
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0));
    const out = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += BATCH_SIZE) {
      const batch = order.slice(start, start + BATCH_SIZE);
      const tensor = await extractor(
        batch.map((i) => prefix + texts[i]),
        { pooling: 'mean', normalize: true },
      );
      const data = tensor.data as Float32Array;
      batch.forEach((textIndex, row) => {
        out[textIndex] = data.slice(row * dimension, (row + 1) * dimension);
      });
      onBatch?.(Math.min(start + BATCH_SIZE, order.length));
    }
    return out;
  }

  // Indexing and queries share one model; concurrent queries are gathered into shared batches.
  const passagePrefix = model.usesE5Prefixes ? 'passage: ' : '';
  const embedQueries = coalesce((texts) => embed(texts, model.usesE5Prefixes ? 'query: ' : ''));
  const embedFewPassages = coalesce((texts) => embed(texts, passagePrefix));
  return {
    model,
    device,
    dimension,
    // Indexing (many texts, with progress) runs directly; the tutor's small scoring calls are shared.
    embedPassages: (texts, onBatch) => (onBatch || texts.length > 64 ? embed(texts, passagePrefix, onBatch) : embedFewPassages(texts)),
    embedQueries,
  };
}
