// The `peakscope` CLI as users and our reference checks call it: JSON schema, labels in input
// order, bad input → exit status 2 with one line naming the problem, `--json -` = JSON alone on
// stdout, ground truth without labelled points, kNN-graph input, README's option table = the
// codec's (core/params). Run by ctest (native build) with PEAKSCOPE_CLI pointing at the binary.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeNpz, npy } from '../web/bench_layers.mjs';

const cli = process.env.PEAKSCOPE_CLI;
const dir = mkdtempSync(join(tmpdir(), 'peakscope-cli-'));

function run(args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
// `analyze … --json -`: stdout must be the JSON document alone (as `| python3 -m json.tool` needs).
const stdoutJson = (r) => JSON.parse(r.out);

// Two Gaussian blobs, seeded (xorshift), as CSV with a header and a label column.
function blobs(n, seed = 7) {
  let s = seed >>> 0;
  const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  const rows = ['x,y,label'];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    rows.push(`${(c * 8 + gauss()).toFixed(6)},${gauss().toFixed(6)},${c}`);
  }
  return rows.join('\n') + '\n';
}

test('analyze writes the documented JSON schema, labels in input order', () => {
  const f = join(dir, 'blobs.csv');
  writeFileSync(f, blobs(600));
  const out = join(dir, 'blobs.json');
  const r = run(['analyze', f, '--maxk', '50', '--Z', '2', '--halo', '--json', out]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /intrinsic dimension \(TwoNN\)/);
  assert.match(r.out, /ARI [0-9.]+, NMI [0-9.]+/);  // the file's label column is used as truth
  const j = JSON.parse(readFileSync(out, 'utf8'));
  for (const k of ['n', 'd', 'maxk', 'id', 'density', 'adp', 'hierarchy', 'timings_s']) assert.ok(k in j, k);
  assert.equal(j.n, 600);
  assert.equal(j.d, 2);
  assert.equal(j.maxk, 50);
  for (const k of ['value', 'error', 'scale']) assert.equal(typeof j.id[k], 'number');
  assert.ok(Math.abs(j.id.value - 2) < 0.3, `ID ${j.id.value}`);
  assert.equal(j.density.method, 'pak');
  for (const k of ['log_density', 'log_density_error', 'kstar']) assert.equal(j.density[k].length, 600);
  assert.equal(j.adp.Z, 2);
  assert.equal(j.adp.n_clusters, 2);
  assert.equal(j.adp.labels.length, 600);
  assert.equal(j.adp.halo_labels.length, 600);
  assert.equal(j.adp.centers.length, 2);
  for (const s of j.adp.saddles) for (const k of ['a', 'b', 'log_density', 'error', 'point']) assert.ok(k in s);
  assert.ok(j.adp.merge_z.length >= 1 && j.adp.merge_z[0].z === 0);
  // blobs alternate rows: the labels must alternate too (input order, 0-based)
  let agree = 0;
  for (let i = 0; i < 600; i++) agree += (j.adp.labels[i] === j.adp.labels[i % 2]) ? 1 : 0;
  assert.ok(agree > 590, `labels follow input rows (${agree}/600)`);
  for (const l of j.adp.halo_labels) assert.ok(l === -1 || (l >= 0 && l < 2));
  for (const k of ['neighbours', 'id', 'density', 'adp']) assert.equal(typeof j.timings_s[k], 'number');
});

test('density estimators and k are selectable', () => {
  const f = join(dir, 'blobs2.csv');
  writeFileSync(f, blobs(400, 11));
  for (const [m, extra] of [['knn', ['--k', '15']], ['kstar', []], ['pak', []]]) {
    const r = run(['analyze', f, '--density', m, ...extra, '--json', '-']);
    assert.equal(r.status, 0, r.err);
    const j = stdoutJson(r);
    assert.equal(j.density.method, m);
    if (m === 'knn') assert.ok(j.density.kstar.every((k) => k === 15));
  }
});

test('bad input exits 2 with one line naming the problem', () => {
  const cases = [
    ['empty.csv', '', /empty|no data/i],
    ['ragged.csv', '1,2\n3,4\n5\n6,7\n', /row 3/],
    ['nan.csv', '1,2\n3,nan\n5,6\n7,8\n9,1\n', /row 2, column 2/],
    ['few.csv', '1,2\n3,4\n5,6\n', /too few points/],
    ['same.csv', '1,1\n'.repeat(50), /identical/],
  ];
  for (const [name, text, re] of cases) {
    const f = join(dir, name);
    writeFileSync(f, text);
    const r = run(['analyze', f]);
    assert.equal(r.status, 2, `${name}: status ${r.status}`);
    assert.match(r.err, re, name);
    assert.equal(r.err.trim().split('\n').length, 1, `${name}: one line`);
  }
  const ok = join(dir, 'ok.csv');
  writeFileSync(ok, blobs(50));
  for (const [args, re] of [
    [['analyze', ok, '--maxk', '50'], /maxk/],
    [['analyze', ok, '--Z', 'abc'], /--Z/],
    [['analyze', ok, '--density', 'foo'], /--density/],
    [['analyze', join(dir, 'missing.csv')], /missing\.csv/],
    [['analyze', ok, '--bogus'], /--bogus/],
    [['frobnicate'], /unknown command/],
  ]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err, re);
  }
});

test('duplicates are reported and handled', () => {
  const text = blobs(300, 5).split('\n');
  const rows = text.slice(1, 301).map((l) => l.split(',').slice(0, 2).join(','));
  const dup = rows.concat(rows.slice(0, 60));  // 60 exact copies (20 %)
  const f = join(dir, 'dup.csv');
  writeFileSync(f, dup.join('\n') + '\n');
  const r = run(['analyze', f, '--json', '-']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /warning: 60 of 360 rows are exact duplicates/);  // the summary, on stderr
  const j = stdoutJson(r);
  assert.equal(j.duplicates, 60);
  for (let i = 0; i < 60; i++) {
    assert.equal(j.adp.labels[300 + i], j.adp.labels[i]);
    assert.equal(j.density.log_density[300 + i], j.density.log_density[i]);
  }
  assert.ok(j.density.log_density.every((v) => Number.isFinite(v)));
});

test('--id-scaling adds the decimation and Gride curves', () => {
  const f = join(dir, 'blobs3.csv');
  writeFileSync(f, blobs(800, 13));
  const r = run(['analyze', f, '--id-scaling', '--json', '-']);
  assert.equal(r.status, 0, r.err);
  const j = stdoutJson(r);
  const dec = j.id.decimation, gr = j.id.gride;
  assert.equal(dec.sizes[0], 800);
  for (const k of ['id', 'error', 'scale']) assert.equal(dec[k].length, dec.sizes.length, k);
  assert.ok(Math.abs(dec.id[0] - j.id.value) < 1e-12, 'first decimation entry is the full-data TwoNN');
  assert.deepEqual(gr.n1.slice(0, 3), [1, 2, 4]);
  for (const k of ['id', 'error', 'scale']) assert.equal(gr[k].length, gr.n1.length, k);
  for (const v of [...dec.id, ...gr.id]) assert.ok(v > 1 && v < 3.5, `ID ${v} near 2`);
});

// `generate`: the built-in toy data sets (core/toy/generators.hpp) as CSV, readable by `analyze`.
test('generate writes a seeded CSV that analyze reads; --list; bad parameters', () => {
  const list = run(['generate', '--list']);
  assert.equal(list.status, 0, list.err);
  for (const id of ['gaussians', 'nested', 'moons', 'rings', 'hierarchy', 'uniform', 'manifold', 'hypercube'])
    assert.match(list.out, new RegExp(`^${id} `, 'm'), id);

  // to stdout: header x0,x1,label; N rows; the same seed gives the same text
  const a = run(['generate', 'moons', '--n', '300', '--seed', '5']);
  assert.equal(a.status, 0, a.err);
  const lines = a.out.trim().split('\n');
  assert.equal(lines[0], 'x0,x1,label');
  assert.equal(lines.length, 301);
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    assert.equal(f.length, 3, l);
    assert.ok(f.slice(0, 2).every((v) => Number.isFinite(Number(v))), l);
    assert.ok(['-1', '0', '1'].includes(f[2]), l);
  }
  assert.equal(run(['generate', 'moons', '--n', '300', '--seed', '5']).out, a.out);
  assert.notEqual(run(['generate', 'moons', '--n', '300', '--seed', '6']).out, a.out);

  // dimension: hypercube in 7-D, values in [0, 1)
  const h = run(['generate', 'hypercube', '--n', '200', '--dim', '7', '--out', '-']);
  assert.equal(h.status, 0, h.err);
  const hl = h.out.trim().split('\n');
  assert.equal(hl[0], 'x0,x1,x2,x3,x4,x5,x6,label');
  assert.equal(hl.length, 201);
  assert.ok(hl.slice(1).every((l) => l.split(',').slice(0, 7).every((v) => Number(v) >= 0 && Number(v) < 1)));

  // to a file, then analyzed: the default demo shows its five peaks, the label column is the truth
  const f = join(dir, 'gaussians.csv');
  const g = run(['generate', 'gaussians', '--seed', '1', '--out', f]);
  assert.equal(g.status, 0, g.err);
  assert.equal(g.out, '');
  assert.equal(readFileSync(f, 'utf8').trim().split('\n').length, 5001);  // default N = 5000
  const r = run(['analyze', f, '--json', '-']);
  assert.equal(r.status, 0, r.err);
  const j = stdoutJson(r);
  assert.equal(j.n, 5000);
  assert.equal(j.adp.n_clusters, 5);
  const m = r.err.match(/NMI ([0-9.]+)/);
  assert.ok(m && Number(m[1]) > 0.9, `NMI ${m && m[1]}`);

  // bad parameters: status 2, one line naming the problem
  for (const [args, re] of [
    [['generate', 'spirals'], /unknown data set 'spirals'/],
    [['generate'], /needs a data set NAME/],
    [['generate', 'moons', '--n', '5'], /N = 5 is out of range/],
    [['generate', 'moons', '--noise', '7'], /noise = 7 is out of range/],
    [['generate', 'moons', '--noise', 'x'], /--noise/],
    [['generate', 'gaussians', '--dim', '3'], /dim does not apply/],
    [['generate', 'hypercube', '--dim', '21'], /dim = 21 is out of range/],
    [['generate', 'moons', '--seed', '-1'], /--seed/],
    [['generate', 'moons', '--bogus'], /--bogus/],
    [['generate', 'moons', '--n', '1e30'], /option --n must be an integer in 1 … 10\^9, got 1e30/],
    [['generate', 'moons', '--out', join(dir, 'no', 'such', 'dir.csv')], /cannot write/],
  ]) {
    const b = run(args);
    assert.equal(b.status, 2, args.join(' '));
    assert.match(b.err, re, args.join(' '));
    assert.equal(b.err.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
  }
});

// ---- options through the parameter codec (core/params), --json -, ground truth, graph input ----
test('--json - writes only the JSON to stdout; the summary goes to stderr', () => {
  const f = join(dir, 'json-only.csv');
  writeFileSync(f, blobs(300, 3));
  const r = run(['analyze', f, '--json', '-']);
  assert.equal(r.status, 0, r.err);
  assert.ok(r.out.startsWith('{"n":300,') && r.out.endsWith('}\n'), r.out.slice(0, 80));
  assert.equal(r.out.trim().split('\n').length, 1);
  assert.equal(stdoutJson(r).n, 300);
  assert.match(r.err, /^points 300 × 2, maxk 100\n/);
  assert.match(r.err, /intrinsic dimension \(TwoNN\)/);
  // without --json -, the summary stays on stdout and stderr is empty
  const plain = run(['analyze', f]);
  assert.match(plain.out, /intrinsic dimension \(TwoNN\)/);
  assert.equal(plain.err, '');
});

test('every integer option is range-checked with one line naming option, range and value', () => {
  const f = join(dir, 'ranges.csv');
  writeFileSync(f, blobs(300, 4));
  for (const [args, message] of [
    [['analyze', f, '--k', '2147483648'], 'option --k must be an integer in 1 … maxk, got 2147483648'],
    [['analyze', f, '--density', 'knn', '--k', '200'], 'option --k must be an integer in 1 … maxk = 100, got 200'],
    [['analyze', f, '--density', 'knn', '--maxk', '20', '--k', '21'], 'option --k must be an integer in 1 … maxk = 20, got 21'],
    [['analyze', f, '--maxk', '1e300'], 'option --maxk must be an integer in 1 … n−1, got 1e300'],
    [['analyze', f, '--maxk', '9223372036854775808'], 'option --maxk must be an integer in 1 … n−1, got 9223372036854775808'],
    [['analyze', f, '--maxk', '300'], 'option --maxk must be an integer in 1 … n−1 = 299, got 300'],
    [['analyze', f, '--maxk', '2.5'], 'option --maxk must be an integer in 1 … n−1, got 2.5'],
    [['analyze', f, '--maxk', '0'], 'option --maxk must be an integer in 1 … n−1, got 0'],
    [['analyze', f, '--k', 'ten'], "option --k must be an integer in 1 … maxk, got 'ten'"],
    [['analyze', f, '--Z', 'inf'], "option --Z must be a finite number ≥ 0, got 'inf'"],
    [['analyze', f, '--Z', '-1'], 'option --Z must be a finite number ≥ 0, got -1'],
    [['analyze', f, '--neighbours', 'ball'], "option --neighbours must be one of auto, kdtree, brute, hnsw, got 'ball'"],
    [['analyze', f, '--maxk'], 'option --maxk needs a value'],
    [['bench', '--sizes', '-5'], 'option --sizes must be an integer in 5 … 10^7, got -5'],
    [['bench', '--sizes', '2000,x'], "option --sizes must be an integer in 5 … 10^7, got 'x'"],
    [['bench', '--sizes', '1e30'], 'option --sizes must be an integer in 5 … 10^7, got 1e30'],
    [['bench', '--dims', '0'], 'option --dims must be an integer in 1 … 200, got 0'],
    [['bench', '--dims'], 'option --dims needs a value'],
    [['generate', 'moons', '--dim', '-2'], 'option --dim must be an integer in 1 … 10^9, got -2'],
  ]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.err, `peakscope: ${message}\n`, args.join(' '));
  }
  // the aliases and the flags still work
  const ok = run(['analyze', f, '--z', '2', '--neighbors', 'brute', '--maxk', '1e1', '--halo']);
  assert.equal(ok.status, 0, ok.err);
  assert.match(ok.out, /points 300 × 2, maxk 10\n/);
  assert.match(ok.out, /ADP at Z = 2: .*; halo points \d+/);
});

test('a --labels file of only −1: the analysis runs, ARI/NMI unavailable with the reason', () => {
  const f = join(dir, 'unlabelled.csv');
  writeFileSync(f, blobs(200, 9).split('\n').map((l) => l.split(',').slice(0, 2).join(',')).join('\n'));
  const labels = join(dir, 'minus1.txt');
  writeFileSync(labels, '-1\n'.repeat(200));
  const r = run(['analyze', f, '--labels', labels, '--json', '-']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /against the given labels: ARI and NMI unavailable \(no point has a ground-truth label >= 0/);
  const j = stdoutJson(r);
  assert.equal(j.adp.labels.length, 200);
  assert.deepEqual(j.truth, { against: 'labels', compared: 0, ari: null, nmi: null,
    unavailable: 'no point has a ground-truth label >= 0; -1 marks an unlabelled point' });
  // with real labels the same key holds the numbers; --halo compares the halo labels
  const good = join(dir, 'alternating.txt');
  writeFileSync(good, Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? -1 : i % 2)).join('\n') + '\n');
  const h = run(['analyze', f, '--labels', good, '--halo', '--json', '-']);
  assert.equal(h.status, 0, h.err);
  const t = stdoutJson(h).truth;
  assert.equal(t.against, 'halo_labels');
  assert.ok(t.compared > 100 && t.compared <= 160, `compared ${t.compared}`);
  assert.ok(t.ari > 0.9 && t.nmi > 0.8, `ARI ${t.ari}, NMI ${t.nmi}`);
  assert.match(h.err, new RegExp(`against the given labels \\(${t.compared} points labelled >= 0 in both\\): ARI`));
  // no labels at all: no "truth" key
  assert.ok(!('truth' in stdoutJson(run(['analyze', f, '--json', '-']))));
});

test('kNN-graph input: decision_graph.delta is null where no denser point is among the maxk neighbours', () => {
  // two blobs far apart, their 8 nearest neighbours (without the self column)
  const text = blobs(200, 21).trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).map(Number));
  const n = text.length, k = 8;
  const dist = new Float64Array(n * k), index = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const order = [];
    for (let j = 0; j < n; j++) if (j !== i) order.push([Math.hypot(text[i][0] - text[j][0], text[i][1] - text[j][1]), j]);
    order.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let c = 0; c < k; c++) [dist[i * k + c], index[i * k + c]] = order[c];
  }
  const f = join(dir, 'graph.npz');
  writeFileSync(f, makeNpz({ dist: npy(dist, [n, k]), index: npy(index, [n, k]) }));
  const r = run(['analyze', f, '--json', '-']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /\(kNN graph input\)/);
  const j = stdoutJson(r);
  assert.equal(j.d, 0);
  const delta = j.decision_graph.delta;
  assert.equal(delta.length, n);
  const nulls = delta.filter((v) => v === null).length;
  assert.ok(nulls >= 1 && nulls < n / 4, `${nulls} null δ`);  // at least the top of the second blob
  assert.ok(delta.every((v) => v === null || v > 0));
  // from the points the search goes beyond maxk: no null
  const csv = join(dir, 'graph-points.csv');
  writeFileSync(csv, text.map((p) => p.join(',')).join('\n') + '\n');
  const p = stdoutJson(run(['analyze', csv, '--maxk', String(k), '--json', '-']));
  assert.ok(p.decision_graph.delta.every((v) => typeof v === 'number' && v > 0));
});

test("README's option table is the codec's (peakscope options)", () => {
  const r = run(['options']);
  assert.equal(r.status, 0, r.err);
  const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');
  const begin = '<!-- options: generated by `peakscope options` (core/params.cpp); tests/cli checks it -->\n';
  const at = readme.indexOf(begin);
  assert.ok(at >= 0, 'README marks the option table');
  const end = readme.indexOf('<!-- /options -->', at);
  assert.equal(readme.slice(at + begin.length, end), r.out);
  for (const name of ['maxk', 'Z', 'density', 'k', 'neighbours', 'idScaling', 'decisionGraph', 'mergeCurve', 'halo'])
    assert.match(r.out, new RegExp(`^\\| \`${name}\``, 'm'), name);
});

test('--neighbours hnsw: an approximate graph says so, with its measured recall (native builds with hnswlib)', () => {
  const f = join(dir, 'hnsw.csv');
  writeFileSync(f, blobs(1500, 11));
  const r = run(['analyze', f, '--neighbours', 'hnsw', '--json', '-']);
  if (r.status === 2 && /libhnswlib-dev/.test(r.err)) return;  // a build without hnswlib says why
  assert.equal(r.status, 0, r.err);
  const j = stdoutJson(r);
  assert.equal(j.neighbour_graph.approximate, true);
  assert.ok(j.neighbour_graph.recall > 0.9 && j.neighbour_graph.recall <= 1, String(j.neighbour_graph.recall));
  assert.equal(j.neighbour_graph.recall_sample, 1000);
  assert.match(r.err, /neighbours: approximate \(hnsw\), recall [01]\.\d{4} measured exactly on 1000 evenly spaced points/);
  // the exact back-ends do not carry the key
  const e = stdoutJson(run(['analyze', f, '--json', '-']));
  assert.equal(e.neighbour_graph, undefined);
  assert.equal(e.adp.n_clusters, j.adp.n_clusters);
});

test('text class labels in a species column: compared as classes, named in the summary and the JSON', () => {
  // the blobs of the first test with their labels spelled as names, in a column named species
  const names = ['setosa', 'versicolor'];
  const rows = blobs(600).trim().split('\n');
  const csv = ['x,y,species', ...rows.slice(1).map((r) => { const f = r.split(','); return `${f[0]},${f[1]},${names[+f[2]]}`; })];
  const f = join(dir, 'species.csv');
  writeFileSync(f, csv.join('\n') + '\n');
  const r = run(['analyze', f, '--Z', '2', '--json', '-']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /labels: column 'species', 2 classes: setosa = 0, versicolor = 1/);
  const j = stdoutJson(r);
  assert.equal(j.d, 2, 'the species column is not a coordinate');
  assert.equal(j.truth.column, 'species');
  assert.deepEqual(j.truth.classes, names);
  assert.equal(j.truth.compared, 600);
  // the same comparison as the integer labels give
  const g = join(dir, 'species-int.csv');
  writeFileSync(g, blobs(600));
  const ri = run(['analyze', g, '--Z', '2', '--json', '-']);
  assert.equal(ri.status, 0, ri.err);
  const ji = stdoutJson(ri);
  assert.equal(j.truth.ari, ji.truth.ari);
  assert.equal(j.truth.nmi, ji.truth.nmi);
  assert.equal(ji.truth.column, 'label');
  assert.ok(!('classes' in ji.truth), 'integer labels have no class names');
  assert.match(ri.err, /labels: column 'label'\n/);
  // a label that is a number but not an integer is still refused
  const h = join(dir, 'half.csv');
  writeFileSync(h, 'x,y,group\n0,0,a\n1,1,2.5\n');
  const rh = run(['analyze', h]);
  assert.equal(rh.status, 2);
  assert.match(rh.err, /half\.csv: row 3, column 3: label '2\.5' is not an integer/);
});

test('bench-large runs its three parts (small N) and reports recall, ID, peaks, memory and the ARI', () => {
  const r = run(['bench-large', '--n', '3000', '--subsample', '1000', '--maxk', '20']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /1\. Gaussian mixture, exact +3000 +10 /);
  assert.match(r.out, /2\. activation-like, hnsw +3000 +128 .*recall (0\.9\d+|1\.0000) \(\d+ points\)/);
  assert.match(r.out, /3\. subsample of 2, exact +1000 +128 /);
  assert.match(r.out, /peak memory so far \d+\.\d\d GB/);
  const m = r.out.match(/ID exact ([\d.]+), hnsw ([\d.]+) .*peaks (\d+) vs (\d+); ARI\(exact, hnsw\) ([-\d.]+)/);
  assert.ok(m, r.out);
  // 16-dimensional clusters embedded in 128 dimensions: the ID is far below 128
  assert.ok(Number(m[1]) > 5 && Number(m[1]) < 40, `ID ${m[1]}`);
  for (const [args, message] of [
    [['bench-large', '--n', '10'], 'option --n must be an integer in 200 … 10^7, got 10'],
    [['bench-large', '--bogus'], 'bench-large: unknown option --bogus'],
  ]) {
    const e = run(args);
    assert.equal(e.status, 2, args.join(' '));
    assert.equal(e.err, `peakscope: ${message}\n`, args.join(' '));
  }
});

test('a progress line on stderr, one per stage, never on stdout (threshold from PEAKSCOPE_PROGRESS_AFTER)', () => {
  const f = join(dir, 'progress.csv');
  writeFileSync(f, blobs(400));
  const runEnv = (after) => spawnSync(cli, ['analyze', f, '--json', '-'],
                                      { encoding: 'utf8', env: { ...process.env, PEAKSCOPE_PROGRESS_AFTER: after } });
  const r = runEnv('0');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(stdoutJson({ out: r.stdout }).n, 400);  // stdout stays the JSON alone
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('peakscope: '));
  for (const l of lines) assert.match(l, /^peakscope: \S.* \d+ % \(\d+\.\d s\)$/);
  const stages = new Set(lines.map((l) => l.replace(/ \d+ % .*$/, '')));
  assert.ok(stages.size >= 3, `stages shown: ${[...stages].join(' | ')}`);
  const quiet = runEnv('1000');  // shorter than the threshold: nothing
  assert.equal(quiet.status, 0);
  assert.match(quiet.stderr, /intrinsic dimension \(TwoNN\)/);  // the summary, as with --json -
  assert.doesNotMatch(quiet.stderr, /^peakscope: /m);
});
