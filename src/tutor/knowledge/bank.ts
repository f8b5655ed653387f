import crypto from 'node:crypto';
import type { QuizKind } from '../../contracts/ws.js';
import { definedTerm } from '../../text/definedTerm.js';
import { detectLanguage } from '../../text/language.js';
import type { Chunk, Lang, McqOption } from '../../types.js';

export interface SourceLines {
  file: string;
  startLine: number;
  endLine: number;
}

export interface BankQuestion {
  id: string;
  text: string;
  lang: Lang;
  kind: QuizKind;
  options?: McqOption[];
  /** Labels of the correct options (multiple choice only). */
  correct?: string[];
  /** The notes' answer, whole (all pieces of the unit, in order). */
  reference: string;
  source: SourceLines;
  /** The unit (question or term) of the notes it is, as its chunks name it. */
  unitId: string;
  /**
   * Where it came from: an exam-style question, a glossary term used as a grading reference, or a
   * section of prose (its heading as the question) for a question the notes answer in prose.
   */
  origin: 'qa' | 'exam' | 'glossary' | 'passage';
  /** A section's paragraphs are several units; every other reference is the one unit `unitId`. */
  unitIds?: string[];
  /** Terms a glossary entry defines inside itself ("Presisjon: …" under "Metric"): a question about one names this entry. */
  terms?: string[];
}

function idOf(unitId: string): string {
  return `q-${crypto.createHash('sha1').update(unitId).digest('hex').slice(0, 10)}`;
}

/** Units of the given kinds, their pieces merged back in line order. */
function units(chunks: readonly Chunk[], kinds: ReadonlySet<Chunk['kind']>): Chunk[][] {
  const byUnit = new Map<string, Chunk[]>();
  for (const chunk of chunks) {
    if (!kinds.has(chunk.kind)) continue;
    const list = byUnit.get(chunk.unitId) ?? [];
    list.push(chunk);
    byUnit.set(chunk.unitId, list);
  }
  return [...byUnit.values()].map((pieces) => pieces.sort((a, b) => a.startLine - b.startLine));
}

/** Written Norwegian and Danish are close; when the question alone is ambiguous, its unit decides. */
function questionLanguage(text: string, unitLang: Lang): Lang {
  const detected = detectLanguage(text);
  const nordic = (lang: Lang) => lang === 'nb' || lang === 'da';
  return nordic(detected) && nordic(unitLang) ? unitLang : detected;
}

function toQuestion(pieces: Chunk[], origin: BankQuestion['origin'], text: string): BankQuestion | undefined {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!first || !last) return undefined;
  const reference = pieces
    .map((piece) => piece.answer ?? '')
    .filter(Boolean)
    .join('\n')
    .trim();
  if (!reference || !text) return undefined;
  return {
    id: idOf(first.unitId),
    text,
    lang: questionLanguage(text, first.lang),
    kind: first.mcq ? 'mcq' : 'open',
    ...(first.mcq ? { options: first.mcq.options, correct: first.mcq.correct } : {}),
    reference,
    source: { file: first.file, startLine: first.startLine, endLine: last.endLine },
    unitId: first.unitId,
    origin,
  };
}

/** Every exam-style question in the notes (Q/A pairs and numbered exam questions) that has an answer. */
export function extractQuestionBank(chunks: readonly Chunk[]): BankQuestion[] {
  return units(chunks, new Set(['qa', 'exam']))
    .map((pieces) => toQuestion(pieces, pieces[0]?.kind === 'qa' ? 'qa' : 'exam', pieces[0]?.title ?? ''))
    .filter((q): q is BankQuestion => q !== undefined);
}

/** Terms a glossary entry defines on lines of their own after its first. */
export function definedTerms(reference: string): string[] {
  return [
    ...new Set(
      reference
        .split('\n')
        .slice(1)
        .flatMap((line) => definedTerm(line) ?? []),
    ),
  ];
}

/** Glossary terms as open questions: extra references for grading a question about a term. */
export function glossaryReferences(chunks: readonly Chunk[]): BankQuestion[] {
  return units(chunks, new Set(['glossary']))
    .map((pieces) => toQuestion(pieces, 'glossary', pieces[0]?.title ?? ''))
    .filter((q): q is BankQuestion => q !== undefined)
    .map((q) => {
      const terms = definedTerms(q.reference);
      return terms.length > 0 ? { ...q, terms } : q;
    });
}

/**
 * Sections of prose (paragraphs under one heading of one file) as references: a course written as
 * a textbook or manual answers its questions there, not in exam questions.
 */
export function passageReferences(chunks: readonly Chunk[]): BankQuestion[] {
  const sections = new Map<string, Chunk[]>();
  for (const chunk of chunks) {
    if (chunk.kind !== 'prose' || !chunk.title.trim()) continue;
    const key = `${chunk.file}\0${chunk.title}`;
    sections.set(key, [...(sections.get(key) ?? []), chunk]);
  }
  return [...sections.values()].flatMap((pieces) => {
    const sorted = [...pieces].sort((a, b) => a.startLine - b.startLine);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const reference = sorted
      .map((piece) => piece.text)
      .join('\n\n')
      .trim();
    if (!reference) return [];
    return [
      {
        id: idOf(`passage:${first.file}:${first.title}`),
        text: first.title,
        lang: detectLanguage(reference),
        kind: 'open' as const,
        reference,
        source: { file: first.file, startLine: first.startLine, endLine: last.endLine },
        unitId: first.unitId,
        unitIds: [...new Set(sorted.map((piece) => piece.unitId))],
        origin: 'passage' as const,
      },
    ];
  });
}
