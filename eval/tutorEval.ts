import fs from 'node:fs';
import path from 'node:path';
import { citationMarkers } from '../src/tutor/knowledge/markers.js';
import type { Citation } from '../src/contracts/ws.js';
import type { Tutor, TutorAnswer } from '../src/tutor/tutor.js';
import { percentile } from '../bench/common.js';

export interface GradingCase {
  id: string;
  question: string;
  answer: string;
  expect: 'correct' | 'partial' | 'incorrect' | 'unknown';
}

export interface GradingReport {
  cases: number;
  accuracy: number;
  falsePasses: number;
  p50Ms: number;
  p95Ms: number;
  rows: Array<{ id: string; expect: string; got: string; score: number; ms: number }>;
}

export async function evaluateGrading(tutor: Tutor, cases: GradingCase[]): Promise<GradingReport> {
  const rows: GradingReport['rows'] = [];
  for (const c of cases) {
    const started = performance.now();
    const result = await tutor.grade({ question: c.question, answer: c.answer });
    rows.push({ id: c.id, expect: c.expect, got: result.verdict, score: result.score, ms: Math.round(performance.now() - started) });
  }
  const right = rows.filter((r) => r.got === r.expect).length;
  const falsePasses = rows.filter((r) => r.got === 'correct' && r.expect !== 'correct').length;
  const ms = rows.map((r) => r.ms);
  return { cases: cases.length, accuracy: right / cases.length, falsePasses, p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95), rows };
}

export interface CitationAudit {
  answers: number;
  citations: number;
  /** Citations whose line range is outside the file or whose text differs from the file's lines. */
  badRanges: string[];
  /** Citations whose lines share no sentence with the answer text. */
  unused: string[];
  /** Markers [n] in an answer with no citation n. */
  danglingMarkers: string[];
  inScopeWithoutCitation: string[];
  outOfScopeAnswered: string[];
}

function normalise(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/^\s*(?:[-*•]|#{1,6})\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every citation must point at real lines, quote them exactly, and be used by the answer. */
/** Whether a citation's lines exist in its file and its text is exactly those lines. */
export function quotesFileExactly(corpusDir: string, citation: Citation): boolean {
  const file = path.join(corpusDir, citation.file);
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/\r?\n/) : [];
  const exact = lines.slice(citation.startLine - 1, citation.endLine).join('\n');
  return citation.startLine >= 1 && citation.endLine <= lines.length && citation.startLine <= citation.endLine && exact === citation.text;
}

export function auditAnswer(corpusDir: string, id: string, answer: TutorAnswer, audit: CitationAudit): void {
  audit.answers++;
  const body = normalise(answer.answer);
  answer.citations.forEach((citation, i) => {
    audit.citations++;
    if (!quotesFileExactly(corpusDir, citation)) {
      audit.badRanges.push(`${id} [${i + 1}] ${citation.file}:${citation.startLine}-${citation.endLine}`);
    }
    // The sentence right before each [n] marker must be quoted from citation n's lines.
    const cited = normalise(citation.text.replace(/```/g, ''));
    let used = false;
    const markers = citationMarkers(answer.answer);
    markers.forEach((m, k) => {
      if (m.n !== i + 1) return;
      const from = k === 0 ? 0 : markers[k - 1]!.index + `[${markers[k - 1]!.n}]`.length;
      const segment = answer.answer.slice(from, m.index).trimEnd();
      // A quoted code block ends right before its marker; otherwise the sentence does.
      const code = /```\n([\s\S]*)\n```$/.exec(segment)?.[1];
      const before = code ?? segment.split('\n').pop() ?? '';
      const sentence = normalise(before.replace(/```/g, ''));
      if (sentence.length >= 2 && cited.includes(sentence.slice(0, 40))) used = true;
    });
    if (!used || !body.includes(`[${i + 1}]`)) audit.unused.push(`${id} [${i + 1}]`);
  });
  for (const { n } of citationMarkers(answer.answer)) {
    if (n < 1 || n > answer.citations.length) audit.danglingMarkers.push(`${id} [${n}]`);
  }
}

export function emptyAudit(): CitationAudit {
  return { answers: 0, citations: 0, badRanges: [], unused: [], danglingMarkers: [], inScopeWithoutCitation: [], outOfScopeAnswered: [] };
}
