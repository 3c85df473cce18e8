// JS-API test: imports the built ES module peakscope.mjs under Node and checks its entry points.
//   node --no-experimental-fetch tests/web/api.test.mjs <site>/peakscope.mjs <expected version>
// (ctest passes both from CMake: the site folder and PROJECT_VERSION.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const modulePath = resolve(process.argv[2] || process.env.PEAKSCOPE_API_MODULE || 'build/wasm/site/peakscope.mjs');
const expectedVersion = process.argv[3] || process.env.PEAKSCOPE_VERSION;

test('peakscope.mjs exists next to its .wasm', () => {
  assert.ok(existsSync(modulePath), `${modulePath} is missing: build the wasm preset first`);
  assert.ok(existsSync(modulePath.replace(/\.mjs$/, '.wasm')), 'peakscope.wasm is missing');
});

test('PeakScope() instantiates and version() is the project version', async () => {
  assert.ok(expectedVersion, 'expected version not given (argv[3] or PEAKSCOPE_VERSION)');
  const { default: PeakScope } = await import(pathToFileURL(modulePath).href);
  assert.equal(typeof PeakScope, 'function', 'the default export is the module factory');
  const ps = await PeakScope();
  assert.equal(typeof ps.version, 'function', 'version() is exported');
  assert.equal(ps.version(), expectedVersion);
  assert.match(ps.version(), /^\d+\.\d+\.\d+/);
});

test('two instances are independent', async () => {
  const { default: PeakScope } = await import(pathToFileURL(modulePath).href);
  const [a, b] = await Promise.all([PeakScope(), PeakScope()]);
  assert.notEqual(a, b);
  assert.equal(a.version(), b.version());
});
