// Browser test of the JS-API example page (web/examples/api.html, served as examples/api.html):
// serves the built site with web/serve.mjs, opens the page in Debian's /usr/bin/chromium through
// playwright-core and checks that it boots, that the numbers it shows equal those of the same
// module run under Node (on the default mixture and on a CSV picked in the file input), that the
// Z input re-merges exactly as r.mergeAtZ predicts, that the scatter is drawn in the peak colours,
// and that a malformed file or a negative Z shows a message while the previous result stays.
// Configuration (tests/web/tests.cmake sets them):
//   PEAKSCOPE_SITE, PEAKSCOPE_SERVE, PEAKSCOPE_SCREENSHOTS, PEAKSCOPE_CHROMIUM (read in browser.mjs)
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, SHOTS, SITE, launchBrowser, openPage, startServer } from './browser.mjs';
import { decodePng } from './png.mjs';

const OKABE_ITO = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178],
                   [213, 94, 0], [204, 121, 167], [0, 0, 0]];

let server = null, baseUrl = '', browser = null, ps = null;
const work = mkdtempSync(join(tmpdir(), 'peakscope-api-page-'));

before(async () => {
  for (const f of ['examples/api.html', 'peakscope.mjs', 'peakscope.wasm'])
    assert.ok(existsSync(join(SITE, f)), `${SITE}/${f} missing: build the wasm preset`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: run bash setup.sh`);
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  baseUrl = server.url;
  browser = await launchBrowser();
  // The same module under Node, for the expected numbers (peakscope.mjs reads its .wasm itself).
  const { default: PeakScope } = await import(pathToFileURL(join(SITE, 'peakscope.mjs')).href);
  ps = await PeakScope();
});

after(async () => {
  try { if (browser) await browser.close(); } finally {
    if (server) server.stop();
    rmSync(work, { recursive: true, force: true });
  }
});

async function openExample() {
  const { context, page, errors } = await openPage(browser, new URL('examples/api.html', baseUrl).href,
                                                  { viewport: { width: 1000, height: 1100 } });
  await page.waitForFunction(() => /^ready|could not start/.test(document.getElementById('status').textContent),
                             null, { timeout: 30000 });
  return { context, page, errors };
}
const text = (page, id) => page.$eval(`#${id}`, (e) => e.textContent);

// Colours on the canvas: how many pixels are within 30 of each Okabe-Ito colour.
async function canvasColours(page, name) {
  const png = await page.locator('#scatter').screenshot({ type: 'png' });
  writeFileSync(join(SHOTS, name), png);
  const img = decodePng(png);
  const counts = OKABE_ITO.map(() => 0);
  for (let i = 0; i < img.width * img.height; i++) {
    const p = [img.rgba[4 * i], img.rgba[4 * i + 1], img.rgba[4 * i + 2]];
    OKABE_ITO.forEach((c, k) => {
      if (Math.max(...c.map((v, j) => Math.abs(v - p[j]))) <= 30) counts[k]++;
    });
  }
  return counts;
}

test('the example page boots, shows the ID and peaks Node computes, and Z re-merges as mergeAtZ', async () => {
  const { context, page, errors } = await openExample();
  try {
    assert.match(await text(page, 'status'), /^ready/, await text(page, 'status'));
    const shown = await page.evaluate(() => {
      const r = window.peakscopeExample.result;
      return { points: Array.from(window.peakscopeExample.data.points), n: r.n, id: r.id.value,
               nClusters: r.nClusters, curveZ: Array.from(r.mergeCurve.z), curveN: Array.from(r.mergeCurve.nClusters) };
    });
    // the page's own data, re-analysed here by the same module under Node
    const node = ps.analyze(Float64Array.from(shown.points), shown.n, 2);
    assert.equal(shown.id, node.id.value);
    assert.equal(shown.nClusters, node.nClusters);
    assert.deepEqual(shown.curveN, Array.from(node.mergeCurve.nClusters));
    node.delete();
    assert.equal(shown.n, 2000);
    assert.match(await text(page, 'id'), new RegExp(`^${shown.id.toFixed(2)} ± `));
    assert.equal(await text(page, 'peaks'), `${shown.nClusters} (Z = 1.65)`);
    assert.ok(shown.nClusters >= 3, `${shown.nClusters} peaks in the default 5-component mixture`);
    let colours = await canvasColours(page, 'api-example-default.png');
    const used = colours.slice(0, Math.min(shown.nClusters, 7)).filter((c) => c > 20).length;
    assert.equal(used, Math.min(shown.nClusters, 7), `peak colours on the canvas: ${colours.join(', ')}`);
    // move Z through every step of the merge curve: the page shows the curve's count
    for (let s = 0; s < shown.curveZ.length; s++) {
      const z = shown.curveZ[s] + 1e-9;
      await page.fill('#z', String(z));
      assert.equal(await text(page, 'peaks'), `${shown.curveN[s]} (Z = ${z})`, `at Z = ${z}`);
    }
    // beyond the last breakpoint: the curve's last count (peaks no saddle links never merge)
    const last = shown.curveN[shown.curveN.length - 1];
    await page.fill('#z', '1000');
    assert.equal(await text(page, 'peaks'), `${last} (Z = 1000)`);
    colours = await canvasColours(page, 'api-example-z1000.png');
    assert.ok(colours.slice(0, last).every((c) => c > 20) && colours.slice(last, 7).every((c) => c < 20),
              `${last} peak colours only (${colours.join(', ')})`);
    // a negative Z: a message, the last partition stays
    await page.fill('#z', '-1');
    assert.match(await text(page, 'status'), /mergeAtZ: Z must be a finite number >= 0 \(got -1\)/);
    assert.equal(await text(page, 'peaks'), `${last} (Z = 1000)`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a CSV picked in the file input is analysed as under Node; a malformed file keeps the result', async () => {
  // 3 well separated blobs, 600 points, 17 significant digits
  let a = 12345;
  const rnd = () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
  const lines = ['x,y'];
  const xs = new Float64Array(1200);
  for (let i = 0; i < 600; i++) {
    const c = i % 3;
    xs[2 * i] = 6 * c + (rnd() + rnd() + rnd() - 1.5);
    xs[2 * i + 1] = (c === 1 ? 5 : 0) + (rnd() + rnd() + rnd() - 1.5);
    lines.push(`${xs[2 * i].toPrecision(17)},${xs[2 * i + 1].toPrecision(17)}`);
  }
  const csv = join(work, 'blobs.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  const expected = ps.analyze(xs, 600, 2);
  const { context, page, errors } = await openExample();
  try {
    await page.setInputFiles('#file', csv);
    await page.waitForFunction(() => /blobs\.csv/.test(document.getElementById('data').textContent), null, { timeout: 30000 });
    assert.equal(await text(page, 'data'), 'blobs.csv: 600 points × 2 dimensions');
    assert.match(await text(page, 'id'), new RegExp(`^${expected.id.value.toFixed(2)} ± ${expected.id.error.toFixed(2)}$`));
    assert.equal(await text(page, 'peaks'), `${expected.nClusters} (Z = 1.65)`);
    const labels = await page.evaluate(() => Array.from(window.peakscopeExample.result.labels));
    assert.deepEqual(labels, Array.from(expected.labels), 'the page labels equal Node\'s');
    await page.fill('#z', '4');
    assert.equal(await text(page, 'peaks'), `${expected.mergeAtZ(4).nClusters} (Z = 4)`);
    // malformed file: message naming the problem, previous data and result stay
    const bad = join(work, 'broken.csv');
    writeFileSync(bad, 'x,y\n1,2\n3,abc\n');
    await page.setInputFiles('#file', bad);
    await page.waitForFunction(() => document.getElementById('status').className === 'error', null, { timeout: 30000 });
    assert.match(await text(page, 'status'), /broken\.csv: row 3, column 2: 'abc' is not a number/);
    assert.equal(await text(page, 'data'), 'blobs.csv: 600 points × 2 dimensions');
    assert.equal(await text(page, 'peaks'), `${expected.mergeAtZ(4).nClusters} (Z = 4)`);
    await page.screenshot({ path: join(SHOTS, 'api-example-file.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    expected.delete();
    await context.close();
  }
});
