import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('install hygiene', () => {
  it('the README, package.json engines and every locked package agree on the oldest Node', () => {
    const readmeMinimum = /Node\.js ≥ (\d+\.\d+)/.exec(read('README.md'))?.[1];
    expect(readmeMinimum).toBeDefined();
    const oldest = semver.coerce(readmeMinimum)!.version;
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(semver.minVersion(pkg.engines.node)?.version).toBe(oldest);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(oldest, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name} needs node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('.npmrc holds only settings npm itself knows (no warnings on every npm command)', () => {
    const keys = read('.npmrc')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('=')[0]!.trim());
    expect(keys.filter((key) => !['legacy-peer-deps', 'engine-strict', 'fund', 'audit'].includes(key))).toEqual([]);
  });

  it('the lock holds only the CPU build of node-llama-cpp, and onnxruntime-node downloads nothing at install', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((key) => key.includes('@node-llama-cpp/'))).toEqual([
      'node_modules/@node-llama-cpp/linux-x64',
    ]);
    const pkg = JSON.parse(read('package.json')) as { allowScripts: Record<string, boolean> };
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
  });
});
