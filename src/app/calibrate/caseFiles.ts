import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CalibrationCase } from './cases.js';

/** The set as JSON Lines, one case per line in id order (diffs stay readable). */
export function readCases(file: string): CalibrationCase[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CalibrationCase);
}

export function writeCases(file: string, cases: readonly CalibrationCase[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sorted = [...cases].sort((a, b) => a.id.localeCompare(b.id));
  fs.writeFileSync(file, sorted.map((c) => JSON.stringify(c)).join('\n') + '\n');
}

/**
 * What the model wrote or read, by key (written answers by prompt, agreements by what was read),
 * kept so a re-run asks the model only about what is new; null when no run has kept any.
 */
export function readKept<V>(file: string): Map<string, V> | null {
  if (!fs.existsSync(file)) return null;
  return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, V>));
}

export function writeKept<V>(file: string, kept: Map<string, V>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(Object.fromEntries([...kept].sort(([a], [b]) => a.localeCompare(b))), null, 1) + '\n');
}

/** Beside the set: the model's written answers and its agreements, by what it read. */
export function keptFiles(casesFile: string): { writtenFile: string; readingsFile: string } {
  const beside = (kind: string) => casesFile.replace(/cases-/, `${kind}-`).replace(/\.jsonl$/, '.json');
  return { writtenFile: beside('written'), readingsFile: beside('agreements') };
}

/** The key a written answer is kept by: its prompt, hashed. */
export function promptKey(prompt: string): string {
  return crypto.createHash('sha1').update(prompt).digest('hex').slice(0, 16);
}
