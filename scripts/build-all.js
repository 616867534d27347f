#!/usr/bin/env node
// Compiles every app (each with the libs it uses) with the Nest CLI, after one type check of the whole tree.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');
const root = path.resolve(__dirname, '..');
const apps = require(path.join(root, 'nest-cli.json')).projects;
const nest = path.join(root, 'node_modules/@nestjs/cli/bin/nest.js');

function step(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}
step([path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noEmit']);
for (const [name, project] of Object.entries(apps)) {
  if (project.type !== 'application') continue;
  console.log(`building ${name}`);
  step([nest, 'build', name]);
}
