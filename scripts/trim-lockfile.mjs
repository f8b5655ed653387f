#!/usr/bin/env node
// Run after changing dependencies. Two kinds of optional edges are dropped from package-lock.json:
// 1. Edges to packages npm could not record: the registry reachable from this project's build
//    machines serves no platform binaries for other systems (e.g. @rollup/rollup-darwin-arm64
//    answers 404), and `npm ci` rejects a lock whose optional edges point nowhere.
// 2. node-llama-cpp's GPU and foreign-CPU builds (CUDA alone is 540 MB): the tutor runs its
//    language model on the CPU build; see README "The language model" for enabling a GPU build.
import fs from 'node:fs';

const UNWANTED = /^@node-llama-cpp\/(?!linux-x64$)/;

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
for (const key of Object.keys(lock.packages)) {
  const name = key.replace(/^.*node_modules\//, '');
  if (UNWANTED.test(name)) delete lock.packages[key];
}
const present = new Set(Object.keys(lock.packages));
const dropped = [];
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
    const nested = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
    if (!present.has(`node_modules/${dep}`) && !present.has(nested)) {
      delete pkg.optionalDependencies[dep];
      dropped.push(`${key || '(root)'} → ${dep}`);
    }
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`trimmed ${dropped.length} unavailable or unwanted optional dependencies from package-lock.json`);
