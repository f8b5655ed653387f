import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Row {
  section: string;
  metric: string;
  value: string;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The questions of an eval set (eval/<name>). */
export function evalQueries(name = 'dev-retrieval.jsonl'): string[] {
  return fs
    .readFileSync(path.join(ROOT, 'eval', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { query: string }).query);
}

export function devQueries(): string[] {
  return evalQueries();
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
/** "p50 / p95" of latencies in milliseconds. */
export const p50p95 = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
