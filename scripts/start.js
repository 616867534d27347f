#!/usr/bin/env node
// `npm start` and `npm run start:<app>`: builds the app when its output is missing or older than the sources, then
// runs it. Embedded mode (PGlite under ./.data, in-process bus) unless DATABASE_URL / KAFKA_BROKERS say otherwise.
'use strict';
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const app = process.argv[2] || 'clearing-house';
const outDir = path.join(root, 'dist/apps', app);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function findMain(dir) {
  if (!fs.existsSync(dir)) return undefined;
  const direct = path.join(dir, 'main.js');
  if (fs.existsSync(direct)) return direct;
  const nested = path.join(dir, 'apps', app, 'src', 'main.js');
  return fs.existsSync(nested) ? nested : undefined;
}

let main = findMain(outDir);
const sourcesChanged = () =>
  Math.max(newestMtime(path.join(root, 'apps')), newestMtime(path.join(root, 'libs'))) > fs.statSync(main).mtimeMs;
if (!main || sourcesChanged()) {
  console.log(`building ${app} …`);
  const built = spawnSync(process.execPath, [path.join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status || 1);
  main = findMain(outDir);
  if (!main) {
    console.error(`build of ${app} produced no main.js under ${outDir}`);
    process.exit(1);
  }
}
// The apps' runtime options (see the file's "why").
const nodeOptions = JSON.parse(fs.readFileSync(path.join(__dirname, 'app-node-options.json'), 'utf8')).args;
const child = spawn(process.execPath, ['--enable-source-maps', ...nodeOptions, main], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
