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

/** The model's written answers by prompt key, kept so a re-run writes only what is new. */
export function readWritten(file: string): Map<string, string> {
  if (!fs.existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>));
}

export function writeWritten(file: string, written: Map<string, string>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(Object.fromEntries([...written].sort(([a], [b]) => a.localeCompare(b))), null, 1) + '\n');
}
