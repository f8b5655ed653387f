import crypto from 'node:crypto';
import { dot } from '../../text/vectors.js';
import { normaliseForComparison } from '../../text/normalise.js';
import type { BankQuestion } from './bank.js';

/** A group of the course's questions and terms that mastery is traced over. */
export interface Topic {
  /** Stable while the same term names it (a hash of the name). */
  id: string;
  name: string;
  /** What the notes say the naming term is (its definition, when a glossary term names it). */
  about?: string;
  /** Every reference (exam question, glossary term, prose section) in it. */
  memberIds: string[];
}

export interface CourseTopics {
  topics: Topic[];
  /** The topic a reference (by id) belongs to. */
  topicOf(referenceId: string): Topic | undefined;
}

/** A term can name a topic when it is short and not itself a question. */
const MAX_NAME_WORDS = 5;

/** Enough of a definition to say which sense of a term is meant. */
const ABOUT_CHARS = 300;

const topicId = (name: string) => `t-${crypto.createHash('sha1').update(normaliseForComparison(name)).digest('hex').slice(0, 10)}`;

function indexed(topics: Topic[]): CourseTopics {
  const byMember = new Map<string, Topic>();
  for (const topic of topics) for (const id of topic.memberIds) byMember.set(id, topic);
  return { topics, topicOf: (id) => byMember.get(id) };
}

/** Rule of thumb for the number of groups in n items (Mardia et al.): √(n/2). */
export const topicCount = (items: number): number => Math.max(1, Math.round(Math.sqrt(items / 2)));

function namable(item: BankQuestion): boolean {
  const words = item.text.trim().split(/\s+/).length;
  return item.origin === 'glossary' && !item.text.includes('?') && words <= MAX_NAME_WORDS;
}

/**
 * Topics by embeddings: the course's glossary terms (or, without a glossary, its questions) that best
 * cover all references are chosen greedily (facility location: each pick adds the most similarity of
 * items to their nearest pick), √(n/2) of them, and every reference joins its nearest pick, which
 * names the topic. Deterministic for one index build.
 */
export function topicsByMeaning(items: readonly BankQuestion[], vectors: readonly Float32Array[]): CourseTopics {
  const seen = new Set<string>();
  let candidates = items.flatMap((item, i) => {
    const key = normaliseForComparison(item.text);
    if (!namable(item) || seen.has(key)) return [];
    seen.add(key);
    return [i];
  });
  if (candidates.length === 0) candidates = items.map((_, i) => i);
  const similarity = candidates.map((c) => vectors.map((v) => dot(vectors[c]!, v)));
  const k = Math.min(topicCount(items.length), candidates.length);
  const nearest = new Array<number>(items.length).fill(-1);
  const chosen: number[] = [];
  for (let pick = 0; pick < k; pick++) {
    let best = -1;
    let bestGain = -Infinity;
    candidates.forEach((_, c) => {
      if (chosen.includes(c)) return;
      const gain = similarity[c]!.reduce((sum, s, i) => sum + Math.max(0, s - nearest[i]!), 0);
      if (gain > bestGain) [best, bestGain] = [c, gain];
    });
    chosen.push(best);
    similarity[best]!.forEach((s, i) => (nearest[i] = Math.max(nearest[i]!, s)));
  }
  const members = chosen.map(() => [] as string[]);
  items.forEach((item, i) => {
    let at = 0;
    chosen.forEach((c, j) => {
      if (similarity[c]![i]! > similarity[chosen[at]!]![i]!) at = j;
    });
    members[at]!.push(item.id);
  });
  // Named by the term most like its whole group (the pick that founded it may sit at its edge).
  const position = new Map(items.map((item, i) => [item.id, i]));
  const topics = chosen.map((founder, j) => {
    const inside = members[j]!.map((id) => position.get(id)!);
    const central = (c: number) => inside.reduce((sum, i) => sum + similarity[c]![i]!, 0);
    const namers = candidates.flatMap((item, c) => (inside.includes(item) ? [c] : []));
    const named = namers.reduce((best, c) => (central(c) > central(best) ? c : best), founder);
    const namer = items[candidates[named]!]!;
    const name = namer.text.trim();
    return { id: topicId(name), name, about: namer.reference.slice(0, ABOUT_CHARS), memberIds: members[j]! };
  });
  return indexed(topics.filter((t) => t.memberIds.length > 0).sort((a, b) => a.name.localeCompare(b.name)));
}

/** Without embeddings: one topic per course file, named as citations name it. */
export function topicsByFile(items: readonly BankQuestion[], sourceName: (file: string) => string): CourseTopics {
  const byFile = new Map<string, string[]>();
  for (const item of items) byFile.set(item.source.file, [...(byFile.get(item.source.file) ?? []), item.id]);
  const topics = [...byFile].map(([file, memberIds]) => ({ id: topicId(file), name: sourceName(file), memberIds }));
  return indexed(topics.sort((a, b) => a.name.localeCompare(b.name)));
}
