#!/usr/bin/env node
// `npm run load -- <options>`: the load-testing harness (test/load/README.md), straight from its TypeScript sources.
// `npm run load -- --run <file.ts> [args]`: any TypeScript script of the repository (benchmarks in test/load/*, the
// apps' main.ts when the harness starts them as child processes), with the same loader.
//
// The loader is a require hook: each .ts file is transpiled on its own with the installed `typescript` package
// (transpileModule: no type check, `npm run typecheck` does that) using the compiler options of tsconfig.json, and
// `@roaming/*` imports resolve through its `paths`. Transpiled files are cached by content hash under the system
// temp directory, so the second start of an app costs no compilation.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
let registered = false;

/** Installs the .ts require hook and the tsconfig `paths` mapping (idempotent). */
function register() {
  if (registered) return;
  registered = true;
  const { compilerOptions, aliases, baseUrl, tsVersion } = readProjectConfig();
  const cacheDir = path.join(os.tmpdir(), `roaming-ts-cache-${process.getuid ? process.getuid() : 'user'}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const optionsFingerprint = JSON.stringify(compilerOptions) + tsVersion;
  let ts;

  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const key = crypto.createHash('sha256').update(optionsFingerprint).update(filename).update(source).digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    let output;
    try {
      output = fs.readFileSync(cached, 'utf8');
    } catch {
      ts ??= require(path.join(root, 'node_modules/typescript'));
      output = ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
      // Written beside and renamed, so that a parallel process never reads half a file.
      const temporary = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, output);
      fs.renameSync(temporary, cached);
    }
    module._compile(output, filename);
  };

  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveWithPaths(request, parent, isMain, options) {
    if (request.startsWith('@roaming/')) {
      for (const { prefix, exact, target } of aliases) {
        if (exact ? request === prefix : request.startsWith(prefix)) {
          const mapped = path.join(baseUrl, exact ? target : target.replace('*', request.slice(prefix.length)));
          return resolve.call(this, mapped, parent, isMain, options);
        }
      }
    }
    return resolve.call(this, request, parent, isMain, options);
  };
  process.setSourceMapsEnabled(true);
}

/** tsconfig.json's compiler options as transpileModule wants them, and its `paths` as prefix rules. */
function readProjectConfig() {
  const ts = require(path.join(root, 'node_modules/typescript'));
  const configPath = path.join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const compilerOptions = {
    ...parsed.options,
    // One file at a time: no program, no declarations, source maps inline so that stack traces name .ts lines.
    isolatedModules: true,
    declaration: false,
    incremental: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: false,
    noEmit: false,
  };
  delete compilerOptions.tsBuildInfoFile;
  delete compilerOptions.outDir;
  const baseUrl = parsed.options.baseUrl ?? root;
  // '@roaming/x' (exact) before '@roaming/x/*' (prefix); longest prefix first.
  const aliases = Object.entries(parsed.options.paths ?? {})
    .map(([pattern, targets]) => ({
      prefix: pattern.endsWith('*') ? pattern.slice(0, -1) : pattern,
      exact: !pattern.endsWith('*'),
      target: targets[0],
    }))
    .sort((a, b) => Number(b.exact) - Number(a.exact) || b.prefix.length - a.prefix.length);
  return { compilerOptions, aliases, baseUrl, tsVersion: ts.version };
}

/** Runs one TypeScript file as if it were the main module: `process.argv` = [node, file, ...args]. */
function runScript(file, args) {
  register();
  const full = path.resolve(process.cwd(), file);
  if (!fs.existsSync(full)) {
    process.stderr.write(`no such script: ${full}\n`);
    process.exit(2);
  }
  process.argv = [process.argv[0], full, ...args];
  require(full);
}

module.exports = { register, runScript };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--run') {
    runScript(args[1] ?? '', args.slice(2));
  } else {
    register();
    const { main } = require(path.join(root, 'test/load/src/cli.ts'));
    main(args).then(
      (code) => process.exit(code),
      (error) => {
        process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  }
}
