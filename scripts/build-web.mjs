// Bundle the page's TypeScript for the browser and copy its static files into dist/web.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'web');
fs.mkdirSync(out, { recursive: true });
// The student's page (app.js) and the teacher's (teacher.js).
for (const [entry, outfile] of [
  ['main.ts', 'app.js'],
  ['teacher.ts', 'teacher.js'],
]) {
  await build({
    entryPoints: [path.join(root, 'web', 'src', entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile: path.join(out, outfile),
    logLevel: 'warning',
  });
}
for (const file of ['index.html', 'teacher.html', 'styles.css']) fs.copyFileSync(path.join(root, 'web', file), path.join(out, file));
