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
//       "singleStatement": true             // error on >1 statement per text
//     }
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

// Neo4j's semantic analysis takes ~20-150 ms a statement after ~1 s of
// start-up. Worker threads were tried and made a 200-statement batch slower
// on 2 cores (each worker compiles the 30 MB package again), so one thread.
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

async function main() {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const options = input.options ?? {};
  const schema = { ...(input.schema ?? {}) };
  if (options.builtinRoutines !== false) {
    const routines = builtinRoutines(options.keepNamespaces ?? []);
    schema.functions ??= routines.functions;
    schema.procedures ??= routines.procedures;
  }
  const results = lintAll(input.statements ?? [], schema, options);
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  process.stderr.write(`lint.mjs: ${err?.stack ?? err}\n`);
  process.exitCode = 2;
});
