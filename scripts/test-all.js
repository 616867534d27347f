#!/usr/bin/env node
// The README's test command: unit, integration and e2e tests against the real PostgreSQL and a real Kafka broker.
// Starts the local Kafka (deploy/local) when no broker answers; refuses to run without PostgreSQL.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const kafkaBrokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';

function answers(hostPort) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function run(label, args) {
  const report = path.join(os.tmpdir(), `jest-${label}-${process.pid}.json`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      path.join(root, 'node_modules/jest/bin/jest.js'),
      ...args,
      '--json',
      '--outputFile',
      report,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: kafkaBrokers, NODE_NO_WARNINGS: '1' },
    },
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests + json.numRuntimeErrorTestSuites,
      skipped: json.numPendingTests + json.numTodoTests,
    };
  } catch {
    counts.failed += 1; // no report: the run itself broke
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n[${label}] ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${seconds}s\n`,
  );
  return { ok: result.status === 0, counts };
}

(async () => {
  const pgHostPort = new URL(databaseUrl).host || '127.0.0.1:5432';
  if (!(await answers(pgHostPort.includes(':') ? pgHostPort : `${pgHostPort}:5432`))) {
    console.error(`PostgreSQL does not answer at ${pgHostPort} (DATABASE_URL=${databaseUrl}); start it first.`);
    process.exit(2);
  }
  const firstBroker = kafkaBrokers.split(',')[0];
  if (!(await answers(firstBroker))) {
    console.log(`No Kafka broker answers at ${firstBroker}: starting the local one (deploy/local/kafka-up).`);
    const up = spawnSync('bash', [path.join(root, 'deploy/local/kafka-up')], { stdio: 'inherit' });
    if (up.status !== 0) {
      console.error('Kafka did not start; see the log named above.');
      process.exit(2);
    }
  }
  const phases = [
    run('unit', ['--selectProjects', 'unit']),
    run('integration', ['--selectProjects', 'integration', '--runInBand']),
    run('e2e', ['--selectProjects', 'e2e', '--runInBand']),
  ];
  const total = phases.reduce(
    (t, p) => ({
      passed: t.passed + p.counts.passed,
      failed: t.failed + p.counts.failed,
      skipped: t.skipped + p.counts.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const ok = phases.every((p) => p.ok) && total.failed === 0 && total.passed > 0;
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(ok ? 0 : 1);
})();
