#!/usr/bin/env node
// Lints Cypher statements with Neo4j's own Cypher front end, as shipped in the
// npm package @neo4j-cypher/language-support (ANTLR parser + Neo4j's semantic
// analysis compiled to JavaScript). Runs offline: one process for a batch.
//
// stdin (JSON):
//   {
//     "schema": { ...DbSchema... },        // passed to lintCypherQuery as is
//     "statements": [{"name": "...", "text": "..."}],
//     "options": {                          // all optional
//       "builtinRoutines": true,            // fill schema.functions/procedures
//                                           // from the package's Neo4j lists
//       "keepNamespaces": ["apoc"],         // plugin namespaces to keep in them
//       "singleStatement": true,            // error on >1 statement per text
//       "workers": 2                        // worker threads for big batches
//     }                                     // (default: number of CPUs, max 4)
//   }
// stdout (JSON):
//   [{"name": "...", "diagnostics": [{"severity": "error"|"warning"|...,
//     "message": "...", "offsets": {"start": n, "end": n},
//     "range": {"start": {"line", "character"}, "end": {...}},
//     "deprecated": bool}]}]
//
// Behaviour on top of lintCypherQuery:
// * Without "parameters" in the schema, "Parameter $x is not defined." errors
//   are dropped (the package reports every parameter as undefined otherwise).
// * Console commands (:param, :use ...) are errors, as for a driver.
// * A text holding more than one statement is an error (a driver's
//   session.run takes exactly one).

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  isNotParamError,
  lintCypherQuery,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

// Namespaces in the package's bundled lists that a plain Neo4j 5 Community
// server does not have: plugins (APOC, GDS) and Enterprise-only CDC.
const NON_BUILTIN_NAMESPACES = ['apoc', 'gds', 'cdc', 'db.cdc'];

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const DEPRECATED_TAG = 2;

function inNamespace(name, namespace) {
  return name.startsWith(namespace + '.');
}

function filterRegistry(scoped, excluded) {
  const out = {};
  for (const [version, registry] of Object.entries(scoped ?? {})) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(
        ([name]) => !excluded.some((ns) => inNamespace(name, ns)),
      ),
    );
  }
  return out;
}

function builtinRoutines(keepNamespaces) {
  const excluded = NON_BUILTIN_NAMESPACES.filter(
    (ns) => !keepNamespaces.some((keep) => ns === keep || inNamespace(ns, keep)),
  );
  const mock = testData.mockSchema;
  return {
    functions: filterRegistry(mock.functions, excluded),
    procedures: filterRegistry(mock.procedures, excluded),
  };
}

function toOutput(diagnostic) {
  return {
    severity: SEVERITY[diagnostic.severity] ?? String(diagnostic.severity),
    message: diagnostic.message,
    offsets: { start: diagnostic.offsets.start, end: diagnostic.offsets.end },
    range: diagnostic.range,
    deprecated: (diagnostic.tags ?? []).includes(DEPRECATED_TAG),
  };
}

function lintOne(text, schema, options) {
  const { diagnostics } = lintCypherQuery(text, schema, {
    consoleCommandsEnabled: false,
  });
  let kept = diagnostics;
  if (schema.parameters === undefined) {
    kept = kept.filter((d) => isNotParamError(d));
  }
  const out = kept.map(toOutput);
  if (options.singleStatement !== false) {
    const count = parseStatementsStrs(text).length;
    if (count > 1) {
      out.push({
        severity: 'error',
        message: `Expected exactly one statement per query but got: ${count}`,
        offsets: { start: 0, end: text.length },
        range: null,
        deprecated: false,
      });
    }
  }
  return out;
}

// Neo4j's semantic analysis takes ~20-150 ms a statement, so a big batch is
// split over worker threads (each loads the package once, ~1 s).
const MIN_STATEMENTS_PER_WORKER = 24;

function lintAll(statements, schema, options) {
  const results = [];
  for (const { name, text } of statements) {
    if (typeof text !== 'string') {
      throw new Error(`statement ${JSON.stringify(name)}: text is not a string`);
    }
    try {
      results.push({ name, diagnostics: lintOne(text, schema, options) });
    } catch (err) {
      throw new Error(
        `statement ${JSON.stringify(name)}: linter crashed: ${err?.stack ?? err}`,
      );
    }
  }
  return results;
}

function runWorker(chunk, schema, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { statements: chunk, schema, options },
    });
    let result;
    worker.once('message', (message) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result?.error !== undefined) reject(new Error(result.error));
      else if (code !== 0 || result === undefined)
        reject(new Error(`worker exited with code ${code} and no result`));
      else resolve(result.results);
    });
  });
}

async function main() {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const options = input.options ?? {};
  const schema = { ...(input.schema ?? {}) };
  if (options.builtinRoutines !== false) {
    const routines = builtinRoutines(options.keepNamespaces ?? []);
    schema.functions ??= routines.functions;
    schema.procedures ??= routines.procedures;
  }
  const statements = input.statements ?? [];
  const workers = Math.max(
    1,
    Math.min(
      options.workers ?? Math.min(availableParallelism(), 4),
      Math.floor(statements.length / MIN_STATEMENTS_PER_WORKER),
    ),
  );
  let results;
  if (workers <= 1) {
    results = lintAll(statements, schema, options);
  } else {
    const size = Math.ceil(statements.length / workers);
    const chunks = [];
    for (let i = 0; i < statements.length; i += size) {
      chunks.push(statements.slice(i, i + size));
    }
    const parts = await Promise.all(
      chunks.map((chunk) => runWorker(chunk, schema, options)),
    );
    results = parts.flat();
  }
  process.stdout.write(JSON.stringify(results));
}

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(`lint.mjs: ${err?.stack ?? err}\n`);
    process.exitCode = 2;
  });
} else {
  try {
    const { statements, schema, options } = workerData;
    parentPort.postMessage({ results: lintAll(statements, schema, options) });
  } catch (err) {
    parentPort.postMessage({ error: String(err?.stack ?? err) });
  }
}
