import crypto from 'node:crypto';
import type { ExplanationSource, ExplanationStore } from '../../index/stores/explanations/explanationStore.js';
import { log } from '../../log.js';
import { normaliseForComparison } from '../../text/normalise.js';
import type { Chunk, Lang } from '../../types.js';
import type { Citation } from '../knowledge/citations.js';
import type { Explanation } from './explain.js';

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** A unit's identity for the cache: its file, its lines and their text; any change to them makes a new hash. */
export function unitHashes(chunks: readonly Chunk[]): Map<string, { file: string; hash: string }> {
  const units = new Map<string, Chunk[]>();
  for (const chunk of chunks) {
    const pieces = units.get(chunk.unitId);
    if (pieces) pieces.push(chunk);
    else units.set(chunk.unitId, [chunk]);
  }
  const hashes = new Map<string, { file: string; hash: string }>();
  for (const [unitId, pieces] of units) {
    const identity = pieces.map((c) => `${c.file}:${c.startLine}-${c.endLine}\n${c.text}`).join('\n');
    hashes.set(unitId, { file: pieces[0]!.file, hash: sha(identity).slice(0, 16) });
  }
  return hashes;
}

/** Outcomes worth sharing: an explanation that passed, or one that could not pass (not a stop, a busy model or a failure). */
export function cacheable(explanation: Explanation): boolean {
  if (explanation.composer === 'llm') return !explanation.problem;
  return explanation.problem === 'unsupported' || explanation.problem === 'empty';
}

/** What is kept of an explanation: what the student is shown. */
interface Body {
  composer: Explanation['composer'];
  text: string;
  citations: Citation[];
  lang: Lang | null;
  problem?: Explanation['problem'];
}

function parseBody(value: unknown): Body | null {
  const body = value as Partial<Body> | null;
  if (
    !body ||
    typeof body.text !== 'string' ||
    !Array.isArray(body.citations) ||
    (body.composer !== 'llm' && body.composer !== 'extractive')
  )
    return null;
  return body as Body;
}

/**
 * The class's explanations, shared by every student and replica: keyed by the language and the
 * passages the explanation is written from (their units' lines and text), since an explanation says
 * only what those passages say. A question in other words that finds the same passages gets the
 * same explanation; a passage whose lines change makes a new key, and `retain` drops the old entry.
 */
export class ExplanationCache {
  constructor(private readonly store: ExplanationStore) {}

  static keyOf(lang: Lang, units: readonly string[], hashes: Map<string, { file: string; hash: string }>) {
    const sources: ExplanationSource[] = units.map((unitId) => ({
      unitId,
      file: hashes.get(unitId)?.file ?? '',
      hash: hashes.get(unitId)?.hash ?? '',
    }));
    return { key: sha(`${lang}\n${JSON.stringify(sources)}`).slice(0, 32), sources };
  }

  async get(key: string): Promise<Explanation | null> {
    try {
      const entry = await this.store.get(key);
      const body = entry ? parseBody(entry.body) : null;
      return body ? { ...body, removedMarkers: [], cached: true } : null;
    } catch (error) {
      log.warn('the explanation cache could not be read; writing a new explanation', { reason: (error as Error).message });
      return null;
    }
  }

  async put(key: string, sources: ExplanationSource[], lang: Lang, question: string, explanation: Explanation): Promise<void> {
    const body: Body = {
      composer: explanation.composer,
      text: explanation.text,
      citations: explanation.citations,
      lang: explanation.lang,
      ...(explanation.problem ? { problem: explanation.problem } : {}),
    };
    try {
      await this.store.put({ key, lang, question: normaliseForComparison(question), sources, body, createdAt: new Date().toISOString() });
    } catch (error) {
      log.warn('an explanation could not be cached', { reason: (error as Error).message });
    }
  }

  /** Drop entries written from passages that changed or are gone. */
  async retain(hashes: Map<string, { file: string; hash: string }>): Promise<number> {
    const removed = await this.store.retain((source) => hashes.get(source.unitId)?.hash === source.hash);
    if (removed > 0) log.info('cached explanations of changed notes dropped', { removed });
    return removed;
  }
}
