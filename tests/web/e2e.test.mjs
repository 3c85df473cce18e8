// Browser end-to-end tests of the PeakScope app (index.html + peakscope_app.js/.wasm + worker), issue #4.
// Serves the built site (plus test fixtures, same origin) with web/serve.mjs, drives Debian's
// /usr/bin/chromium through playwright-core (WebGL2 via SwiftShader) and works through the real UI:
// clicks on widget rectangles the app publishes (window.peakscope.rects, CSS px), drops files on the
// canvas, types into ImGui, reads the outcome from window.peakscope.state() and from screenshots.
//   [1] boot: default demo, its peaks (colours in the scatter), hi-DPI, WebGL2 / wasm failures
//   [2] Z through the slider = core clustersAtZ = merge_z step function; app = CLI (labels, centres, ID)
//   [3] files: a dropped CSV is analysed (labels column), bad files keep the previous state; cancel
//   [4] exports (CSV, JSON, SVG, PNG) and sharing (copy link), URL state, ?data=, embed + iframe
//   [5] screenshots of every view (saved to PEAKSCOPE_SCREENSHOTS; look at them)
// Configuration (tests/web/tests.cmake sets them; browser.mjs reads the first four):
//   PEAKSCOPE_SITE, PEAKSCOPE_SERVE, PEAKSCOPE_SCREENSHOTS, PEAKSCOPE_CHROMIUM,
//   PEAKSCOPE_CLI  the CLI: peakscope_cli.js (run with node) or a native binary
//                  (default build/e2e-wasm/peakscope_cli.js, then build/wasm/peakscope_cli.js)
// Example: PEAKSCOPE_SITE=build/e2e-wasm/site node --test tests/web/e2e.test.mjs
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32 as zcrc32, deflateRawSync } from 'node:zlib';
import { CHROMIUM, SHOTS, SITE, appState, launchBrowser, nextFrames as framesOf, openPage, startServer,
         waitResult } from './browser.mjs';
import { decodePng, pixelStats } from './png.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(process.env.PEAKSCOPE_CLI ||
  [join(here, '../../build/e2e-wasm/peakscope_cli.js'), join(here, '../../build/wasm/peakscope_cli.js')]
    .find((p) => existsSync(p)) || 'peakscope_cli.js');
const VIEWPORT = { width: 1280, height: 800 };
const TEST_TIMEOUT_MS = 150000;  // a hung page fails its test instead of the whole run
const work = mkdtempSync(join(tmpdir(), 'peakscope-e2e-'));

// Okabe-Ito colours of final peaks 0..6 (web/kit/style.hpp category(i)); points are drawn at alpha 0.85.
const OKABE_ITO = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178],
                   [213, 94, 0], [204, 121, 167]];
const PLOT_BG = [22, 24, 29];
const blend = (c, bg, a) => c.map((v, i) => Math.round(a * v + (1 - a) * bg[i]));

let srv = null, browser = null;
let cli = null;  // promises of the CLI's results on the default demo (started in before())

// ---- fixtures ----------------------------------------------------------------------------------
// Deterministic points (Park-Miller), so every run drops the same files.
function lcg(seed) {
  let a = seed;
  return () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
}
// Three separated blobs in 2-D with a trailing 'label' column: 900 rows.
function blobsCsv() {
  const rnd = lcg(4242);
  const lines = ['x,y,label'];
  for (let i = 0; i < 900; i++) {
    const c = i % 3, g = () => rnd() + rnd() + rnd() - 1.5;
    lines.push(`${(7 * c + g()).toPrecision(17)},${((c === 1 ? 6 : 0) + g()).toPrecision(17)},${c}`);
  }
  return lines.join('\n') + '\n';
}
const BLOBS = blobsCsv();
// the blobs with two columns named like labels ('group' = the blobs, 'cluster' = row parity) and an id
const TWO_LABELS = ['x,y,group,cluster,id', ...BLOBS.trim().split('\n').slice(1).map((r, i) => {
  const f = r.split(',');
  return `${f[0]},${f[1]},${f[2]},${i % 2},${i}`;
})].join('\n') + '\n';
const HOST_HTML = `<!doctype html><meta charset="utf-8"><title>course page</title><link rel="icon" href="data:,">
<body style="background:#fff;margin:0">
<p>A course page. <input id="host-input" placeholder="host input"></p>
<iframe id="app" src="../?embed=1&n=2000" width="1000" height="560" style="border:0"
        allow="clipboard-write" title="PeakScope"></iframe>
<script>
window.heights = [];
addEventListener('message', (e) => {
  if (e.data && e.data.type === 'peakscope-height') window.heights.push(e.data.height);
});
</script></body>`;

// ---- CLI ---------------------------------------------------------------------------------------
const execFileP = promisify(execFile);
async function runCli(args) {
  const [cmd, argv] = CLI.endsWith('.js')
    ? [process.execPath, ['--no-experimental-fetch', '--stack-size=4000', CLI, ...args]] : [CLI, args];
  const { stdout } = await execFileP(cmd, argv, { cwd: work, maxBuffer: 256 << 20 });
  return stdout;
}
// `analyze FILE --json -`: stdout holds the JSON document alone (the summary goes to stderr).
const cliJson = (stdout) => JSON.parse(stdout);
const cliAnalyze = (file, z) =>
  runCli(['analyze', file, '--density', 'knn', '--k', '16', '--Z', String(z), '--json', '-']).then(cliJson);

before(async () => {
  assert.ok(existsSync(join(SITE, 'index.html')), `${SITE}/index.html missing: build peakscope_site`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: run bash setup.sh`);
  assert.ok(existsSync(CLI), `${CLI} missing: build the peakscope target or set PEAKSCOPE_CLI`);
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(work, 'blobs.csv'), BLOBS);
  // The CLI runs beside the browser: the default demo's data (gaussians, n 5000, seed 1) at two Z.
  const generated = runCli(['generate', 'gaussians', '--n', '5000', '--seed', '1', '--out', 'tmp.csv']);
  cli = {
    z165: generated.then(() => cliAnalyze('tmp.csv', 1.65)),
    z05: generated.then(() => cliAnalyze('tmp.csv', 0.5)),
    scaling: generated.then(() => runCli(['analyze', 'tmp.csv', '--density', 'knn', '--k', '16', '--Z', '1.65',
                                          '--id-scaling', '--json', '-'])).then(cliJson),
    blobs: cliAnalyze('blobs.csv', 1.65),
  };
  for (const p of Object.values(cli)) p.catch(() => {});  // awaited (and reported) by the tests
  srv = await startServer({ fixtures: { 'blobs.csv': BLOBS, 'two.csv': TWO_LABELS, 'host.html': HOST_HTML,
                                        'huge.csv': { sparseBytes: 300 * 1048576 } } });
  browser = await launchBrowser();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (srv) srv.stop();
    rmSync(work, { recursive: true, force: true });
  }
});

// ---- helpers -----------------------------------------------------------------------------------
// n animation frames of the page; fails (instead of waiting forever) when the page stops drawing.
const nextFrames = (page, n = 2) => Promise.race([framesOf(page, n), new Promise((_, reject) => setTimeout(
  () => reject(new Error(`the page drew no ${n} frames in 20 s: hung (state: ${page.url()})`)), 20000).unref())]);
const rects = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)));

async function shoot(page, name) {
  const png = await page.screenshot({ type: 'png' });
  writeFileSync(join(SHOTS, name), png);
  return decodePng(png);
}

// Pixels of img (CSS px = device px at dpr 1) inside rect r within tol of colour c.
function countNear(img, r, c, tol, scale = 1) {
  let k = 0;
  for (let y = Math.round(r.y0 * scale); y < Math.round(r.y1 * scale); y++) {
    for (let x = Math.round(r.x0 * scale); x < Math.round(r.x1 * scale); x++) {
      const i = (y * img.width + x) * 4;
      if (Math.abs(img.rgba[i] - c[0]) <= tol && Math.abs(img.rgba[i + 1] - c[1]) <= tol &&
          Math.abs(img.rgba[i + 2] - c[2]) <= tol) k++;
    }
  }
  return k;
}
// Pixels of each final peak's colour in the scatter (alpha 0.85 over the plot background).
const peakColourCounts = (img, r, nPeaks, scale = 1) =>
  OKABE_ITO.slice(0, Math.min(nPeaks, 7)).map((c) => countNear(img, r, blend(c, PLOT_BG, 0.85), 12, scale));

function assertDrawn(img, label) {
  const stats = pixelStats(img);
  assert.ok(stats.distinct >= 64, `${label}: only ${stats.distinct} distinct colours: the canvas looks blank`);
  assert.ok(stats.nonBackground >= 0.05, `${label}: only ${(100 * stats.nonBackground).toFixed(2)}% drawn`);
}

// A mouse click the ImGui frame loop sees: move, press and release in separate frames. `page` owns
// the mouse (CSS px of the top page); `frame` (default: page) is where the app runs (an iframe).
async function clickAt(page, x, y, { modifiers = [], frame = page } = {}) {
  await page.mouse.move(x, y);
  await nextFrames(frame, 1);
  for (const m of modifiers) await page.keyboard.down(m);
  await nextFrames(frame, 1);
  await page.mouse.down();
  await nextFrames(frame, 1);
  await page.mouse.up();
  for (const m of modifiers) await page.keyboard.up(m);
  await nextFrames(frame, 2);
}
async function clickRect(page, name, fx = 0.5, fy = 0.5) {
  const r = (await rects(page))[name];
  assert.ok(r, `the app publishes no rect '${name}'`);
  await clickAt(page, r.x0 + fx * (r.x1 - r.x0), r.y0 + fy * (r.y1 - r.y0));
}

// The left column window ('PeakScope', data panel) spans y in [0, max(H/2, H − 250)) (web/parts/peaks/peaks_part.cpp);
// its content scrolls. Scrolls it with the mouse wheel until rect `name` is fully visible.
async function revealInLeftPanel(page, name) {
  // the left column's top window ends at max(H/2, H − 250) (web/parts/peaks/peaks_part.cpp layout)
  const bottom = Math.floor(Math.max(VIEWPORT.height * 0.5, VIEWPORT.height - 250)) - 8, top = 26;
  for (let i = 0; i < 30; i++) {
    const r = (await rects(page))[name];
    assert.ok(r, `no rect '${name}'`);
    if (r.y0 >= top && r.y1 <= bottom) return r;
    await page.mouse.move(150, 200);
    await page.mouse.wheel(0, r.y1 > bottom ? 60 : -60);
    await nextFrames(page, 3);
  }
  throw new Error(`could not scroll '${name}' into view`);
}

// Opens the data panel's "Export and share" section and returns its buttons' rects (published by
// the app each frame they are drawn: cleared first, so a stale rect of a closed section is not used).
async function openExportSection(page) {
  const names = ['labels', 'json', 'svg', 'png', 'link', 'embed'];
  const drawn = async () => {
    await page.evaluate(() => { for (const n of Object.keys(window.peakscope.rects)) if (n.startsWith('export.')) delete window.peakscope.rects[n]; });
    await page.mouse.move(640, 790);  // input: the app draws the next frames (frames on demand)
    await nextFrames(page, 3);
    const r = await rects(page);
    return names.every((n) => r['export.' + n]);
  };
  if (!(await drawn())) {
    const h = await revealInLeftPanel(page, 'export');
    await clickAt(page, (h.x0 + h.x1) / 2, (h.y0 + h.y1) / 2);
    assert.ok(await drawn(), 'the "Export and share" section did not open');
  }
  await revealInLeftPanel(page, 'export.embed');
  await page.mouse.move(640, 790);  // away from the panel: nothing hovered
  await nextFrames(page, 3);
  const r = await rects(page);
  return Object.fromEntries(names.map((n) => [n, r['export.' + n]]));
}

// Clicks a button rect and returns the download it starts: { name, bytes }.
async function downloadFrom(page, r) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 15000 }),
    clickAt(page, (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

// Drops a file on #canvas as the browser does: a DragEvent whose DataTransfer holds a File.
// `content` is text, or {generate: 'uniform', rows} to build a large CSV inside the page.
// An .npz whose one member, X.npy (12.5 million float64 zeros = 100 MB), is deflated to ~97 KB.
const crc32 = (b) => zcrc32(b) >>> 0;
function deflateBomb() {
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (12500000,), }";
  const pad = ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const npyHead = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]),
    Buffer.from([(header.length + pad.length) & 0xff, (header.length + pad.length) >> 8]), Buffer.from(header + pad)]);
  const raw = Buffer.concat([npyHead, Buffer.alloc(12500000 * 8)]);
  const comp = deflateRawSync(raw, { level: 9 });
  const crc = crc32(raw), name = Buffer.from('X.npy');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(raw.length, 22);
  local.writeUInt16LE(name.length, 26);
  const cen = Buffer.alloc(46);
  cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(8, 10);
  cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(comp.length, 20); cen.writeUInt32LE(raw.length, 24);
  cen.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(30 + name.length + comp.length, 16);
  return new Uint8Array(Buffer.concat([local, name, comp, cen, name, end]));
}

async function dropFile(page, name, content) {
  await page.evaluate(({ name, content }) => {
    let text = content;
    if (typeof content === 'object' && content.bytes) {
      text = new Uint8Array(content.bytes);  // a binary file (e.g. an .npz)
    } else if (typeof content === 'object') {
      let a = 7;
      const rnd = () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
      const lines = ['x,y'];
      for (let i = 0; i < content.rows; i++) lines.push(`${rnd()},${rnd()}`);
      text = lines.join('\n') + '\n';
    }
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/csv' }));
    const canvas = document.getElementById('canvas');
    const at = { clientX: 500, clientY: 400, bubbles: true, cancelable: true, dataTransfer: dt };
    canvas.dispatchEvent(new DragEvent('dragenter', at));
    canvas.dispatchEvent(new DragEvent('dragover', at));
    canvas.dispatchEvent(new DragEvent('drop', at));
  }, { name, content });
}

// Waits until no job runs and the app's message matches `pattern`; returns the state.
async function waitMessage(page, pattern, timeout = 60000) {
  await page.waitForFunction(([src, flags]) => {
    const s = window.peakscope.state();
    return !s.busy && new RegExp(src, flags).test(s.message);
  }, [pattern.source, pattern.flags], { timeout, polling: 50 });
  return appState(page);
}

// The message line (error colour, web/main.cpp drawStatus) is on screen: pixels of the error
// text colour in the top band of the canvas, above the panes.
const ERROR_TEXT = [255, 140, 115];
async function assertErrorShown(page, shot) {
  await nextFrames(page, 3);
  const img = await shoot(page, shot);
  const n = countNear(img, { x0: 300, y0: 0, x1: 980, y1: 80 }, ERROR_TEXT, 40);
  assert.ok(n >= 20, `${shot}: the error message is not visible on the canvas (${n} pixels of its colour)`);
}

// Number of peaks at Z from the JSON's step function: n_clusters of the last breakpoint z <= Z.
function stepCount(mergeZ, Z) {
  let n = null;
  for (const e of mergeZ) if (e.z <= Z) n = e.n_clusters;
  return n;
}

function parseCsv(text) {
  const [head, ...rows] = text.trim().split('\n');
  return { columns: head.split(','), rows: rows.map((r) => r.split(',')) };
}

// Checks that the app's results JSON equals the CLI's on labels, halo, centres, ID and merge_z.
function assertSameResults(app, ref, label) {
  assert.equal(app.n, ref.n, `${label}: n`);
  assert.equal(app.id.value, ref.id.value, `${label}: ID`);
  assert.equal(app.id.error, ref.id.error, `${label}: ID error`);
  assert.equal(app.adp.Z, ref.adp.Z, `${label}: Z`);
  assert.equal(app.adp.n_clusters, ref.adp.n_clusters, `${label}: n_clusters`);
  assert.deepEqual(app.adp.centers, ref.adp.centers, `${label}: centres`);
  assert.deepEqual(app.adp.labels, ref.adp.labels, `${label}: labels`);
  assert.deepEqual(app.adp.halo_labels, ref.adp.halo_labels, `${label}: halo labels`);
  assert.deepEqual(app.adp.merge_z, ref.adp.merge_z, `${label}: merge_z`);
  assert.deepEqual(app.density.log_density, ref.density.log_density, `${label}: log density`);
  // the ground truth's agreement, as the CLI reports it (a file's label column and class names too)
  assert.equal(!app.truth, !ref.truth, `${label}: a truth section in both or in neither`);
  if (ref.truth) {
    for (const k of ['against', 'compared', 'classes']) assert.deepEqual(app.truth[k], ref.truth[k], `${label}: truth.${k}`);
    for (const k of ['ari', 'nmi']) assert.ok(Math.abs(app.truth[k] - ref.truth[k]) < 1e-12, `${label}: truth.${k}`);
    if (app.truth.column !== undefined) assert.equal(app.truth.column, ref.truth.column, `${label}: truth.column`);
  }
}

// ---- [1] boot ----------------------------------------------------------------------------------
// One page with the default demo serves tests [1]-[3] and the exports (in order).
let main = null;

test('the default demo boots and shows its peaks in their colours', { timeout: TEST_TIMEOUT_MS }, async () => {
  main = await openPage(browser, srv.url, { viewport: VIEWPORT });
  const { page, errors } = main;
  const s = await waitResult(page);
  await nextFrames(page, 4);
  const info = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight,
             loadingHidden: document.getElementById('loading').hidden };
  });
  assert.deepEqual([info.cw, info.ch], [VIEWPORT.width, VIEWPORT.height], 'canvas fills the window');
  assert.deepEqual([info.w, info.h], [info.cw, info.ch], 'backing store = CSS size at dpr 1');
  assert.ok(info.loadingHidden, 'the loading indicator is hidden once frames are drawn');
  assert.equal(s.generator, 'gaussians');
  assert.deepEqual([s.n, s.d, s.density, s.k], [5000, 2, 0, 16], 'default demo: 5000 points, kNN, k = 16');
  assert.ok(s.nClusters >= 2, `${s.nClusters} peaks in the default mixture`);
  assert.equal(s.nClusters, await page.evaluate((z) => window.peakscope.clustersAtZ(z), s.Z));
  assert.ok(s.nPutative >= s.nClusters);
  const img = await shoot(page, 'default-demo.png');
  assertDrawn(img, 'default demo');
  const r = (await rects(page)).scatter;
  assert.ok(r && r.x1 - r.x0 > 100 && r.y1 - r.y0 > 100, `scatter rect ${JSON.stringify(r)}`);
  const counts = peakColourCounts(img, r, s.nClusters);
  counts.forEach((c, i) => assert.ok(c >= 30, `peak ${i}'s colour in the scatter: ${c} pixels (${counts})`));
  // a colour of a peak that does not exist at this Z is absent (the test can tell colours apart)
  if (s.nClusters < 7) {
    const extra = countNear(img, r, blend(OKABE_ITO[s.nClusters], PLOT_BG, 0.85), 12);
    assert.ok(extra < 30, `colour of peak ${s.nClusters} (not a peak) found ${extra} times`);
  }
  // Keys typed into the host page stay there: the app listens on its canvas only.
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { id: 'host-input' });
    input.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:9';
    document.body.appendChild(input);
    input.focus();
  });
  await page.keyboard.type('peaks');
  await page.keyboard.press('Backspace');
  assert.equal(await page.inputValue('#host-input'), 'peak', 'the host page keeps its keyboard');
  await page.evaluate(() => document.getElementById('host-input').remove());
  assert.deepEqual(errors, [], 'no console errors, page errors or failed requests');
});

test('hi-DPI: backing store is 2x the CSS size, and clicks map to CSS pixels', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + '?n=1000&view=peaks',
                                                   { viewport: VIEWPORT, deviceScaleFactor: 2 });
  try {
    const s = await waitResult(page);
    await nextFrames(page, 3);
    const info = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio };
    });
    assert.equal(info.dpr, 2);
    assert.deepEqual([info.w, info.h], [2 * info.cw, 2 * info.ch], 'backing store = 2 x CSS size');
    const img = await shoot(page, 'default-dpr2.png');
    assert.deepEqual([img.width, img.height], [2560, 1600]);
    assertDrawn(img, 'dpr 2');
    const counts = peakColourCounts(img, (await rects(page)).scatter, s.nClusters, 2);
    counts.forEach((c, i) => assert.ok(c >= 30, `dpr 2: peak ${i}'s colour: ${c} device pixels`));
    // a click on the "Decision graph" tab (CSS px rect) selects it
    await clickRect(page, 'decision');
    assert.equal((await appState(page)).view, 'decision', 'the click landed on the tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'canvas', 'a click focuses the canvas');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a browser without wasm exception handling or SIMD is told it is too old (the module is not loaded)', { timeout: TEST_TIMEOUT_MS }, async () => {
  // a browser that refuses modules with try/catch_all (0x06 … 0x19) or v128.const (0xfd 0x0c)
  for (const [what, opcode] of [['exceptions', [6, 64, 25]], ['SIMD', [253, 12]]]) {
    const refuse = (op) => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = (bytes) => {
        const b = Array.from(new Uint8Array(bytes.buffer || bytes));
        for (let i = 0; i + op.length <= b.length; i++) if (op.every((x, j) => b[i + j] === x)) return false;
        return validate(bytes);
      };
    };
    const { context, page, errors, requested } = await openPage(browser, srv.url, { initScript: [refuse, opcode] });
    try {
      const message = page.locator('#message');
      await message.waitFor({ state: 'visible', timeout: 10000 });
      const text = await message.innerText();
      assert.match(text, /too old for PeakScope/, what);
      assert.match(text, /SIMD and exception handling/, what);
      assert.ok(!requested.includes('/peakscope_app.js'), `${what}: the module is not loaded`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('without WebGL2 the page explains why instead of staying blank', { timeout: TEST_TIMEOUT_MS }, async () => {
  const noWebGL2 = () => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  };
  const { context, page, errors, requested } = await openPage(browser, srv.url, { initScript: noWebGL2 });
  try {
    const message = page.locator('#message');
    await message.waitFor({ state: 'visible', timeout: 10000 });
    const text = await message.innerText();
    assert.match(text, /WebGL 2 is not available/);
    assert.match(text, /hardware acceleration|another browser/);
    assert.ok(await page.locator('#loading').isHidden(), 'the loading indicator is gone');
    assert.ok(!requested.includes('/peakscope_app.js'), 'the module is not loaded without WebGL2');
    await shoot(page, 'fallback-no-webgl2.png');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a module that fails to load gives a readable message', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page } = await openPage(browser, srv.url, {
    route: { pattern: '**/peakscope_app.wasm', handler: (r) => r.fulfill({ status: 404, body: 'gone' }) },
  });
  try {
    const message = page.locator('#message');
    await message.waitFor({ state: 'visible', timeout: 20000 });
    assert.match(await message.innerText(), /PeakScope (stopped|failed|could not)/);
    assert.notEqual(await page.evaluate(() => window.peakscopeReady), true);
    await shoot(page, 'fallback-load-error.png');
  } finally {
    await context.close();
  }
});

// ---- [2] Z -------------------------------------------------------------------------------------
test('moving Z with the slider changes the number of peaks exactly as the core predicts', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = main;
  const json = JSON.parse(await page.evaluate(() => window.peakscope.exportJson()));
  const mergeZ = json.adp.merge_z;
  assert.ok(mergeZ.length >= 2, `merge_z has ${mergeZ.length} steps`);
  const r = await revealInLeftPanel(page, 'Zpanel');
  const seen = [];
  for (const f of [0.02, 0.1, 0.25, 0.4, 0.6, 0.8, 0.97]) {
    await clickAt(page, r.x0 + f * (r.x1 - r.x0), (r.y0 + r.y1) / 2);
    const s = await appState(page);
    const core = await page.evaluate((z) => window.peakscope.clustersAtZ(z), s.Z);
    assert.equal(s.partitionZ, s.Z, 'the partition is recomputed at the slider\'s Z');
    assert.equal(s.nClusters, core, `Z = ${s.Z}: app ${s.nClusters} peaks, core clustersAtZ ${core}`);
    assert.equal(s.nClusters, stepCount(mergeZ, s.Z), `Z = ${s.Z}: merge_z step function`);
    seen.push({ f, Z: s.Z, n: s.nClusters });
  }
  for (let i = 1; i < seen.length; i++)
    assert.ok(seen[i].Z > seen[i - 1].Z, `Z grows with the click position: ${JSON.stringify(seen)}`);
  assert.ok(new Set(seen.map((e) => e.n)).size >= 2, `the number of peaks changes: ${JSON.stringify(seen)}`);
  // non-increasing in Z, as merging only removes peaks
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].n <= seen[i - 1].n, JSON.stringify(seen));
  // the exported JSON follows the slider
  const last = seen[seen.length - 1];
  const at = JSON.parse(await page.evaluate(() => window.peakscope.exportJson()));
  assert.equal(at.adp.Z, last.Z);
  assert.equal(at.adp.n_clusters, last.n);
  // the Z in the summary and a screenshot after the last move
  await shoot(page, 'z-slider-high.png');
  await page.evaluate(() => window.peakscope.setZ(1.65));
  await nextFrames(page, 2);
  assert.equal((await appState(page)).Z, 1.65);
});

// Frames on demand (platform::frameDue): an unchanged page draws about one frame a second, input
// brings every frame back at once, a page API call draws its change.
test('an idle page draws about one frame a second; input and API calls draw at once', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = main;
  const drawn = () => page.evaluate(() => window.peakscopeFramesDrawn);
  await new Promise((r) => setTimeout(r, 1500));  // the last input's second of full rate is over
  let f0 = await drawn();
  await new Promise((r) => setTimeout(r, 3000));
  const idle = (await drawn()) - f0;
  assert.ok(idle >= 1 && idle <= 8, `idle for 3 s: ${idle} frames drawn (about 3 expected)`);
  // the mouse moving over the canvas: every animation frame is drawn
  f0 = await drawn();
  const r = await page.evaluate(() => window.peakscope.rects.scatter);
  for (let i = 0; i < 10; i++) await page.mouse.move(r.x0 + 10 + 5 * i, r.y0 + 10);
  await nextFrames(page, 20);
  const active = (await drawn()) - f0;
  assert.ok(active >= 15, `20 animation frames after mouse moves: ${active} drawn`);
  // a page API call while idle: its change is drawn in the next frames
  await new Promise((r) => setTimeout(r, 1500));
  f0 = await drawn();
  const z = (await appState(page)).Z;
  await page.evaluate((z) => window.peakscope.setZ(z + 0.5), z);
  await nextFrames(page, 2);
  assert.ok((await drawn()) - f0 >= 2, 'setZ draws the next two frames');
  await page.evaluate((z) => window.peakscope.setZ(z), z);
  await nextFrames(page, 2);
});

test('the app\'s results equal the CLI\'s on the same data (gaussians, n 5000, seed 1; kNN k 16)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = main;
  const s = await appState(page);
  assert.deepEqual([s.density, s.k], [0, 16], 'the app runs the tutorial estimator (kNN, k = 16)');
  for (const [z, ref] of [[1.65, await cli.z165], [0.5, await cli.z05]]) {
    await page.evaluate((v) => window.peakscope.setZ(v), z);
    await nextFrames(page, 2);
    const app = JSON.parse(await page.evaluate(() => window.peakscope.exportJson()));
    assertSameResults(app, ref, `Z = ${z}`);
    assert.equal((await appState(page)).nClusters, ref.adp.n_clusters);
  }
  await page.evaluate(() => window.peakscope.setZ(1.65));
  await nextFrames(page, 2);
});

// ---- [3] files ---------------------------------------------------------------------------------
test('a CSV dropped onto the canvas is analysed, with its labels column', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page, errors } = main;
  const before = await appState(page);
  await dropFile(page, 'blobs.csv', BLOBS);
  const s = await waitResult(page, { after: before.resultSerial });
  assert.deepEqual([s.n, s.d], [900, 2], 'x, y are the points; the label column is not a coordinate');
  assert.equal(s.name, 'blobs.csv');
  assert.match(s.info, /labels in 'label'/, `labels column detected: ${s.info}`);
  assert.ok(s.dataVersion > before.dataVersion);
  assert.equal(s.nClusters, await page.evaluate((z) => window.peakscope.clustersAtZ(z), s.Z));
  const app = JSON.parse(await page.evaluate(() => window.peakscope.exportJson()));
  assertSameResults(app, await cli.blobs, 'dropped blobs.csv');
  assert.equal(app.truth.column, 'label', 'the label column is named in the export');
  await nextFrames(page, 3);
  const img = await shoot(page, 'dropped-csv.png');
  const counts = peakColourCounts(img, (await rects(page)).scatter, s.nClusters);
  counts.forEach((c, i) => assert.ok(c >= 20, `dropped data: peak ${i}'s colour: ${c} pixels`));
  assert.deepEqual(errors, []);
});

test('a CSV with text class labels in a species column: classes numbered, names in the labels CSV', { timeout: TEST_TIMEOUT_MS }, async () => {
  const names = ['setosa', 'versicolor', 'virginica'];
  const species = ['x,y,species', ...BLOBS.trim().split('\n').slice(1).map((r) => {
    const f = r.split(',');
    return `${f[0]},${f[1]},${names[+f[2]]}`;
  })].join('\n') + '\n';
  const { context, page, errors } = await openPage(browser, srv.url + '?n=2000', { viewport: VIEWPORT });
  try {
    const first = await waitResult(page);
    await dropFile(page, 'species.csv', species);
    const s = await waitResult(page, { after: first.resultSerial });
    assert.deepEqual([s.n, s.d, s.name], [900, 2, 'species.csv'], 'the species column is not a coordinate');
    assert.match(s.info, /labels in 'species' \(3 classes\)/, s.info);
    const buttons = await openExportSection(page);
    const t = parseCsv((await downloadFrom(page, buttons.labels)).bytes.toString('utf8'));
    const ti = t.columns.indexOf('truth'), tn = t.columns.indexOf('truth_name');
    assert.ok(ti > 0 && tn > 0, `columns: ${t.columns}`);
    assert.equal(t.rows.length, 900);
    t.rows.forEach((r, i) => {
      assert.equal(r[tn], names[i % 3], `row ${i}: its class name`);
      assert.equal(+r[ti], i % 3, `row ${i}: classes numbered in order of first appearance`);
    });
    // the accessible text lists the classes by name, in their legend colours, with their counts
    await nextFrames(page, 2);
    const classes = await page.evaluate(() => Array.from(document.querySelectorAll('#peakscope-classes-table tbody tr'))
      .map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    assert.deepEqual(classes, [['0', 'setosa', 'orange', '300'], ['1', 'versicolor', 'sky blue', '300'],
                               ['2', 'virginica', 'bluish green', '300']]);
    // the results JSON names the column and the classes; the agreement is the numeric labels'
    const app = JSON.parse(await page.evaluate(() => window.peakscope.exportJson()));
    assert.deepEqual([app.truth.column, app.truth.classes], ['species', names]);
    const ref = (await cli.blobs).truth;
    assert.equal(app.truth.compared, ref.compared);
    for (const k of ['ari', 'nmi']) assert.ok(Math.abs(app.truth[k] - ref[k]) < 1e-12, `${k}: ${app.truth[k]} vs ${ref[k]}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Picks item `item` ('none' or a column index) of the data panel's "label column" combo.
async function pickLabelColumn(page, item) {
  const r = await revealInLeftPanel(page, 'labelColumn');
  await page.evaluate(() => { for (const n of Object.keys(window.peakscope.rects)) if (n.startsWith('labelColumn.')) delete window.peakscope.rects[n]; });
  await clickAt(page, (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
  await nextFrames(page, 2);
  await clickRect(page, `labelColumn.${item}`);
}

test('label column picker: a CSV with two candidate columns; the other one, (none), and bad picks keep the data', { timeout: TEST_TIMEOUT_MS }, async () => {
  // x, y, then 'group' (the blobs) and 'cluster' (row parity), both named like labels, and an 'id'
  const rows = BLOBS.trim().split('\n').slice(1).map((r, i) => {
    const f = r.split(',');
    return `${f[0]},${f[1]},${f[2]},${i % 2},${i}`;
  });
  const csv = ['x,y,group,cluster,id', ...rows].join('\n') + '\n';
  const { context, page, errors } = await openPage(browser, srv.url + '?n=2000', { viewport: VIEWPORT });
  try {
    const first = await waitResult(page);
    await dropFile(page, 'two.csv', csv);
    const s = await waitResult(page, { after: first.resultSerial });
    assert.deepEqual(s.columns, ['x', 'y', 'group', 'cluster', 'id']);
    assert.equal(s.labelColumn, 2, 'the first column named like labels is taken');
    assert.equal(s.d, 4);
    assert.match(s.info, /labels in 'group'/, s.info);
    // the other candidate: the file is read again with 'cluster' as labels and analysed
    await pickLabelColumn(page, 3);
    const c = await waitResult(page, { after: s.resultSerial });
    assert.equal(c.labelColumn, 3);
    assert.match(c.info, /labels in 'cluster'/, c.info);
    assert.equal(c.d, 4, 'group is now a coordinate, cluster is not');
    assert.equal(c.nTruth, 900);
    assert.ok(c.dataVersion > s.dataVersion);
    // bad picks: a message naming the problem; the data, labels and results stay
    for (const [item, expected] of [[4, /two\.csv: column 'id' has 900 different values, more than the 100 classes/],
                                    [0, /two\.csv: row 2, column 1: label '.*' is not an integer/]]) {
      await pickLabelColumn(page, item);
      const b = await waitMessage(page, expected);
      assert.ok(b.messageIsError, b.message);
      for (const k of ['dataVersion', 'resultSerial', 'labelColumn', 'n', 'd', 'info', 'nClusters'])
        assert.deepEqual(b[k], c[k], `bad pick ${item}: ${k} kept`);
    }
    // (none): every column is a coordinate, no ground truth
    await pickLabelColumn(page, 'none');
    const n = await waitResult(page, { after: c.resultSerial });
    assert.equal(n.labelColumn, -1);
    assert.equal(n.d, 5);
    assert.equal(n.nTruth, 0);
    assert.doesNotMatch(n.info, /labels in/, n.info);
    assert.deepEqual(errors.filter((e) => !/PeakScope: /.test(e)), []);
  } finally {
    await context.close();
  }
});

test('bad files show a message naming the problem and keep the data, results and view', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page, errors } = main;
  await clickRect(page, 'density');  // a view other than the default
  const before = await appState(page);
  assert.equal(before.view, 'density');
  const bigRows = ['x,y'];
  for (let i = 0; i < 100001; i++) bigRows.push(`${i % 997},${(i * 7) % 1009}`);
  const cases = [
    ['broken.csv', 'x,y\n1,2\n3,abc\n4,5\n', /broken\.csv: row 3, column 2: 'abc' is not a number/],
    ['nan.csv', 'x,y\n1,2\n3,4\nnan,5\n6,7\n8,9\n10,11\n', /nan\.csv: row 4, column 1 is NaN/],
    ['few.csv', 'x,y\n1,2\n3,4\n', /too few points/],
    // the readers stop at the browser's limits while reading (the row, or the .npz's directory and
    // headers: a 97 KB .npz that inflates to 100 MB is refused before inflating)
    ['big.csv', bigRows.join('\n') + '\n', /big\.csv: row 100002 is data row 100001, more than the limit of 100000 data rows \(more than the browser app takes/],
    ['bomb.npz', { bytes: Array.from(deflateBomb()) }, /bomb\.npz, array 'X': .*12500000.*more than the limit of \d+ (values|rows) \(more than the browser app takes/],
  ];
  for (const [name, text, expected] of cases) {
    await dropFile(page, name, text);
    const s = await waitMessage(page, expected);
    assert.ok(s.messageIsError, `${name}: shown as an error: ${s.message}`);
    assert.match(s.message, expected);
    for (const k of ['dataVersion', 'resultSerial', 'view', 'n', 'd', 'name', 'nClusters', 'Z', 'hasResult'])
      assert.equal(s[k], before[k], `${name}: ${k} kept`);
  }
  await assertErrorShown(page, 'bad-file-message.png');
  // the app printed the errors to the console (PeakScope: ...), nothing else went wrong
  assert.deepEqual(errors.filter((e) => !/PeakScope: /.test(e)), []);
  errors.length = 0;
});

test('cancel: a long analysis is stopped, the previous results stay, and the app stays usable', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page, errors } = main;
  const before = await appState(page);
  assert.ok(before.hasResult && !before.busy);
  await dropFile(page, 'large.csv', { generate: 'uniform', rows: 100000 });
  await page.waitForFunction(() => window.peakscope.state().busy, null, { timeout: 10000, polling: 20 });
  await page.waitForTimeout(300);
  const during = await appState(page);
  assert.ok(during.busy, `still working after 300 ms (${during.stage})`);
  await shoot(page, 'busy-progress.png');
  await clickRect(page, 'cancel');
  await page.waitForFunction(() => !window.peakscope.state().busy, null, { timeout: 5000, polling: 20 });
  const s = await appState(page);
  for (const k of ['dataVersion', 'resultSerial', 'n', 'name', 'nClusters', 'hasResult'])
    assert.equal(s[k], before[k], `cancel keeps ${k}`);
  // a later analysis succeeds: Generate (the panel's gaussians draft) gives a new result
  await revealInLeftPanel(page, 'generate');
  await clickRect(page, 'generate');
  const after = await waitResult(page, { after: s.resultSerial });
  assert.equal(after.generator, 'gaussians');
  assert.equal(after.n, 5000);
  assert.equal(after.nClusters, await page.evaluate((z) => window.peakscope.clustersAtZ(z), after.Z));
  assert.deepEqual(errors, []);
});

// The worker's replies reach the page only when the test lets them (window.psHold): the page then
// stays in the state "file sent, Table not seen" as long as the test needs.
function holdWorkerReplies(fromStart = false) {
  window.psHold = fromStart;
  window.psHeld = [];
  const d = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    configurable: true,
    get() { return d.get.call(this); },
    set(fn) { d.set.call(this, (e) => (window.psHold ? window.psHeld.push({ bytes: e.data.length, f: () => fn(e) }) : fn(e))); },
  });
  window.psRelease = () => { window.psHold = false; const h = window.psHeld; window.psHeld = []; h.forEach((m) => m.f()); };
}

test('a file\'s analysis goes with its Load; an estimator picked while the file is read is the one analysed', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + '?n=1000', { viewport: VIEWPORT, initScript: holdWorkerReplies });
  try {
    const first = await waitResult(page);
    assert.equal(first.density, 0, 'kNN first');
    // the Load and its Analyze go together: the worker analyses without waiting for the page
    await page.evaluate(() => { window.psHold = true; });
    await dropFile(page, 'held.csv', BLOBS);
    // the worker's result arrives (a message of more than 10 kB) while the page holds its Table
    await page.waitForFunction(() => window.psHeld.some((m) => m.bytes > 10000), null, { timeout: 20000, polling: 20 });
    const held = await appState(page);
    assert.ok(held.busy && held.dataVersion === first.dataVersion, 'the page has not seen the Table yet');
    // a setting changed now: the file is read again and analysed with it (not with the one sent)
    await revealInLeftPanel(page, 'estimator');
    await clickRect(page, 'estimator');
    await nextFrames(page, 2);
    await clickRect(page, 'estimator.2');  // PAk
    await page.evaluate(() => window.psRelease());
    const s = await waitResult(page, { after: first.resultSerial });
    assert.equal(s.name, 'held.csv');
    assert.equal(s.density, 2, 'the result is PAk, the estimator picked while the file was read');
    assert.equal(s.n, BLOBS.trim().split('\n').length - 1);
    assert.equal(s.resultSerial, first.resultSerial + 1, 'one result: the analysis sent with the first Load was dropped');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  // the same while the page's very first data set is read (no result yet)
  {
    const { context: c, page: p, errors: e } = await openPage(browser, srv.url + '?n=1000', { viewport: VIEWPORT, initScript: [holdWorkerReplies, true] });
    try {
      await p.waitForFunction(() => window.psHeld && window.psHeld.some((m) => m.bytes > 10000), null, { timeout: 30000, polling: 20 });
      assert.equal((await appState(p)).hasResult, false);
      await revealInLeftPanel(p, 'estimator');
      await clickRect(p, 'estimator');
      await nextFrames(p, 2);
      await clickRect(p, 'estimator.2');  // PAk
      await p.evaluate(() => window.psRelease());
      const r = await waitResult(p);
      assert.equal(r.density, 2, 'the first result is PAk, picked while the first data set was read');
      assert.equal(r.resultSerial, 1);
      assert.deepEqual(e, []);
    } finally {
      await c.close();
    }
  }
  // ID vs scale by decimation up to 10,000 points (limits::kMaxPointsDecimation, applied in the worker); Gride always
  for (const [n, decimation] of [[10000, true], [10001, false]]) {
    const { context: c, page: p } = await openPage(browser, srv.url + `?n=${n}`, { viewport: VIEWPORT });
    try {
      const r = await waitResult(p);
      assert.equal(r.n, n);
      const id = JSON.parse(await p.evaluate(() => window.peakscope.exportJson())).id;
      assert.equal('decimation' in id, decimation, `n = ${n}: decimation ${decimation ? 'computed' : 'left out'}`);
      assert.ok(id.gride && id.gride.id.length > 2, `n = ${n}: Gride`);
    } finally {
      await c.close();
    }
  }
});

// ---- [4] exports, sharing, URL -----------------------------------------------------------------
test('exports: labels CSV, results JSON, dendrogram SVG and canvas PNG downloads', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page, errors } = main;
  const s = await appState(page);
  assert.equal(s.n, 5000);
  const buttons = await openExportSection(page);
  const csv = await downloadFrom(page, buttons.labels);
  const json = await downloadFrom(page, buttons.json);
  const svg = await downloadFrom(page, buttons.svg);
  const png = await downloadFrom(page, buttons.png);
  assert.deepEqual([csv.name, json.name, svg.name, png.name],
                   ['peakscope_labels.csv', 'peakscope_results.json', 'peakscope_dendrogram.svg', 'peakscope.png']);
  // JSON: the CLI's schema (the app adds ID vs scale for N <= 20000, as the CLI's --id-scaling)
  const r = JSON.parse(json.bytes.toString('utf8'));
  const ref = await cli.z165, refScaling = await cli.scaling;
  // both carry "truth": ARI/NMI of the peaks at Z against the ground truth (the CSV's label column)
  assert.ok('truth' in refScaling, 'the CLI compared with the label column');
  assert.deepEqual(Object.keys(r).sort(), Object.keys(refScaling).sort(), 'top-level keys as the CLI\'s');
  for (const k of ['id', 'density', 'adp', 'hierarchy'])
    assert.deepEqual(Object.keys(r[k]).sort(), Object.keys(refScaling[k]).sort(), `'${k}' keys as the CLI's`);
  assert.deepEqual(r.id, refScaling.id, 'ID and ID vs scale (decimation, Gride) as the CLI\'s');
  assert.equal(r.n, s.n);
  assert.equal(r.adp.Z, s.Z);
  assert.equal(r.adp.n_clusters, s.nClusters);
  assertSameResults(r, ref, 'exported JSON vs CLI');
  // CSV: one row per point, labels as in the JSON
  const t = parseCsv(csv.bytes.toString('utf8'));
  assert.deepEqual(t.columns.slice(0, 6), ['row', 'peak', 'peak_with_halo', 'log_density', 'log_density_error', 'kstar']);
  assert.equal(t.columns[6], 'truth', 'generated data carry their ground truth');
  assert.equal(t.rows.length, s.n);
  assert.deepEqual(t.rows.map((x) => Number(x[0])), r.adp.labels.map((_, i) => i));
  assert.deepEqual(t.rows.map((x) => Number(x[1])), r.adp.labels);
  assert.deepEqual(t.rows.map((x) => Number(x[2])), r.adp.halo_labels);
  // SVG: well-formed XML, one leaf per peak
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    return { error: err ? err.textContent : null, root: doc.documentElement.nodeName,
             leaves: doc.querySelectorAll('circle').length,
             labels: [...doc.querySelectorAll('text')].map((t) => t.textContent) };
  }, svg.bytes.toString('utf8'));
  assert.equal(parsed.error, null, 'the SVG parses as XML');
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.leaves, s.nClusters, 'one leaf marker (circle) per peak');
  for (let c = 0; c < s.nClusters; c++) assert.ok(parsed.labels.includes(String(c)), `leaf label ${c}`);
  // join labels "Z z": the Z at which the two groups merge — a step of the merge curve, and the
  // slider just above it shows one peak fewer than just below it
  const joins = (r.hierarchy.merges || []).map((m) => m.merge_z).filter((z) => z !== null);
  const zLabels = parsed.labels.filter((t) => /^Z \d+\.\d\d$/.test(t)).map((t) => t.slice(2));
  assert.ok(zLabels.length >= 1, 'the SVG labels its joins');
  for (const t of zLabels) assert.ok(joins.some((z) => z.toFixed(2) === t), `join label Z ${t} is a merge Z (${joins.map((z) => z.toFixed(2))})`);
  const steps = r.adp.merge_z.map((e) => e.z);
  for (const z of joins) {
    assert.ok(steps.some((x) => Math.abs(x - z) <= 1e-12 * Math.max(1, z)), `merge Z ${z} is a step of merge_z`);
    const [below, above] = await page.evaluate((v) => [window.peakscope.clustersAtZ(v * (1 - 1e-9)), window.peakscope.clustersAtZ(v * (1 + 1e-9))], z);
    assert.ok(above < below, `at Z = ${z}: ${below} peaks just below, ${above} just above`);
  }
  // PNG: the canvas, decodable and drawn
  const img = decodePng(png.bytes);
  assert.deepEqual([img.width, img.height], [VIEWPORT.width, VIEWPORT.height]);
  assertDrawn(img, 'exported PNG');
  writeFileSync(join(SHOTS, 'export-canvas.png'), png.bytes);
  writeFileSync(join(SHOTS, 'export-dendrogram.svg'), svg.bytes);
  await shoot(page, 'export-section.png');
  assert.deepEqual(errors, []);
});

test('the dendrogram SVG colours each peak as the screen does, beyond 7 peaks and after Z moves', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page, errors } = main;
  // a Z with 8–30 peaks (the palette has 12 colours; the SVG cycled 7 before), reached from below
  // so that the peaks' styles come from the style memory, not from their numbers
  let z = null;
  for (const v of [1.2, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]) {
    const k = await page.evaluate((x) => window.peakscope.clustersAtZ(x), v);
    if (k >= 8 && k <= 30) { z = v; break; }
  }
  assert.ok(z !== null, 'a Z with 8 to 30 peaks');
  await page.evaluate(() => window.peakscope.setZ(0));
  await nextFrames(page, 3);
  await page.evaluate((v) => window.peakscope.setZ(v), z);
  await nextFrames(page, 3);
  const s = await appState(page);
  assert.ok(s.nClusters >= 8, `${s.nClusters} peaks at Z = ${z}`);
  const screen = await page.evaluate(() => [...document.querySelectorAll('#peakscope-peaks-table tbody tr')]
    .map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]));
  assert.equal(screen.length, s.nClusters, 'the accessible table lists every peak');
  const svg = await downloadFrom(page, (await openExportSection(page)).svg);
  const leaves = await page.evaluate((text) => [...new DOMParser().parseFromString(text, 'image/svg+xml')
    .querySelectorAll('g > title')].map((t) => [t.textContent, t.parentNode.querySelector('circle').getAttribute('fill')]),
  svg.bytes.toString('utf8'));
  const titles = leaves.map((l) => l[0]);
  assert.equal(titles.length, s.nClusters, 'one titled leaf per peak');
  for (const [peak, colour] of screen) assert.ok(titles.includes(`peak ${peak}: ${colour}`), `peak ${peak}: ${colour} (SVG: ${titles.join('; ')})`);
  // the fills: one per colour name and the other way round (the same colour drawn for a name)
  const fillOf = new Map(), nameOf = new Map();
  for (const [title, fill] of leaves) {
    const name = title.split(': ')[1].split(',')[0];
    assert.equal(fillOf.get(name) ?? fill, fill, `${name} is drawn in one colour`);
    assert.equal(nameOf.get(fill) ?? name, name, `${fill} stands for one colour name`);
    fillOf.set(name, fill);
    nameOf.set(fill, name);
  }
  assert.ok(fillOf.size >= 8, `${fillOf.size} colours among ${s.nClusters} peaks`);
  await page.evaluate(() => window.peakscope.setZ(1.65));
  await nextFrames(page, 3);
  assert.deepEqual(errors, []);
});

test('a URL with state restores it, and "Copy link" reproduces it in a new page', { timeout: TEST_TIMEOUT_MS }, async () => {
  const q = '?gen=moons&n=1500&seed=3&est=pak&Z=2.5&view=dendrogram&color=halo';
  const first = await openPage(browser, srv.url + q, { viewport: VIEWPORT });
  let second = null;
  try {
    const s = await waitResult(first.page);
    const want = { generator: 'moons', n: 1500, seed: 3, density: 2, Z: 2.5, view: 'dendrogram', colour: 'halo' };
    for (const [k, v] of Object.entries(want)) assert.equal(s[k], v, `${k} from the URL`);
    assert.equal(s.nClusters, await first.page.evaluate(() => window.peakscope.clustersAtZ(2.5)));
    await nextFrames(first.page, 3);
    await shoot(first.page, 'url-state-moons.png');
    const buttons = await openExportSection(first.page);
    await clickAt(first.page, (buttons.link.x0 + buttons.link.x1) / 2, (buttons.link.y0 + buttons.link.y1) / 2);
    const link = await first.page.evaluate(() => window.Module.psLastCopied);
    assert.ok(typeof link === 'string' && link.startsWith(srv.url), `copied link: ${link}`);
    const after = await appState(first.page);
    assert.match(after.message, /Link copied/);
    second = await openPage(browser, link, { viewport: VIEWPORT });
    const t = await waitResult(second.page);
    for (const k of ['generator', 'n', 'seed', 'density', 'Z', 'view', 'colour', 'nClusters', 'id', 'nPutative'])
      assert.equal(t[k], s[k], `${k} restored from the copied link`);
    assert.deepEqual(first.errors, []);
    assert.deepEqual(second.errors, []);
  } finally {
    await first.context.close();
    if (second) await second.context.close();
  }
});

test('bad links fall back to the default data and settings, with a message naming the value and the valid ones', { timeout: TEST_TIMEOUT_MS }, async () => {
  // the default data set and analysis (what the app shows without a link)
  const defaults = { generator: 'gaussians', n: 5000, seed: 1, density: 0, k: 16, Z: 1.65 };
  const cases = [
    ['?embed=1&gen=nope', [/option gen must be one of gaussians, .*hypercube, got 'nope' \(showing the default data set, gaussians\)/]],
    ['?Z=abc&k=1e9&est=gauss', [/option Z must be a finite number ≥ 0, got 'abc' \(using 1\.65\)/,
                                /option est must be one of pak, kstar, knn, got 'gauss' \(using knn\)/,
                                /option k must be an integer in 1 … 100 \(maxk auto\), got 1e9 \(using 16\)/]],
    ['?n=-5', [/option n must be an integer in 100 … 100000 for gaussians, got -5 \(using 5000\)/]],
  ];
  for (const [q, messages] of cases) {
    const { context, page, errors } = await openPage(browser, srv.url + q, { viewport: VIEWPORT });
    try {
      const s = await waitResult(page);
      for (const [k, v] of Object.entries(defaults)) assert.equal(s[k], v, `${q}: ${k} is the default`);
      assert.ok(s.nClusters >= 1, `${q}: a result with its peaks (${s.nClusters})`);
      for (const m of messages) assert.match(s.linkMessage, m, `${q}: the message`);
      assert.equal(s.linkMessage.split('\n').length, messages.length, `${q}: one line per bad key: ${s.linkMessage}`);
      await nextFrames(page, 3);
      await shoot(page, `bad-link-${q.replace(/[^a-z0-9]+/gi, '_')}.png`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('?data=<url> loads a CSV from the server; a failing ?data= URL shows a message', { timeout: TEST_TIMEOUT_MS }, async () => {
  const good = await openPage(browser, `${srv.url}?data=${encodeURIComponent(srv.url + 'fixtures/blobs.csv')}`,
                              { viewport: VIEWPORT });
  try {
    const s = await waitResult(good.page);
    assert.deepEqual([s.n, s.d, s.name], [900, 2, 'blobs.csv']);
    assert.match(s.info, /labels in 'label'/);
    const app = JSON.parse(await good.page.evaluate(() => window.peakscope.exportJson()));
    assertSameResults(app, await cli.blobs, '?data=blobs.csv');
    assert.deepEqual(good.errors, []);
  } finally {
    await good.context.close();
  }
  const missing = srv.url + 'fixtures/missing.csv';
  const bad = await openPage(browser, `${srv.url}?data=${encodeURIComponent(missing)}`, { viewport: VIEWPORT });
  try {
    await bad.page.waitForFunction(() => window.peakscope && window.peakscope.state &&
                                   window.peakscope.state().messageIsError, null, { timeout: 30000 });
    const s = await appState(bad.page);
    assert.match(s.message, /could not load .*missing\.csv: HTTP 404/);
    assert.equal(s.hasResult, false);
    await assertErrorShown(bad.page, 'data-url-404.png');
  } finally {
    await bad.context.close();
  }
});

test('?data= with labels=<column>: the link names the label column, a pick goes into the link, a missing name falls back', { timeout: TEST_TIMEOUT_MS }, async () => {
  const data = encodeURIComponent(srv.url + 'fixtures/two.csv');
  const search = (p) => p.evaluate(() => decodeURIComponent(location.search));
  let { context, page, errors } = await openPage(browser, `${srv.url}?data=${data}&labels=cluster`, { viewport: VIEWPORT });
  try {
    const s = await waitResult(page);
    assert.equal(s.labelColumn, 3, 'labels=cluster: the fourth column holds the labels');
    assert.match(s.info, /labels in 'cluster'/, s.info);
    assert.equal(s.d, 4);
    await page.waitForFunction(() => /labels=cluster/.test(location.search), null, { timeout: 10000 });
    // a pick in the panel goes into the link
    await pickLabelColumn(page, 2);
    const g = await waitResult(page, { after: s.resultSerial });
    assert.equal(g.labelColumn, 2);
    await page.waitForFunction(() => /labels=group/.test(location.search), null, { timeout: 10000 });
    await pickLabelColumn(page, 'none');
    const n = await waitResult(page, { after: g.resultSerial });
    assert.equal(n.labelColumn, -1);
    await page.waitForFunction(() => /labels=none/.test(location.search), null, { timeout: 10000 });
    assert.deepEqual(errors.filter((e) => !/PeakScope: /.test(e)), []);
  } finally {
    await context.close();
  }
  // labels=none from a link: every column is a coordinate
  ({ context, page } = await openPage(browser, `${srv.url}?data=${data}&labels=none`, { viewport: VIEWPORT }));
  try {
    const s = await waitResult(page);
    assert.deepEqual([s.labelColumn, s.d, s.nTruth], [-1, 5, 0]);
  } finally {
    await context.close();
  }
  // a name the file lacks: a message naming it and the columns; the usual choice ('group') is read
  ({ context, page } = await openPage(browser, `${srv.url}?data=${data}&labels=kind`, { viewport: VIEWPORT }));
  try {
    const s = await waitResult(page);
    assert.match(s.linkMessage, /Link: option labels: .*no column named 'kind' \(the columns are 'x', 'y', 'group', 'cluster', 'id'\)/, s.linkMessage);
    assert.equal(s.labelColumn, 2);
    await nextFrames(page, 20);
    assert.doesNotMatch(await search(page), /labels=kind/, 'the link drops the name that was not used');
  } finally {
    await context.close();
  }
  // labels= with generated data: ignored, with a message
  ({ context, page } = await openPage(browser, `${srv.url}?n=2000&labels=group`, { viewport: VIEWPORT }));
  try {
    const s = await waitResult(page);
    assert.match(s.linkMessage, /Link: option labels applies to a file given by data=<url>, got 'group' \(ignored\)/, s.linkMessage);
  } finally {
    await context.close();
  }
});

test('?data= beyond the browser limit is refused from its Content-Length, before the download', { timeout: TEST_TIMEOUT_MS }, async () => {
  const t0 = Date.now();
  const big = await openPage(browser, `${srv.url}?data=${encodeURIComponent(srv.url + 'fixtures/huge.csv')}`,
                             { viewport: VIEWPORT });
  try {
    await big.page.waitForFunction(() => window.peakscope && window.peakscope.state &&
                                   window.peakscope.state().messageIsError, null, { timeout: 30000 });
    const s = await appState(big.page);
    assert.match(s.message, /could not load .*huge\.csv: 300 MB is more than the browser app reads \(200 MB\)/);
    assert.equal(s.hasResult, false);
    // refused from the header: far less time than reading 300 MB through the page would take
    assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
  } finally {
    await big.context.close();
  }
});

test('?embed=1 renders the compact layout', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + '?embed=1&n=2000', { viewport: { width: 1000, height: 560 } });
  try {
    const s = await waitResult(page);
    assert.equal(s.embed, true);
    await nextFrames(page, 3);
    const r = await rects(page);
    assert.ok(r.Z, 'the compact bar has its Z slider');
    assert.ok(!('Zpanel' in r) && !('generate' in r), 'no data panel in embed mode');
    const img = await shoot(page, 'embed.png');
    assertDrawn(img, 'embed');
    const counts = peakColourCounts(img, r.scatter, s.nClusters);
    counts.forEach((c, i) => assert.ok(c >= 20, `embed: peak ${i}'s colour: ${c} pixels`));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('embedded in an iframe: posts its height, takes keys on its canvas, leaves the host\'s keys alone', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + 'fixtures/host.html',
                                                   { viewport: { width: 1100, height: 700 } });
  try {
    const frame = await (await page.$('#app')).contentFrame();
    await waitResult(frame);
    await page.waitForFunction(() => window.heights.length > 0, null, { timeout: 10000 });
    const heights = await page.evaluate(() => window.heights);
    assert.ok(heights.every((h) => Number.isInteger(h) && h > 100), `heights ${heights}`);
    const box = await (await page.$('#app')).boundingBox();
    const zr = (await frame.evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)))).Z;
    // Ctrl+click on the slider turns it into a text field: type a Z and press Enter
    await clickAt(page, box.x + zr.x0 - 30, box.y + (zr.y0 + zr.y1) / 2, { frame });  // focus the canvas
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'canvas');
    await clickAt(page, box.x + (zr.x0 + zr.x1) / 2, box.y + (zr.y0 + zr.y1) / 2, { frame, modifiers: ['Control'] });
    await page.keyboard.type('3.25', { delay: 20 });
    await page.keyboard.press('Enter');
    await nextFrames(frame, 3);
    const s = await appState(frame);
    assert.equal(s.Z, 3.25, 'keys typed in the iframe reach the app');
    assert.equal(s.nClusters, await frame.evaluate(() => window.peakscope.clustersAtZ(3.25)));
    // the host page's input keeps what is typed into it; the app ignores those keys
    await page.click('#host-input');
    await page.keyboard.type('peaks');
    await page.keyboard.press('Backspace');
    assert.equal(await page.inputValue('#host-input'), 'peak');
    assert.equal((await appState(frame)).Z, 3.25);
    await page.screenshot({ path: join(SHOTS, 'embed-iframe.png') });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// ---- [5] every view ----------------------------------------------------------------------------
test('every view draws (?view=id, then the tabs); screenshots for review', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + '?view=id', { viewport: VIEWPORT });
  try {
    const s = await waitResult(page);
    assert.equal(s.view, 'id');
    for (const view of ['id', 'density', 'peaks', 'dendrogram', 'decision']) {
      if (view !== 'id') await clickRect(page, view);
      await nextFrames(page, 3);
      assert.equal((await appState(page)).view, view, `the ${view} tab is shown`);
      const img = await shoot(page, `view-${view}.png`);
      const right = { x0: (await rects(page)).id.x0, y0: 40, x1: VIEWPORT.width - 8, y1: VIEWPORT.height - 8 };
      const drawn = countNear(img, right, [31, 33, 38], 6);  // window background pixels
      const area = (right.x1 - right.x0) * (right.y1 - right.y0);
      assert.ok(drawn < 0.97 * area, `${view}: the right pane is empty`);
    }
    await page.waitForTimeout(300);  // the address bar is rewritten at most 4 times a second
    await nextFrames(page, 2);
    assert.match(await page.evaluate(() => location.search), /view=decision/, 'the URL follows the view');
    // the log-δ toggle is state: state() and the link carry it (logdelta=0 only when off)
    assert.equal((await appState(page)).decisionLogDelta, true);
    assert.doesNotMatch(await page.evaluate(() => location.search), /logdelta=/);
    await clickRect(page, 'decision.logy');
    await nextFrames(page, 2);
    assert.equal((await appState(page)).decisionLogDelta, false, 'the click turned the log axis off');
    await page.waitForTimeout(300);
    await nextFrames(page, 2);
    assert.match(await page.evaluate(() => location.search), /logdelta=0/, 'the URL follows the toggle');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('closing: the main page had no unexpected errors', { timeout: TEST_TIMEOUT_MS }, async () => {
  if (main) {
    assert.deepEqual(main.errors, []);
    await main.context.close();
  }
});
