// JS-API tests of peakscope.mjs (web/api/api_bindings.cpp + web/api/api_postjs.js) under Node:
//   entry points and returned fields, options and bad-input messages, memory (results freed by
//   r.delete(), arrays owned by JS), mergeAtZ against the merge curve, analyzeGraph and readTable,
//   and "results equal the CLI's on the same input" (seeded Gaussian mixtures written as CSV with
//   17 significant digits): the wasm CLI exactly (same code, same compiler), the native CLI
//   (-march=native, other libm) with integers exact and floating values to a relative tolerance.
//   node --no-experimental-fetch tests/web/api.test.mjs <site>/peakscope.mjs <expected version>
// Environment (tests/web/tests.cmake sets them):
//   PEAKSCOPE_API_SUITE          'main' (default: everything but the native CLI) or 'native'
//   PEAKSCOPE_WASM_CLI           build/<wasm dir>/peakscope_cli.js (run with node --no-experimental-fetch)
//   PEAKSCOPE_NATIVE_CLI         native peakscope binary; else PEAKSCOPE_NATIVE_CLI_DEFAULT if it
//                                exists. Suite 'native' exits 77 (ctest: skipped) when there is none.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const modulePath = resolve(process.argv[2] || process.env.PEAKSCOPE_API_MODULE || 'build/wasm/site/peakscope.mjs');
const expectedVersion = process.argv[3] || process.env.PEAKSCOPE_VERSION;
const SUITE = process.env.PEAKSCOPE_API_SUITE || 'main';
const WASM_CLI = process.env.PEAKSCOPE_WASM_CLI || '';
const NATIVE_CLI = process.env.PEAKSCOPE_NATIVE_CLI ||
  (process.env.PEAKSCOPE_NATIVE_CLI_DEFAULT && existsSync(process.env.PEAKSCOPE_NATIVE_CLI_DEFAULT)
    ? process.env.PEAKSCOPE_NATIVE_CLI_DEFAULT : '');
// Tolerance for floating values, native vs wasm, on |a − b| / max(1, |a|, |b|) (relative above 1,
// absolute below). The neighbour distances, ID and errors come out identical; libm (glibc vs
// Emscripten's musl) differs in last bits. kNN/k*-NN log ρ then differ by ~1e-15. PAk maximises its
// likelihood by Newton steps until the decrement is below 1e-14 (core/density.cpp): a last-bit
// difference can change the stopping step, so PAk values agree to ~1e-7 (about 4e-7 σ measured).
const nativeTolerance = (opts) => ((opts.density || 'pak') === 'pak' ? 1e-6 : 1e-12);

if (SUITE === 'native' && !(NATIVE_CLI && existsSync(NATIVE_CLI))) {
  console.log(`native CLI not found (PEAKSCOPE_NATIVE_CLI='${process.env.PEAKSCOPE_NATIVE_CLI || ''}', ` +
              `default '${process.env.PEAKSCOPE_NATIVE_CLI_DEFAULT || ''}'): build the native preset first`);
  process.exit(77);
}

let psPromise = null;
async function peakscope() {
  if (!psPromise) {
    psPromise = import(pathToFileURL(modulePath).href).then((m) => m.default());
  }
  return psPromise;
}

// ---- seeded data -------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normalSource(rnd) {
  return () => {
    const u = 1 - rnd(), v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
// Gaussian mixture: components {mean: [...], sd, weight}; rows drawn by weight; `copies` extra
// rows are exact duplicates of earlier rows (the duplicate rule must map back to input rows).
function mixture(seed, n, components, copies = 0) {
  const rnd = mulberry32(seed), gauss = normalSource(rnd);
  const d = components[0].mean.length;
  const total = components.reduce((s, c) => s + c.weight, 0);
  const x = new Float64Array((n + copies) * d);
  for (let i = 0; i < n; i++) {
    let u = rnd() * total, c = 0;
    while (c < components.length - 1 && u >= components[c].weight) u -= components[c++].weight;
    for (let j = 0; j < d; j++) x[i * d + j] = components[c].mean[j] + components[c].sd * gauss();
  }
  for (let i = n; i < n + copies; i++) {
    const src = Math.floor(rnd() * n);
    for (let j = 0; j < d; j++) x[i * d + j] = x[src * d + j];
  }
  return { x, n: n + copies, d };
}
const MIX2D = mixture(20240611, 3000, [
  { mean: [0, 0], sd: 1.0, weight: 0.30 }, { mean: [4, 0], sd: 0.6, weight: 0.20 },
  { mean: [4.6, 0.4], sd: 0.15, weight: 0.05 },  // nested in the previous one
  { mean: [2, 3.5], sd: 0.8, weight: 0.20 }, { mean: [-3, 4], sd: 0.5, weight: 0.10 },
  { mean: [6, 5], sd: 1.2, weight: 0.15 }], 30);
const MIX10D = (() => {
  const rnd = mulberry32(77), comps = [];
  for (let c = 0; c < 4; c++) comps.push({ mean: Array.from({ length: 10 }, () => 6 * (rnd() - 0.5)), sd: 1, weight: 1 });
  return mixture(99, 2000, comps);
})();
const SMALL2D = { x: MIX2D.x.slice(0, 1200 * 2), n: 1200, d: 2 };

// ---- the CLIs ------------------------------------------------------------------------------------
// PEAKSCOPE_API_KEEP=1 keeps the CSV files (their folder is printed) for debugging.
const work = mkdtempSync(join(tmpdir(), 'peakscope-api-'));
after(() => (process.env.PEAKSCOPE_API_KEEP ? console.log(`CSV files kept in ${work}`)
                                            : rmSync(work, { recursive: true, force: true })));
const csvFiles = new Map();
function csvFile(name, data) {
  if (!csvFiles.has(name)) {
    const lines = [Array.from({ length: data.d }, (_, j) => `x${j}`).join(',')];
    for (let i = 0; i < data.n; i++) {
      const row = [];
      for (let j = 0; j < data.d; j++) row.push(data.x[i * data.d + j].toPrecision(17));
      lines.push(row.join(','));
    }
    const path = join(work, `${name}.csv`);
    writeFileSync(path, lines.join('\n') + '\n');
    csvFiles.set(name, path);
  }
  return csvFiles.get(name);
}
// `peakscope analyze FILE --json - ARGS`: stdout holds the JSON alone (the summary goes to stderr).
function runCli(kind, file, args) {
  const [cmd, pre] = kind === 'wasm'
    ? [process.execPath, ['--no-experimental-fetch', WASM_CLI]] : [NATIVE_CLI, []];
  const out = execFileSync(cmd, [...pre, 'analyze', file, '--json', '-', ...args],
                           { maxBuffer: 1 << 28, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.ok(out.startsWith('{') && out.endsWith('}\n') && out.indexOf('\n') === out.length - 1,
            `the ${kind} CLI's stdout is not one JSON line:\n${out.slice(0, 500)}`);
  return out.slice(0, -1);
}
const withoutTimings = (json) => json.replace(/,"timings_s":\{[^}]*\}\}$/, '}');

// The comparison runs: the same options through the API and as CLI flags.
const RUNS = [
  { name: 'mix2d', data: MIX2D, opts: {}, args: [] },
  { name: 'mix10d', data: MIX10D, opts: { density: 'kstar', maxk: 60, neighbours: 'brute', Z: 2.5 },
    args: ['--density', 'kstar', '--maxk', '60', '--neighbours', 'brute', '--Z', '2.5'] },
  { name: 'small2d', data: SMALL2D, opts: { density: 'knn', k: 20, Z: 1, idScaling: true },
    args: ['--density', 'knn', '--k', '20', '--Z', '1', '--id-scaling'] },
];

// ---- comparison helpers -------------------------------------------------------------------------
function relDiff(a, b) {  // relative difference (absolute below 1)
  if (a === b) return 0;
  if (a === null || b === null) return Infinity;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1);
}
// Deep comparison of parsed reports: integers, strings and booleans exactly; numbers under a
// floating key within rtol (relDiff). Returns the largest relative difference seen.
const FLOAT_KEYS = new Set(['value', 'error', 'scale', 'log_density', 'log_density_error', 'center_log_density',
  'center_error', 'z', 'height', 'leaf_height', 'delta', 'id', 'merge_z_exact_up_to']);
function compareReports(a, b, rtol, path = '$', floating = false, stats = { max: 0, where: '' }) {
  if (Array.isArray(a)) {
    assert.ok(Array.isArray(b), `${path}: array vs ${typeof b}`);
    assert.equal(a.length, b.length, `${path}: length`);
    for (let i = 0; i < a.length; i++) compareReports(a[i], b[i], rtol, `${path}[${i}]`, floating, stats);
  } else if (a !== null && typeof a === 'object') {
    assert.deepEqual(Object.keys(a), Object.keys(b), `${path}: keys`);
    for (const k of Object.keys(a)) compareReports(a[k], b[k], rtol, `${path}.${k}`, FLOAT_KEYS.has(k), stats);
  } else if (typeof a === 'number' && floating) {
    const r = relDiff(a, b);
    if (r > stats.max) { stats.max = r; stats.where = `${path}: ${a} vs ${b}`; }
    assert.ok(r <= rtol, `${path}: ${a} vs ${b} (relative difference ${r.toExponential(2)} > ${rtol})`);
  } else {
    assert.equal(a, b, `${path}`);
  }
  return stats;
}

// ---- module basics ------------------------------------------------------------------------------
if (SUITE === 'main') {
  test('peakscope.mjs exists next to its .wasm', () => {
    assert.ok(existsSync(modulePath), `${modulePath} is missing: build the wasm preset first`);
    assert.ok(existsSync(modulePath.replace(/\.mjs$/, '.wasm')), 'peakscope.wasm is missing');
  });

  test('PeakScope() instantiates and version() is the project version', async () => {
    assert.ok(expectedVersion, 'expected version not given (argv[3] or PEAKSCOPE_VERSION)');
    const { default: PeakScope } = await import(pathToFileURL(modulePath).href);
    assert.equal(typeof PeakScope, 'function', 'the default export is the module factory');
    const ps = await PeakScope();
    for (const f of ['version', 'analyze', 'analyzeGraph', 'readTable', 'memory'])
      assert.equal(typeof ps[f], 'function', `${f}() is exported`);
    assert.equal(ps.version(), expectedVersion);
    assert.match(ps.version(), /^\d+\.\d+\.\d+/);
  });

  test('two instances are independent', async () => {
    const { default: PeakScope } = await import(pathToFileURL(modulePath).href);
    const [a, b] = await Promise.all([PeakScope(), PeakScope()]);
    assert.notEqual(a, b);
    assert.equal(a.version(), b.version());
    const ra = a.analyze(SMALL2D.x, SMALL2D.n, 2), rb = b.analyze(SMALL2D.x, SMALL2D.n, 2);
    assert.deepEqual(ra.labels, rb.labels);
    ra.delete(); rb.delete();
  });

  // ---- fields of a result -------------------------------------------------------------------
  test('analyze returns every documented field, as JS-owned typed arrays consistent with toJSON()', async () => {
    const ps = await peakscope();
    const { x, n, d } = MIX2D;
    const r = ps.analyze(x, n, d);
    try {
      assert.equal(r.n, n); assert.equal(r.d, d);
      assert.equal(r.nUnique, n - 30, 'the 30 appended copies are duplicates');
      assert.equal(r.duplicates, 30);
      assert.equal(r.maxk, 100, 'default maxk = min(100, N-1)');
      assert.equal(r.Z, 1.65, 'default Z');
      assert.equal(r.density, 'pak', 'default density');
      assert.ok(r.id.value > 1.5 && r.id.value < 2.5, `ID of 2-D data ${r.id.value}`);
      assert.ok(r.id.error > 0 && r.id.scale > 0);
      assert.equal(r.idScaling, null);
      const perRow = { labels: Int32Array, haloLabels: Int32Array, logDensity: Float64Array,
                       logDensityError: Float64Array, kstar: Int32Array, decisionDelta: Float64Array,
                       decisionNearestHigher: Int32Array };
      for (const [k, T] of Object.entries(perRow)) {
        assert.ok(r[k] instanceof T, `${k} is a ${T.name}`);
        assert.equal(r[k].length, n, `${k} has one value per input row`);
        assert.equal(r[k].buffer.byteLength, r[k].byteLength, `${k} owns its buffer (not a heap view)`);
      }
      assert.ok(r.nClusters >= 3, `${r.nClusters} clusters in a 6-component mixture`);
      assert.ok(r.centers instanceof Int32Array && r.centers.length === r.nClusters);
      assert.ok(r.population instanceof Int32Array && r.population.length === r.nClusters);
      assert.equal(r.population.reduce((s, v) => s + v, 0), r.nUnique, 'populations count distinct points');
      for (let c = 0; c < r.nClusters; c++) assert.equal(r.labels[r.centers[c]], c, 'a centre carries its label');
      assert.ok(r.nPutative >= r.nClusters && r.putativeCenters.length === r.nPutative);
      assert.ok(r.mergeCurve.z instanceof Float64Array && r.mergeCurve.nClusters instanceof Int32Array);
      assert.equal(r.mergeCurve.z[0], 0);
      assert.equal(r.mergeCurve.exactUpTo, Infinity);
      assert.ok(Array.isArray(r.saddles) && Array.isArray(r.warnings) && Array.isArray(r.dendrogram.merges));
      assert.equal(r.dendrogram.nLeaves, r.nClusters);
      assert.equal(r.dendrogram.merges.length, r.nClusters - 1);
      assert.ok(r.warnings.some((w) => /30 of 3030 rows are exact duplicates/.test(w)), r.warnings.join('; '));
      for (const k of ['neighbours', 'id', 'density', 'adp']) assert.ok(r.timings[k] >= 0);
      // copies share their representative's results
      for (let i = n - 30; i < n; i++) {
        let src = -1;
        for (let s = 0; s < n - 30 && src < 0; s++) if (x[2 * s] === x[2 * i] && x[2 * s + 1] === x[2 * i + 1]) src = s;
        assert.ok(src >= 0);
        assert.equal(r.labels[i], r.labels[src]); assert.equal(r.logDensity[i], r.logDensity[src]);
      }
      // the typed arrays are the JSON report's arrays
      const j = JSON.parse(r.toJSON());
      assert.deepEqual(Array.from(r.labels), j.adp.labels);
      assert.deepEqual(Array.from(r.haloLabels), j.adp.halo_labels);
      assert.deepEqual(Array.from(r.centers), j.adp.centers);
      assert.deepEqual(Array.from(r.population), j.adp.population);
      assert.deepEqual(Array.from(r.kstar), j.density.kstar);
      assert.deepEqual(Array.from(r.logDensity), j.density.log_density);
      assert.deepEqual(Array.from(r.logDensityError), j.density.log_density_error);
      assert.deepEqual(Array.from(r.decisionDelta), j.decision_graph.delta);
      assert.deepEqual(Array.from(r.mergeCurve.z), j.adp.merge_z.map((s) => s.z));
      assert.deepEqual(Array.from(r.mergeCurve.nClusters), j.adp.merge_z.map((s) => s.n_clusters));
      assert.deepEqual(r.saddles.map((s) => [s.a, s.b, s.logDensity, s.error, s.point]),
                       j.adp.saddles.map((s) => [s.a, s.b, s.log_density, s.error, s.point]));
      assert.deepEqual(r.dendrogram.merges.map((m) => [m.left, m.right, m.height, m.saddlePoint, m.size, m.connected, m.mergeZ]),
                       j.hierarchy.merges.map((m) => [m.left, m.right, m.height, m.saddle_point, m.size, m.connected,
                                                      m.merge_z ?? Infinity]));  // null: the groups never merge
      assert.deepEqual(Array.from(r.dendrogram.leafOrder), j.hierarchy.leaf_order);
      assert.deepEqual([r.id.value, r.id.error, r.id.scale], [j.id.value, j.id.error, j.id.scale]);
      assert.deepEqual(r.warnings, j.warnings);
      assert.equal(r.nClusters, j.adp.n_clusters);
    } finally {
      r.delete();
    }
  });

  test('options: Float32Array input, idScaling, decisionGraph/mergeCurve off, omitted options', async () => {
    const ps = await peakscope();
    const { x, n } = SMALL2D;
    const f32 = Float32Array.from(x), rounded = Float64Array.from(f32);
    const a = ps.analyze(f32, n, 2), b = ps.analyze(rounded, n, 2, {}), c = ps.analyze(Array.from(rounded), n, 2, null);
    assert.equal(withoutTimings(a.toJSON()), withoutTimings(b.toJSON()), 'float32 rows analysed as their exact values');
    assert.equal(withoutTimings(c.toJSON()), withoutTimings(b.toJSON()), 'a plain array works too');
    const s = ps.analyze(x, n, 2, { idScaling: true, decisionGraph: false, mergeCurve: false, maxk: 30, neighbours: 'kdtree' });
    assert.equal(s.maxk, 30);
    assert.ok(s.idScaling.decimation.sizes.length > 3 && s.idScaling.gride.n1.length > 2);
    assert.ok(s.idScaling.decimation.id instanceof Float64Array);
    assert.equal(s.decisionDelta, null);
    assert.equal(s.mergeCurve.z.length, 0);
    const k = ps.analyze(x, n, 2, { density: 'knn', k: 7 });
    assert.equal(k.density, 'knn');
    assert.ok(k.kstar.every((v) => v === 7), 'kNN uses k for every point');
    for (const r of [a, b, c, s, k]) r.delete();
  });

  // ---- mergeAtZ ---------------------------------------------------------------------------------
  test('mergeAtZ(r.Z) reproduces r, and follows the merge curve step by step', async () => {
    const ps = await peakscope();
    const r = ps.analyze(MIX2D.x, MIX2D.n, 2);
    try {
      const same = r.mergeAtZ(r.Z);
      for (const k of ['labels', 'haloLabels', 'centers', 'population', 'centerLogDensity', 'centerError'])
        assert.deepEqual(same[k], r[k], k);
      assert.equal(same.nClusters, r.nClusters);
      assert.deepEqual(same.saddles, r.saddles);
      const { z, nClusters } = r.mergeCurve;
      assert.ok(z.length >= 3, `a merge curve with steps (${z.length})`);
      for (let s = 0; s < z.length; s++) {
        const m = r.mergeAtZ(z[s]);
        assert.equal(m.nClusters, nClusters[s], `at the breakpoint Z = ${z[s]}`);
        assert.equal(m.Z, z[s]);
        assert.ok(m.labels instanceof Int32Array && m.labels.length === r.n);
        assert.equal(new Set(m.labels).size, m.nClusters);
        assert.equal(m.centers.length, m.nClusters);
        if (s + 1 < z.length) {
          const mid = r.mergeAtZ(0.5 * (z[s] + z[s + 1]));
          assert.equal(mid.nClusters, nClusters[s], `between ${z[s]} and ${z[s + 1]}`);
        }
      }
      assert.equal(r.mergeAtZ(z[z.length - 1] + 10).nClusters, nClusters[z.length - 1]);
      assert.equal(r.mergeAtZ(1e6).nClusters, 1, 'a huge Z merges everything');
      assert.equal(r.nClusters, same.nClusters, 'mergeAtZ leaves r unchanged');
    } finally {
      r.delete();
    }
  });

  // ---- equal to the wasm CLI, exactly ----------------------------------------------------------
  for (const run of RUNS) {
    test(`${run.name}: r.toJSON() equals the wasm CLI's --json byte for byte (timings aside)`, async (t) => {
      assert.ok(WASM_CLI && existsSync(WASM_CLI), `wasm CLI not found (PEAKSCOPE_WASM_CLI='${WASM_CLI}')`);
      const ps = await peakscope();
      const r = ps.analyze(run.data.x, run.data.n, run.data.d, run.opts);
      try {
        const cli = runCli('wasm', csvFile(run.name, run.data), run.args);
        assert.equal(withoutTimings(r.toJSON()), withoutTimings(cli));
        const j = JSON.parse(cli);
        assert.deepEqual(Array.from(r.labels), j.adp.labels);
        assert.deepEqual(Array.from(r.haloLabels), j.adp.halo_labels);
        assert.deepEqual(Array.from(r.centers), j.adp.centers);
        t.diagnostic(`${run.name}: n ${j.n}, d ${j.d}, ID ${j.id.value.toFixed(3)}, ${j.adp.n_clusters} clusters, ` +
                     `${j.adp.merge_z.length} merge-curve steps`);
      } finally {
        r.delete();
      }
    });
  }

  test('mergeAtZ(3) equals a fresh wasm CLI analysis at --Z 3', async () => {
    assert.ok(WASM_CLI && existsSync(WASM_CLI), `wasm CLI not found (PEAKSCOPE_WASM_CLI='${WASM_CLI}')`);
    const ps = await peakscope();
    const r = ps.analyze(MIX2D.x, MIX2D.n, 2);
    try {
      const m = r.mergeAtZ(3);
      const j = JSON.parse(runCli('wasm', csvFile('mix2d', MIX2D), ['--Z', '3']));
      assert.equal(m.nClusters, j.adp.n_clusters);
      assert.ok(m.nClusters < r.nClusters, `Z = 3 merges peaks (${r.nClusters} -> ${m.nClusters})`);
      assert.deepEqual(Array.from(m.labels), j.adp.labels);
      assert.deepEqual(Array.from(m.haloLabels), j.adp.halo_labels);
      assert.deepEqual(Array.from(m.centers), j.adp.centers);
      assert.deepEqual(Array.from(m.population), j.adp.population);
      assert.deepEqual(Array.from(m.centerLogDensity), j.adp.center_log_density);
      assert.deepEqual(m.dendrogram.merges.map((x) => [x.left, x.right, x.height, x.saddlePoint, x.mergeZ]),
                       j.hierarchy.merges.map((x) => [x.left, x.right, x.height, x.saddle_point, x.merge_z ?? Infinity]));
    } finally {
      r.delete();
    }
  });

  // ---- precomputed neighbour tables -----------------------------------------------------------
  test('analyzeGraph on a kNN table equals analyze on the points (with or without the self column)', async () => {
    const ps = await peakscope();
    const n = 600, d = 2, x = SMALL2D.x.slice(0, n * d), k = 31;  // self + 30 neighbours
    const dist = new Float64Array(n * k), idx = new Int32Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = [];
      for (let q = 0; q < n; q++) {
        const dx = x[2 * i] - x[2 * q], dy = x[2 * i + 1] - x[2 * q + 1];
        row.push([Math.sqrt(dx * dx + dy * dy), q]);
      }
      row.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let j = 0; j < k; j++) { dist[i * k + j] = row[j][0]; idx[i * k + j] = row[j][1]; }
    }
    const p = ps.analyze(x, n, d, { maxk: 30 });
    const g = ps.analyzeGraph(dist, idx, n, k, { Z: 1.65 });
    const noSelf = (a) => a.filter((_, t) => t % k !== 0);
    const g2 = ps.analyzeGraph(noSelf(Array.from(dist)), Float64Array.from(noSelf(Array.from(idx))), n, k - 1);
    try {
      for (const r of [g, g2]) {
        assert.equal(r.n, n); assert.equal(r.d, 0); assert.equal(r.maxk, 30);
        assert.deepEqual(r.labels, p.labels);
        assert.deepEqual(r.haloLabels, p.haloLabels);
        assert.deepEqual(r.centers, p.centers);
        assert.deepEqual(r.kstar, p.kstar);
        for (let i = 0; i < n; i++) assert.ok(relDiff(r.logDensity[i], p.logDensity[i]) < 1e-12, `log density ${i}`);
        assert.ok(Math.abs(r.id.value - p.id.value) < 1e-12);
      }
      const m = g.mergeAtZ(4);
      assert.deepEqual(m.labels, p.mergeAtZ(4).labels);
    } finally {
      for (const r of [p, g, g2]) r.delete();
    }
    const bad = Int32Array.from(idx); bad[5 * k + 3] = n + 7;
    assert.throws(() => ps.analyzeGraph(dist, bad, n, k), /analyzeGraph: indices row 6, column 4: 607 is not a point index 0\.\.599/);
    assert.throws(() => ps.analyzeGraph(dist, idx, n, k, { neighbours: 'brute' }), /option neighbours does not apply to analyzeGraph/);
    assert.throws(() => ps.analyzeGraph(dist.slice(1), idx, n, k), /distances has 18599 values, expected 18600/);
    const negative = Float64Array.from(dist); negative[7 * k + 2] = -1;
    assert.throws(() => ps.analyzeGraph(negative, idx, n, k), /analyzeGraph: .*(negative|>= 0|-1)/);
  });

  // ---- readTable --------------------------------------------------------------------------------
  test('readTable reads CSV (header, label column), TSV and .npy; errors name the file and place', async () => {
    const ps = await peakscope();
    const enc = new TextEncoder();
    const t = ps.readTable(enc.encode('a,b,label\n1.5,2,0\n3,4e-1,1\n-5,6,1\n'), 'toy.csv');
    assert.deepEqual(Array.from(t.points), [1.5, 2, 3, 0.4, -5, 6]);
    assert.equal(t.n, 3); assert.equal(t.d, 2);
    assert.ok(t.points instanceof Float64Array && t.labels instanceof Int32Array);
    assert.deepEqual(Array.from(t.labels), [0, 1, 1]);
    assert.deepEqual(t.columnNames, ['a', 'b']);
    assert.equal(t.labelName, 'label');
    const none = ps.readTable(enc.encode('a,b,label\n1.5,2,0\n3,4e-1,1\n'), 'toy.csv', { labelColumn: 'none' });
    assert.equal(none.d, 3); assert.equal(none.labels, null);
    const last = ps.readTable(enc.encode('1\t2\t7\n3\t4\t8\n').buffer, 'toy.tsv', { labelColumn: 'last' });
    assert.deepEqual(Array.from(last.labels), [7, 8]); assert.equal(last.d, 2);
    const first = ps.readTable(enc.encode('7 1 2\n8 3 4\n'), 'toy.dat', { labelColumn: 0 });
    assert.deepEqual(Array.from(first.labels), [7, 8]); assert.deepEqual(Array.from(first.points), [1, 2, 3, 4]);
    // .npy, float64 3x2 (numpy format 1.0, header padded to a multiple of 64 bytes)
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }";
    header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const npy = new Uint8Array(10 + header.length + 48);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
    npy.set(enc.encode(header), 10);
    new Float64Array(npy.buffer, 10 + header.length, 6).set([1, 2, 3, 4, 5, 6.25]);
    const a = ps.readTable(npy, 'points.npy');
    assert.deepEqual(Array.from(a.points), [1, 2, 3, 4, 5, 6.25]); assert.equal(a.n, 3); assert.equal(a.d, 2);
    // the table feeds analyze directly
    const lines = ['x,y'];
    for (let i = 0; i < SMALL2D.n; i++) lines.push(`${SMALL2D.x[2 * i].toPrecision(17)},${SMALL2D.x[2 * i + 1].toPrecision(17)}`);
    const tab = ps.readTable(enc.encode(lines.join('\n')), 'small.csv');
    assert.deepEqual(tab.points, SMALL2D.x, '17 significant digits round-trip exactly');
    assert.throws(() => ps.readTable(enc.encode('a,b\n1,2\n3,oops\n'), 'bad.csv'), /readTable: bad\.csv: row 3, column 2: 'oops' is not a number/);
    assert.throws(() => ps.readTable(enc.encode('1,2\n3\n'), 'ragged.csv'), /ragged\.csv: .*row 2/);
    assert.throws(() => ps.readTable('1,2', 'x.csv'), /bytes must be a Uint8Array or ArrayBuffer \(got string\)/);
    assert.throws(() => ps.readTable(enc.encode('1,2\n'), 'x.csv', { label: 0 }), /unknown option 'label' \(known: labelColumn\)/);
    // a header column by name (exact, then any case); text labels numbered by first appearance
    const iris = enc.encode('sepal,petal,species,kind\n1,2,setosa,0\n3,4,virginica,1\n5,6,setosa,1\n');
    const byName = ps.readTable(iris, 'iris.csv', { labelColumn: 'Species' });
    assert.deepEqual(Array.from(byName.labels), [0, 1, 0]);
    assert.deepEqual(byName.labelNames, ['setosa', 'virginica']);
    assert.equal(byName.labelName, 'species'); assert.equal(byName.d, 3);
    const kind = ps.readTable(enc.encode('x,y,Kind\n1,2,0\n3,4,1\n5,6,1\n'), 'k.csv', { labelColumn: 'kind' });
    assert.deepEqual(Array.from(kind.labels), [0, 1, 1]); assert.equal(kind.labelNames, null);
    assert.equal(kind.labelName, 'Kind'); assert.deepEqual(Array.from(kind.points), [1, 2, 3, 4, 5, 6]);
    assert.throws(() => ps.readTable(enc.encode('a,b\n1,2\n'), 'x.csv', { labelColumn: 'first' }), /readTable: x\.csv: no column named 'first' \(the columns are 'a', 'b'\)/);
    assert.throws(() => ps.readTable(enc.encode('1,2\n'), 'x.csv', { labelColumn: '' }),
                  /readTable: option labelColumn must be an integer in -1 … 2147483647 \(or 'auto', 'none', 'last', or a header column's name\), got "" \(a string\)$/);
    assert.throws(() => ps.readTable(npy.slice(0, 40), 'cut.npy'), /cut\.npy/);
  });

  // ---- bad input ---------------------------------------------------------------------------------
  test('bad input throws a JS Error whose message names the problem', async () => {
    const ps = await peakscope();
    const { x, n } = SMALL2D;
    const cases = [
      [() => { const y = x.slice(); y[2 * 17 + 1] = NaN; return ps.analyze(y, n, 2); }, /analyze: row 18, column 2 is NaN/],
      [() => { const y = x.slice(); y[4] = Infinity; return ps.analyze(y, n, 2); }, /analyze: row 3, column 1 is (inf|Inf|infinite)/i],
      [() => ps.analyze(x.slice(0, 6), 3, 2), /analyze: too few points: the analysis needs at least 5 distinct points \(got 3 distinct points\)/],
      [() => ps.analyze(new Float64Array(20).fill(1), 10, 2), /too few points.*all 10 points are identical/],
      [() => ps.analyze(x, 0, 2), /analyze: no points/],
      [() => ps.analyze(x, n, 3), /analyze: points has 2400 values, expected 3600/],
      [() => ps.analyze(x, 1.5, 2), /analyze: n must be a non-negative integer \(got 1\.5\)/],
      [() => ps.analyze(x, n), /analyze: d must be a number \(got undefined\)/],
      [() => ps.analyze('1,2,3', 1, 3), /points must be a Float32Array, Float64Array or array of numbers \(got string\)/],
      [() => ps.analyze(x, n, 2, { maxK: 10 }), /analyze: unknown option 'maxK' \(known: maxk, Z, density, k, neighbours, idScaling, decisionGraph, mergeCurve\)/],
      [() => ps.analyze(x, n, 2, { maxk: 0 }), /^analyze: option maxk must be an integer in 1 … n−1, got 0$/],
      [() => ps.analyze(x, n, 2, { maxk: n }), /^analyze: option maxk must be an integer in 1 … n−1 = 1199, got 1200$/],
      [() => ps.analyze(x, n, 2, { maxk: 2.5 }), /^analyze: option maxk must be an integer in 1 … n−1, got 2\.5$/],
      [() => ps.analyze(x, n, 2, { maxk: '10' }), /^analyze: option maxk must be an integer in 1 … n−1, got "10" \(a string\)$/],
      [() => ps.analyze(x, n, 2, { Z: -1 }), /^analyze: option Z must be a finite number ≥ 0, got -1$/],
      [() => ps.analyze(x, n, 2, { Z: NaN }), /^analyze: option Z must be a finite number ≥ 0, got NaN$/],
      [() => ps.analyze(x, n, 2, { density: 'gauss' }), /^analyze: option density must be one of pak, kstar, knn, got 'gauss'$/],
      [() => ps.analyze(x, n, 2, { neighbours: 'ball' }), /^analyze: option neighbours must be one of auto, kdtree, brute, hnsw, got 'ball'$/],
      [() => ps.analyze(x, n, 2, { idScaling: 1 }), /^analyze: option idScaling must be true or false, got 1$/],
      [() => ps.analyze(x, n, 2, { density: 'knn', k: 50, maxk: 20 }), /^analyze: option k must be an integer in 1 … maxk = 20, got 50$/],
      [() => ps.analyze(x, n, 2, { density: 'knn', k: 150 }), /^analyze: option k must be an integer in 1 … maxk = 100, got 150$/],
      [() => ps.analyze(x, n, 2, [1, 2]), /options must be an object/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (e) => {
        assert.ok(e instanceof Error, `an Error, not ${typeof e} ${e}`);
        assert.match(e.message, message);
        return true;
      });
    }
    const r = ps.analyze(x, n, 2);
    assert.throws(() => r.mergeAtZ(-0.5), /mergeAtZ: Z must be a finite number >= 0 \(got -0\.5\)/);
    assert.throws(() => r.mergeAtZ('2'), /mergeAtZ: Z must be a number \(got string\)/);
    assert.throws(() => r.mergeAtZ(NaN), /mergeAtZ: Z must be a finite number/);
    r.delete();
    assert.throws(() => r.mergeAtZ(1), /mergeAtZ: this result was deleted/);
    assert.throws(() => r.toJSON(), /toJSON: this result was deleted/);
    assert.equal(r.labels.length, n, 'the copied fields stay readable after delete()');
  });

  // Issue 11, item 4: options through core/params (no double → int64 undefined behaviour), no
  // coercion of plain-array elements, labelColumn range-checked, the out-of-memory message.
  test('options are range-checked before any cast; plain arrays hold numbers only; memory refused up front', async () => {
    const ps = await peakscope();
    const { x, n } = SMALL2D;
    const exact = (call, message) => assert.throws(call, (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.message, message);
      return true;
    });
    exact(() => ps.analyze(x, n, 2, { maxk: 1e300 }), 'analyze: option maxk must be an integer in 1 … n−1, got 1e300');
    exact(() => ps.analyze(x, n, 2, { maxk: 1e20 }), 'analyze: option maxk must be an integer in 1 … n−1, got 100000000000000000000');
    exact(() => ps.analyze(x, n, 2, { maxk: 2 ** 63 }), 'analyze: option maxk must be an integer in 1 … n−1, got 9223372036854775808');
    exact(() => ps.analyze(x, n, 2, { maxk: -Infinity }), 'analyze: option maxk must be an integer in 1 … n−1, got -Infinity');
    exact(() => ps.analyze(x, n, 2, { density: 'knn', k: 1e300 }), 'analyze: option k must be an integer in 1 … maxk, got 1e300');
    exact(() => ps.analyze(x, n, 2, { density: 'knn', k: -(2 ** 63) }), 'analyze: option k must be an integer in 1 … maxk, got -9223372036854775808');
    exact(() => ps.analyze(x, n, 2, { Z: 1e400 }), 'analyze: option Z must be a finite number ≥ 0, got Infinity');
    exact(() => ps.analyze(x, n, 2, { density: 3 }), 'analyze: option density must be one of pak, kstar, knn, got 3');
    exact(() => ps.analyze(x, n, 2, { decisionGraph: 'no' }), 'analyze: option decisionGraph must be true or false, got "no" (a string)');
    exact(() => ps.analyze(x, n, 2, { halo: true }),
          'analyze: unknown option \'halo\' (known: maxk, Z, density, k, neighbours, idScaling, decisionGraph, mergeCurve)');
    const t = ps.analyze(x, n, 2, { maxk: 30, z: 2, neighbors: 'brute' });  // the aliases of the table
    assert.equal(t.maxk, 30); assert.equal(t.Z, 2);
    t.delete();
    // analyzeGraph: k is bounded by the table's width (and maxk), neighbours does not apply
    const g = ps.analyze(x, n, 2, { maxk: 12 });
    const idx = new Int32Array(n * 12), dist = new Float64Array(n * 12);
    const full = JSON.parse(g.toJSON());
    g.delete();
    assert.equal(full.maxk, 12);
    exact(() => ps.analyzeGraph(dist, idx, n, 12, { neighbours: 'brute' }),
          'analyzeGraph: option neighbours does not apply to analyzeGraph (the table is given)');
    exact(() => ps.analyzeGraph(dist, idx, n, 12, { maxk: 2 ** 53 }),
          'analyzeGraph: option maxk must be an integer in 1 … n−1, got 9007199254740992');
    // readTable: labelColumn is range-checked (no wrap-around at 2^32)
    const enc = new TextEncoder();
    const csv = enc.encode('1,2,0\n3,4,1\n');
    for (const [c, shown] of [[2 ** 32, '4294967296'], [2 ** 32 + 1, '4294967297'], [-2, '-2'], [0.5, '0.5'], [NaN, 'NaN']])
      exact(() => ps.readTable(csv, 'x.csv', { labelColumn: c }),
            `readTable: option labelColumn must be an integer in -1 … 2147483647 (or 'auto', 'none', 'last', or a header column's name), got ${shown}`);
    exact(() => ps.readTable(csv, 'x.csv', { labelColumn: true }),
          "readTable: option labelColumn must be an integer in -1 … 2147483647 (or 'auto', 'none', 'last', or a header column's name), got true");
    assert.deepEqual(Array.from(ps.readTable(csv, 'x.csv', { labelColumn: 0 }).labels), [1, 3]);
    // plain arrays: numbers only, the first bad element named with its row and column
    const plain = Array.from(x);
    const withBad = (i, v) => { const a = plain.slice(); a[i] = v; return a; };
    exact(() => ps.analyze(withBad(5, null), n, 2), 'analyze: points[5] (row 3, column 2) is null, not a number');
    exact(() => ps.analyze(withBad(0, true), n, 2), 'analyze: points[0] (row 1, column 1) is true, not a number');
    exact(() => ps.analyze(withBad(7, '1.5'), n, 2), 'analyze: points[7] (row 4, column 2) is "1.5" (a string), not a number');
    exact(() => ps.analyze(withBad(9, undefined), n, 2), 'analyze: points[9] (row 5, column 2) is undefined, not a number');
    exact(() => ps.analyze(withBad(3, [1]), n, 2), 'analyze: points[3] (row 2, column 2) is object, not a number');
    const holey = plain.slice(); delete holey[11];
    exact(() => ps.analyze(holey, n, 2), 'analyze: points[11] (row 6, column 2) is undefined, not a number');
    exact(() => ps.analyzeGraph(Array.from(dist), Array.from({ length: n * 12 }, (_, i) => (i === 13 ? '4' : 1)), n, 12),
          'analyzeGraph: indices[13] (row 2, column 2) is "4" (a string), not a number');
    const ok = ps.analyze(plain, n, 2);  // numbers only: accepted, the same as the Float64Array
    const ref = ps.analyze(x, n, 2);
    assert.deepEqual(Array.from(ok.labels), Array.from(ref.labels));
    ok.delete(); ref.delete();
    // too much memory for the wasm heap: the documented message, before anything is allocated
    const before = ps.memory();
    assert.throws(() => ps.analyze(new Float64Array(4e6), 2e6, 2, { maxk: 1000 }), (e) => {
      assert.match(e.message, /^analyze: out of memory \(2000000 points × 2 dimensions with maxk = 1000 need at least 24\.1 GB; the wasm heap holds at most 4\.3 GB/);
      return true;
    });
    assert.ok(ps.memory().heapBytes - before.heapBytes < 64 << 20, 'no large allocation was attempted');
  });

  test('extreme scales: coordinates up to 1e300 or down to 1e-300 give the same result, never a RuntimeError', async () => {
    const ps = await peakscope();
    // the audit's crash: a 1-D column 0, 1e160 … 5e160 (now refused as lattice-like, as a JS Error)
    assert.throws(() => ps.analyze([0, 1e160, 2e160, 3e160, 4e160, 5e160], 6, 1),
                  (e) => e instanceof Error && /lattice-like/.test(e.message));
    const { x, n } = SMALL2D;
    const ref = ps.analyze(x, n, 2);
    for (const s of [1e-300, 1e-154, 1e154, 1e300]) {
      const y = Float64Array.from(x, (v) => v * s);
      const r = ps.analyze(y, n, 2);
      assert.equal(r.nClusters, ref.nClusters, `× ${s}`);
      assert.deepEqual(Array.from(r.labels), Array.from(ref.labels), `× ${s}`);
      assert.ok(Math.abs(r.id.value - ref.id.value) <= 1e-9 * ref.id.value, `× ${s}: ID ${r.id.value} vs ${ref.id.value}`);
      assert.equal(r.nUnique, ref.nUnique, `× ${s}: no false duplicates`);
      r.delete?.();
    }
    ref.delete?.();
  });

  test('memory: 50 calls failing in core (bad options, bad points, too few points, too large) do not leak', async () => {
    const ps = await peakscope();
    const { x, n } = SMALL2D;
    const nan = x.slice(); nan[n] = NaN;
    const enc = new TextEncoder();
    const failing = [
      () => ps.analyze(x, n, 2, { maxk: 1e300 }),                       // the codec
      () => ps.analyze(x, n, 2, { density: 'knn', k: 500, maxk: 400 }),   // a check with the data
      () => ps.analyze(nan, n, 2),                                        // core, after the copy in
      () => ps.analyze(x.slice(0, 8), 4, 2),                              // too few points
      () => ps.analyze(new Float64Array(4e6), 2e6, 2, { maxk: 1000 }),    // out of memory, refused
      () => ps.analyzeGraph(new Float64Array(40), new Int32Array(40).fill(99), 10, 4),  // bad index
      () => ps.readTable(enc.encode('a,b\n1,2\n3,x\n'), 'bad.csv'),       // the reader
      () => ps.analyze([1, 2, null], 3, 1),                               // the JS glue
    ];
    for (const call of failing) assert.throws(call);  // warm-up (lazily created tables, pools)
    const base = ps.memory();
    const handles = () => (typeof ps.count_emval_handles === 'function' ? ps.count_emval_handles() : 0);
    const baseHandles = handles();
    for (let it = 0; it < 50; it++) assert.throws(failing[it % failing.length], Error);
    const end = ps.memory();
    assert.ok(end.usedBytes - base.usedBytes <= 16 * 1024, `malloc'd bytes grew from ${base.usedBytes} to ${end.usedBytes}`);
    assert.equal(end.heapBytes, base.heapBytes, 'the wasm heap did not grow');
    assert.equal(handles(), baseHandles, 'no JS handles left in the emval table');
  });

  // ---- memory --------------------------------------------------------------------------------------
  test('memory: 20 × (analyze + delete) and 20 failing calls leave the heap where it was', async () => {
    const ps = await peakscope();
    const { x, n } = SMALL2D;
    const bad = x.slice(); bad[bad.length - 1] = NaN;  // fails after the input was copied in
    const handles = () => (typeof ps.count_emval_handles === 'function' ? ps.count_emval_handles() : 0);
    ps.analyze(x, n, 2).delete();  // warm-up: allocator pools, lazily created tables
    const base = ps.memory(), baseHandles = handles();
    const sizes = [];
    for (let it = 0; it < 20; it++) {
      const r = ps.analyze(x, n, 2);
      r.mergeAtZ(2); r.toJSON();
      r.delete();
      assert.throws(() => ps.analyze(bad, n, 2), /NaN/);
      sizes.push(ps.memory().heapBytes);
    }
    const end = ps.memory();
    assert.ok(end.usedBytes - base.usedBytes <= 64 * 1024,
              `malloc'd bytes grew from ${base.usedBytes} to ${end.usedBytes}`);
    assert.equal(sizes[19], sizes[4], `heap size kept growing: ${sizes.join(', ')}`);
    assert.equal(handles(), baseHandles, 'no JS handles left in the emval table');
    // the measure can fail: live results are visible in it
    const live = [ps.analyze(x, n, 2), ps.analyze(x, n, 2), ps.analyze(x, n, 2)];
    const held = ps.memory().usedBytes - base.usedBytes;
    assert.ok(held > 3 * 100 * 1024, `three live results hold ${held} bytes`);
    for (const r of live) r.delete();
    assert.ok(ps.memory().usedBytes - base.usedBytes <= 64 * 1024);
  });

  test('returned arrays are copies: they survive wasm memory growth and later calls', async () => {
    const ps = await peakscope();
    const r = ps.analyze(SMALL2D.x, SMALL2D.n, 2);
    const saved = { labels: Array.from(r.labels), logDensity: Array.from(r.logDensity) };
    const m = r.mergeAtZ(2.5), mSaved = Array.from(m.labels);
    r.delete();
    const heap0 = ps.memory().heapBytes;
    const big = mixture(5, 150000, [{ mean: [0, 0], sd: 1, weight: 1 }]);
    const b = ps.analyze(big.x, big.n, 2, { maxk: 20, mergeCurve: false, decisionGraph: false });
    b.delete();
    assert.ok(ps.memory().heapBytes > heap0, `the heap grew (${heap0} -> ${ps.memory().heapBytes} bytes)`);
    assert.deepEqual(Array.from(r.labels), saved.labels);
    assert.deepEqual(Array.from(r.logDensity), saved.logDensity);
    assert.deepEqual(Array.from(m.labels), mSaved);
  });
}

// ---- equal to the native CLI ---------------------------------------------------------------------
if (SUITE === 'native') {
  for (const run of RUNS) {
    const tol = nativeTolerance(run.opts);
    test(`${run.name}: the API equals the native CLI (${NATIVE_CLI}): integers exact, floats to ${tol}`, async (t) => {
      const ps = await peakscope();
      const r = ps.analyze(run.data.x, run.data.n, run.data.d, run.opts);
      try {
        const native = JSON.parse(runCli('native', csvFile(run.name, run.data), run.args));
        const ours = JSON.parse(r.toJSON());
        delete native.timings_s; delete ours.timings_s;
        if (run.opts.idScaling) {
          // decimation draws random subsets: std::shuffle differs between libstdc++ and libc++,
          // so only the subset sizes must agree; Gride is deterministic and compared fully.
          assert.deepEqual(ours.id.decimation.sizes, native.id.decimation.sizes);
          for (let s = 0; s < ours.id.decimation.id.length; s++)
            assert.ok(Math.abs(ours.id.decimation.id[s] - native.id.decimation.id[s]) <
                      5 * (ours.id.decimation.error[s] + native.id.decimation.error[s]) + 0.05,
                      `decimation ID at size ${ours.id.decimation.sizes[s]}`);
          delete ours.id.decimation; delete native.id.decimation;
        }
        const stats = compareReports(ours, native, tol);
        // the typed arrays against the native report
        assert.deepEqual(Array.from(r.labels), native.adp.labels);
        assert.deepEqual(Array.from(r.haloLabels), native.adp.halo_labels);
        assert.deepEqual(Array.from(r.centers), native.adp.centers);
        assert.equal(r.nClusters, native.adp.n_clusters);
        assert.deepEqual(Array.from(r.mergeCurve.nClusters), native.adp.merge_z.map((s) => s.n_clusters));
        const msg = `${run.name}: ${native.adp.n_clusters} clusters, ${native.adp.merge_z.length} merge-curve steps; ` +
                    `largest relative difference of a floating value ${stats.max.toExponential(2)}` +
                    (stats.max > 0 ? ` (${stats.where})` : '');
        t.diagnostic(msg);
        console.log(msg);
      } finally {
        r.delete();
      }
    });
  }

  test('mergeAtZ(3) equals the native CLI at --Z 3', async () => {
    const ps = await peakscope();
    const r = ps.analyze(MIX2D.x, MIX2D.n, 2);
    try {
      const m = r.mergeAtZ(3);
      const j = JSON.parse(runCli('native', csvFile('mix2d', MIX2D), ['--Z', '3']));
      assert.equal(m.nClusters, j.adp.n_clusters);
      assert.deepEqual(Array.from(m.labels), j.adp.labels);
      assert.deepEqual(Array.from(m.haloLabels), j.adp.halo_labels);
      assert.deepEqual(Array.from(m.centers), j.adp.centers);
      assert.deepEqual(Array.from(m.population), j.adp.population);
    } finally {
      r.delete();
    }
  });
}
