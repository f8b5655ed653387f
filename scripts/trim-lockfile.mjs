#!/usr/bin/env node
// The npm registry reachable from this project's build machines serves no platform binaries for
// other systems (e.g. @rollup/rollup-darwin-arm64 answers 404), so npm writes a lock whose optional
// edges point at packages it could not record, and `npm ci` then rejects that lock as out of sync.
// Run after changing dependencies: drops optional edges that have no package entry in the lock.
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
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
console.log(`trimmed ${dropped.length} unavailable optional dependencies from package-lock.json`);
