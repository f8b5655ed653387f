/** A passage an explanation was written from, and a hash of the lines shown of it. */
export interface ExplanationSource {
  unitId: string;
  file: string;
  hash: string;
}

/** One explanation kept for the class: what it was written from, and what it says. */
export interface StoredExplanation {
  /** Language and sources, hashed (explanationKey in the tutor). */
  key: string;
  lang: string;
  /** The normalised question it was first written for (for people reading the store). */
  question: string;
  sources: ExplanationSource[];
  /** The checked explanation as the tutor sends it; read back as written. */
  body: unknown;
  createdAt: string;
}

/**
 * Where explanations are shared between students and replicas: files beside the index by default,
 * a table in the Postgres database when TUTOR_DATABASE_URL is set. Every store passes the cases in
 * tests/stores/explanationStoreCases.ts.
 */
export interface ExplanationStore {
  readonly engine: string;
  get(key: string): Promise<StoredExplanation | null>;
  put(entry: StoredExplanation): Promise<void>;
  /** Delete every entry with a source `isCurrent` rejects (its lines changed or are gone); returns how many. */
  retain(isCurrent: (source: ExplanationSource) => boolean): Promise<number>;
}

/** A stored entry as read back from JSON, or null when it is not one (a damaged file or row). */
export function parseStoredExplanation(value: unknown): StoredExplanation | null {
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Partial<StoredExplanation>;
  const sourcesOk =
    Array.isArray(entry.sources) &&
    entry.sources.every((s) => typeof s?.unitId === 'string' && typeof s.file === 'string' && typeof s.hash === 'string');
  if (typeof entry.key !== 'string' || typeof entry.lang !== 'string' || typeof entry.question !== 'string' || !sourcesOk) return null;
  return { key: entry.key, lang: entry.lang, question: entry.question, sources: entry.sources!, body: entry.body, createdAt: String(entry.createdAt ?? '') };
}
