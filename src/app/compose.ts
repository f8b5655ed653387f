import type { TutorConfig } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import type { BuildProgress } from '../index/build.js';
import { createChatModel } from '../llm/chatModel.js';
import { LocalLlm, localLlmConfig } from '../llm/local.js';
import { LocalChatModel } from '../llm/localChatModel.js';
import { log, setLogLevel } from '../log.js';
import type { Retriever } from '../retrieval/search.js';
import { Course } from '../tutor/course.js';
import { localMeaningJudge, remoteMeaningJudge, type MeaningJudge } from '../tutor/grading/signals/meaning.js';
import { CourseKnowledge } from '../tutor/knowledge/courseKnowledge.js';
import { QuestionReader } from '../tutor/scope/questionReader.js';
import { Scope } from '../tutor/scope/scope.js';
import { Tutor } from '../tutor/tutor.js';
import { openRetriever, type OpenedRetriever } from './open.js';
import { englishReadingsIn, keptWritings, loadCalibration } from './calibration.js';
import { EnglishReadings, judgingInEnglish } from '../tutor/grading/signals/english.js';
import { courseFingerprint } from '../tutor/knowledge/fingerprint.js';
import { PlacedLimiter } from '../queue.js';
import { localSupportReading, remoteSupportReading, type SupportReading } from '../tutor/answer/support.js';
import { ExplanationCache } from '../tutor/answer/explanationCache.js';
import type { ExplanationStore } from '../index/stores/explanations/explanationStore.js';
import { MAX_EXPLANATIONS_WAITING } from '../llm/local.js';
import { openExplanationStore, openProgressStore } from './open.js';
import { Learners } from '../learners/learners.js';
import { correctionsOver } from './corrections.js';
import type { Clock } from '../learners/clock.js';

/**
 * The composition root: the only place that constructs the language models, the judges, the
 * question reader and the tutor (stores and retrievers: open.ts beside it) and reads the configuration for them.
 */

/** The language models a tutor may use; each is optional. */
export interface TutorModels {
  /** A chat model behind TUTOR_LLM_BASE_URL: composes answers and judges grading. */
  chat?: TutorConfig['chat'];
  /** The embedded local model: judges grading and writes explanations when no chat model is configured. */
  localLlm?: LocalLlm | null;
  /** TUTOR_READ_WAIT_MS (0 = no limit). */
  readWaitMs?: number;
  /** TUTOR_CALIBRATION_DIR: the grading fits by course; unset grades by the conservative rules. */
  calibrationDir?: string;
  /** Where the class's explanations are shared; none keeps no cache. */
  explanationStore?: ExplanationStore | null;
}

/** Explanations a remote chat server writes at once (it serves many); the local model writes one at a time. */
const REMOTE_EXPLANATIONS_AT_ONCE = 4;

let noJudgeWarned = false;

/**
 * The judge of answers' meaning: a configured chat model reads the texts as written; the small local
 * model reads them in English (signals/english.ts), starting with the readings the course's calibration kept.
 */
function gradingJudge(
  llmConfig: TutorConfig['chat'] | null,
  localLlm: LocalLlm | null,
  localChat: LocalChatModel | null,
  kept: Map<string, string> | undefined,
): MeaningJudge | null {
  // A verdict is one structured reply: the judge asks without streaming.
  if (llmConfig) return remoteMeaningJudge(createChatModel(llmConfig, { streaming: false }));
  if (localLlm && localChat) return judgingInEnglish(localMeaningJudge(localLlm), new EnglishReadings(localChat, kept));
  if (!noJudgeWarned) {
    noJudgeWarned = true;
    log.warn(
      'no language model for grading (run `npm run setup-models`); open answers are graded by embeddings and rules only, which is less reliable',
    );
  }
  return null;
}

/** A tutor over one index build: the course knowledge, the scope judgement and the models, wired. */
export function createTutor(retriever: Retriever, embedder: Embedder | null, models: TutorModels = {}, indexed = retriever): Tutor {
  const knowledge = new CourseKnowledge(retriever, embedder);
  // A calibration belongs to the notes as indexed: the teacher's corrections do not void it.
  const corpus = courseFingerprint(indexed.chunks);
  const fit = models.calibrationDir
    ? loadCalibration(models.calibrationDir, corpus)
    : { calibration: null, status: { calibrated: false, corpus, reason: 'no calibration folder configured' } };
  const kept = models.calibrationDir ? keptWritings(models.calibrationDir, corpus) : new Map<string, string>();
  knowledge.useEnglishQuestions(englishReadingsIn(kept, knowledge.references));
  const llmConfig = models.chat ?? null;
  const chat = llmConfig ? createChatModel(llmConfig) : null;
  if (llmConfig)
    log.info('generative composer configured', { provider: llmConfig.provider, baseUrl: llmConfig.baseUrl, model: llmConfig.model });
  const localLlm = models.localLlm?.installed ? models.localLlm : null;
  const localChat = !chat && localLlm ? new LocalChatModel(localLlm) : null;
  const explainer = chat ?? localChat;
  const reader = explainer
    ? new QuestionReader(explainer, localChat && localLlm ? () => localLlm.warm() : undefined, models.readWaitMs ?? 0)
    : null;
  const judge = gradingJudge(llmConfig, localLlm, localChat, kept);
  const supportReading: SupportReading | null = llmConfig
    ? remoteSupportReading(createChatModel(llmConfig, { streaming: false }))
    : localLlm
      ? localSupportReading(localLlm)
      : null;
  const explanationCache = models.explanationStore ? new ExplanationCache(models.explanationStore) : null;
  const tutor = new Tutor({
    knowledge,
    scope: new Scope(retriever, knowledge.vocabulary, reader),
    chat,
    explainer,
    judge,
    calibration: fit.calibration,
    calibrationStatus: fit.status,
    explanationSlots: new PlacedLimiter(localChat ? 1 : REMOTE_EXPLANATIONS_AT_ONCE, MAX_EXPLANATIONS_WAITING),
    explanationCache,
    supportReading,
    modelIdle: () => !localLlm || localLlm.queued === 0,
    warmModels: async () => {
      const failed = await localLlm?.warm();
      if (failed) log.warn('the local language model could not be loaded; grading without it is less reliable', { reason: failed.message });
      return failed;
    },
  });
  // Explanations written from notes that have since changed are dropped (in the background; a stale key is never served anyway).
  void explanationCache
    ?.retain(tutor.hashes)
    .catch((error: Error) => log.warn('could not prune the explanation cache', { reason: error.message }));
  return tutor;
}

export interface OpenedTutor extends OpenedRetriever {
  tutor: Tutor;
  /** Holds the tutor of the current index build, for a server whose corpus may change. */
  course: Course;
  localLlm: LocalLlm;
}

/** The whole course, wired once: embedding model, index (built if missing or stale), retriever, language models, tutor. */
export async function openTutor(
  config: TutorConfig,
  onProgress?: (progress: BuildProgress) => void,
  options: { explanationCache?: boolean } = {},
): Promise<OpenedTutor> {
  setLogLevel(config.logLevel);
  const opened = await openRetriever(config, onProgress);
  const localLlm = new LocalLlm(localLlmConfig(config));
  const models: TutorModels = {
    chat: config.chat,
    localLlm,
    readWaitMs: config.readWaitMs,
    calibrationDir: config.calibrationDir,
    explanationStore: options.explanationCache === false ? null : await openExplanationStore(config),
  };
  const tutor = createTutor(opened.retriever, opened.embedder, models);
  const course = new Course(
    tutor,
    (retriever, indexed) => createTutor(retriever, opened.embedder, models, indexed),
    correctionsOver(config.corpusDir, opened.embedder),
  );
  return { ...opened, tutor, course, localLlm };
}

/**
 * Students' progress over the course. Only the server opens it: an embedded PGlite folder admits one
 * process, so CLI commands run beside a server never touch it.
 */
export async function openLearners(config: TutorConfig, course: Course, clock?: Clock): Promise<Learners> {
  return new Learners(await openProgressStore(config), course, clock);
}
