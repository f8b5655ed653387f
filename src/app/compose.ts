import type { TutorConfig } from '../config.js';
import type { BuildProgress } from '../index/build.js';
import { LocalLlm, localLlmConfig } from '../llm/local.js';
import { openRetriever, type OpenedRetriever } from './open.js';
import { Course } from '../tutor/course.js';
import { Tutor, type TutorModels } from '../tutor/tutor.js';

export interface OpenedTutor extends OpenedRetriever {
  tutor: Tutor;
  /** Holds the tutor of the current index build, for a server whose corpus may change. */
  course: Course;
  localLlm: LocalLlm;
}

/** The whole course, wired once: embedding model, index (built if missing or stale), retriever, language models, tutor. */
export async function openTutor(config: TutorConfig, onProgress?: (progress: BuildProgress) => void): Promise<OpenedTutor> {
  const opened = await openRetriever(config, onProgress);
  const localLlm = new LocalLlm(localLlmConfig(config));
  const models: TutorModels = { chat: config.chat, localLlm };
  const tutor = new Tutor(opened.retriever, opened.embedder, models);
  return { ...opened, tutor, course: new Course(tutor, models), localLlm };
}
