import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

/** The data flow, left to right; a module may import only from its own layer or layers to its left. */
const LAYERS = ['shared', 'ingest', 'embed', 'index', 'retrieval', 'llm', 'tutor', 'learners', 'server', 'app', 'cli'];
/** src/tutor by use case: each folder imports only the shared folders and files of tutor/, never another use case. */
const TUTOR = path.join(SRC, 'tutor');
const USE_CASES = ['scope', 'answer', 'grading', 'quiz'];
const TUTOR_SHARED = ['knowledge', 'messages', 'types.ts', 'tuning.ts'];
const SHARED = new Set(['text', 'contracts', 'types.ts', 'config.ts', 'log.ts', 'tuning.ts', 'queue.ts']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) =>
    path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
}

function layerOf(file: string): number {
  const top = path.relative(SRC, file).split(path.sep)[0]!;
  return LAYERS.indexOf(SHARED.has(top) ? 'shared' : top);
}

/** The first folder (or file) under src/tutor of a module there. */
const folderOf = (file: string) => path.relative(TUTOR, file).split(path.sep)[0]!;
const inTutor = (file: string) => !path.relative(TUTOR, file).startsWith('..');

const graph = new Map(sourceFiles(SRC).map((file) => [file, imports(file)]));

describe('architecture', () => {
  it('every module sits in a known layer', () => {
    for (const file of graph.keys()) expect(layerOf(file), path.relative(SRC, file)).toBeGreaterThanOrEqual(0);
  });

  it('no module imports from a layer to its right (ingest → embed → index → retrieval → llm → tutor → server → app → cli)', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('src/tutor has only use-case folders, shared folders and the facade at its top', () => {
    const allowed = new Set([...USE_CASES, ...TUTOR_SHARED, 'tutor.ts', 'course.ts']);
    expect(fs.readdirSync(TUTOR).filter((name) => !allowed.has(name))).toEqual([]);
  });

  it('a use-case folder of src/tutor imports no other use case and not the facade', () => {
    const sideways = [...graph].flatMap(([file, targets]) => {
      if (!inTutor(file) || !USE_CASES.includes(folderOf(file))) return [];
      return targets
        .filter((target) => inTutor(target) && folderOf(target) !== folderOf(file) && !TUTOR_SHARED.includes(folderOf(target)))
        .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
    });
    expect(sideways).toEqual([]);
  });

  it('the shared folders of src/tutor import no use case', () => {
    const upward = [...graph].flatMap(([file, targets]) => {
      if (!inTutor(file) || !TUTOR_SHARED.includes(folderOf(file))) return [];
      return targets
        .filter((target) => inTutor(target) && !TUTOR_SHARED.includes(folderOf(target)))
        .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
    });
    expect(upward).toEqual([]);
  });

  it('has no import circle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
