/** Measures shared by the course evaluations (eval/run.ts): retrieval ranks, grading lines by language. */
import fs from 'node:fs';
import path from 'node:path';
import { groundingScore } from '../src/retrieval/grounding.js';
import type { Retriever, SearchMode, SearchResult } from '../src/retrieval/search.js';
import { detectLanguage } from '../src/text/language.js';
import { groundedByScore } from '../src/tutor/scope/coverage.js';
import type { evaluateGrading, GradingCase } from './tutorEval.js';

export function readJsonlFile<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export interface RetrievalCase {
  id: string;
  lang: string;
  query: string;
  evidence: Array<[string, string]>;
}

export interface OutOfScopeCase {
  id: string;
  lang: string;
  query: string;
  /** Held-out set: what the question is about (computing, general, machine-learning). */
  kind?: string;
}

export function median(values: number[]): number {
  return values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! : NaN;
}

/** Evidence [file, text] → the 1-based line of that file that contains the text. */
export function evidenceLines(corpusDir: string, cases: RetrievalCase[]): Map<string, Array<{ file: string; line: number }>> {
  const cache = new Map<string, string[]>();
  const out = new Map<string, Array<{ file: string; line: number }>>();
  for (const c of cases) {
    out.set(
      c.id,
      c.evidence.map(([file, text]) => {
        const lines = cache.get(file) ?? fs.readFileSync(path.join(corpusDir, file), 'utf8').split(/\r?\n/);
        cache.set(file, lines);
        const index = lines.findIndex((line) => line.includes(text));
        if (index < 0) throw new Error(`evidence for ${c.id} not found in ${file}: ${text}`);
        return { file, line: index + 1 };
      }),
    );
  }
  return out;
}

export function firstRelevantRank(result: SearchResult, evidence: Array<{ file: string; line: number }>): number | null {
  const index = result.hits.findIndex(({ chunk }) =>
    evidence.some((e) => e.file === chunk.file && chunk.startLine <= e.line && e.line <= chunk.endLine),
  );
  return index < 0 ? null : index + 1;
}

/** Recall@1, Recall@5 and MRR@10 of results against each case's evidence lines. */
export function rankMeasures(
  results: readonly SearchResult[],
  cases: readonly RetrievalCase[],
  evidence: ReturnType<typeof evidenceLines>,
): { recall1: number; recall5: number; mrr10: number } {
  const ranks = results.map((result, i) => firstRelevantRank(result, evidence.get(cases[i]!.id) ?? []));
  return {
    recall1: ranks.filter((rank) => rank === 1).length / cases.length,
    recall5: ranks.filter((rank) => rank !== null && rank <= 5).length / cases.length,
    mrr10: ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / cases.length,
  };
}

export interface Row {
  mode: SearchMode;
  recall1: number;
  recall5: number;
  mrr10: number;
  refusal: number;
  inScopeRefused: number;
}

export async function evaluate(
  retriever: Retriever,
  verbose: boolean,
  mode: SearchMode,
  cases: RetrievalCase[],
  outOfScope: OutOfScopeCase[],
  evidence: ReturnType<typeof evidenceLines>,
): Promise<Row> {
  const results = await retriever.searchMany(
    cases.map((c) => c.query),
    { k: 10, mode },
  );
  const oos = await retriever.searchMany(
    outOfScope.map((c) => c.query),
    { k: 10, mode },
  );
  let refusedIn = 0;
  results.forEach((result, i) => {
    const c = cases[i] as RetrievalCase;
    if (!groundedByScore(result)) refusedIn++;
    if (verbose) {
      const rank = firstRelevantRank(result, evidence.get(c.id) ?? []);
      const s = result.signal;
      console.log(
        `${mode.padEnd(7)} ${c.id} rank=${rank ?? '-'} ground=${groundingScore(s)?.toFixed(3)} lex=${s.lexicalTop.toFixed(2)} ${groundedByScore(result) ? '' : 'REFUSED'} ${c.query}`,
      );
    }
  });
  let refused = 0;
  oos.forEach((result, i) => {
    if (!groundedByScore(result)) refused++;
    if (verbose) {
      const s = result.signal;
      console.log(
        `${mode.padEnd(7)} ${outOfScope[i]?.id} OOS ground=${groundingScore(s)?.toFixed(3)} lex=${s.lexicalTop.toFixed(2)} ${groundedByScore(result) ? 'ANSWERED' : 'refused'} ${outOfScope[i]?.query}`,
      );
    }
  });
  return {
    mode,
    ...rankMeasures(results, cases, evidence),
    refusal: refused / outOfScope.length,
    inScopeRefused: refusedIn,
  };
}

/** One line for the whole file, then one per language of the answers. */
export function gradingLines(name: string, cases: GradingCase[], grading: Awaited<ReturnType<typeof evaluateGrading>>): string[] {
  const langOf = new Map(cases.map((c) => [c.id, detectLanguage(c.answer)]));
  const line = (lang: string, rows: typeof grading.rows) => {
    const right = rows.filter((r) => r.got === r.expect).length;
    const falsePasses = rows.filter((r) => r.got === 'correct' && r.expect !== 'correct').length;
    const misses = rows.filter((r) => r.got !== r.expect).map((r) => `${r.id} (${r.expect}→${r.got})`);
    const p50 = median(rows.map((r) => r.ms));
    return `| ${name} | ${lang} | ${rows.length} | ${(right / Math.max(1, rows.length)).toFixed(3)} | ${falsePasses} | ${p50} | ${misses.join(', ') || '—'} |`;
  };
  const langs = [...new Set(langOf.values())].sort();
  return [
    line('all', grading.rows),
    ...langs.map((lang) =>
      line(
        lang,
        grading.rows.filter((r) => langOf.get(r.id) === lang),
      ),
    ),
  ];
}
