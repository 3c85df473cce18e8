// Browser tests of Tutorial 2 ("Layers", issue #5 part 2): opens ?tutorial=2 in headless Chromium,
// waits until every shipped layer is analysed, checks the qualitative findings from the page's own
// numbers (window.peakscope.layers(); never hard-coded values), steps through layers / epochs /
// walkthrough with the real buttons (rects published by the app), drops own data (built here) and
// bad data, and saves a screenshot of each step to PEAKSCOPE_SCREENSHOTS (look at them).
//   [1] shipped set: all layers, findings (ARI, ID, mountain chain), timing printed
//   [2] UI: layer buttons, strip click, epochs, play, walkthrough, link state
//   [3] own data: one .npz dropped on the canvas (points + kNN layers), layer_*.npz + labels.npy,
//       bad files keep the previous data
// Example: PEAKSCOPE_SITE=build/layers-wasm/site node --test tests/web/layers.test.mjs
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, appState, launchBrowser, nextFrames, openPage, startServer } from './browser.mjs';
import { makeNpz, npy, openOwn, rng, waitLayers } from './bench_layers.mjs';

const VIEWPORT = { width: 1400, height: 860 };
const T = { timeout: 240000 };
let srv = null, browser = null, page = null, errors = [];

const layersOf = (p) => p.evaluate(() => window.peakscope.layers());
async function shot(name) {
  mkdirSync(SHOTS, { recursive: true });
  await nextFrames(page, 3);
  await page.screenshot({ path: join(SHOTS, `layers-${name}.png`) });
}
async function click(name) {
  const r = await page.evaluate((n) => window.peakscope.rects[n], name);
  assert.ok(r, `the app publishes the rectangle '${name}'`);
  await page.mouse.click((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
  await nextFrames(page, 3);
}
const byName = (series, name) => series.layers.find((l) => l && l.name === name);

// Smallest group, merge by merge, holding all peaks of macro-class g: 1 = only g, 0 = mixed, -1 = < 2 such peaks.
function joinsFirst(layer, classToMacro, g) {
  const n = layer.nPeaks;
  const macro = layer.dominant.map((c) => (c >= 0 ? classToMacro[c] : -1));
  const count = macro.filter((m) => m === g).length;
  if (count < 2) return -1;
  const leaves = [];
  for (let i = 0; i < n; i++) leaves.push([i]);
  for (const [a, b] of layer.merges) {
    const out = [...leaves[a], ...leaves[b]];
    leaves.push(out);
    const mine = out.filter((l) => macro[l] === g).length, other = out.length - mine;
    if (mine === count) return other === 0 ? 1 : 0;
    if (mine > 0 && other > 0) return 0;
  }
  return -1;
}

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, `${srv.url}?tutorial=2`, { viewport: VIEWPORT }));
});
after(async () => {
  if (browser) await browser.close();
  if (srv) srv.stop();
});

// ---- [1] shipped set ---------------------------------------------------------------------------
test('the shipped activation sets are analysed in the page: every layer, numbers with errors', T, async () => {
  const L = await waitLayers(page);
  await shot('1-loaded');
  assert.equal(L.own, false);
  assert.deepEqual(L.layerNames, ['input', 'conv1', 'conv2', 'conv3', 'fc128', 'logits']);
  assert.deepEqual(L.variants.map((v) => v.name), ['trained', 'untrained', 'shifted']);
  assert.equal(L.done, L.total);
  for (const v of [...L.variants, ...L.epochs]) {
    for (const l of v.layers) {
      if (!l) continue;
      assert.ok(l.done && !l.failed, `${v.name}/${l.name}: ${l.error}`);
      assert.equal(l.n, 3000);
      assert.ok(l.id > 1 && l.id < 100 && l.idErr > 0 && l.idErr < l.id, `${v.name}/${l.name} ID ${l.id} ± ${l.idErr}`);
      assert.ok(l.nPeaks >= 1 && l.dominant.length === l.nPeaks && l.merges.length === l.nPeaks - 1);
      assert.ok(l.ariClass >= -1 && l.ariClass <= 1 && l.chiLabels >= 0 && l.chiLabels <= 1);
      if (l.name !== 'logits') assert.ok(l.chiOutput >= 0 && l.chiOutput <= 1, `${v.name}/${l.name} chi out ${l.chiOutput}`);
    }
  }
  assert.deepEqual(L.epochs.map((e) => e.epoch), [1, 2, 4]);
  console.log(`trained set: six layers analysed in ${L.trainedMs.toFixed(0)} ms in the page`);
  for (const v of L.variants) {
    console.log(`${v.name}: ` + v.layers.map((l) => `${l.name} ID ${l.id.toFixed(1)}±${l.idErr.toFixed(1)} ` +
      `peaks ${l.nPeaks} ARI ${l.ariClass.toFixed(2)}/${l.ariMacro.toFixed(2)} chi ${l.chiLabels.toFixed(2)}`).join(' | '));
  }
});

test('findings: class peaks form in the trained network only; the ID falls towards the output', T, async () => {
  const L = await layersOf(page);
  const [tr, un] = L.variants;
  const ari = (s, n) => byName(s, n).ariClass;
  assert.ok(ari(tr, 'logits') > ari(tr, 'input'), `trained: ARI logits ${ari(tr, 'logits')} > input ${ari(tr, 'input')}`);
  assert.ok(ari(tr, 'fc128') > ari(tr, 'input'), `trained: ARI fc128 ${ari(tr, 'fc128')} > input ${ari(tr, 'input')}`);
  assert.ok(!(ari(un, 'logits') > ari(un, 'input')), `untrained: ARI logits ${ari(un, 'logits')} not > input ${ari(un, 'input')}`);
  assert.ok(byName(tr, 'conv3').id > byName(tr, 'logits').id, 'trained: ID at conv3 exceeds ID at the logits');
  assert.ok(byName(tr, 'logits').chiLabels > byName(tr, 'input').chiLabels, 'trained: chi with labels rises');
  // the untrained input layer is the trained one (same pixels): identical numbers
  assert.equal(byName(un, 'input').id, byName(tr, 'input').id);
  // mountain chain: in the trained logits' dendrogram the footwear peaks join each other first
  const foot = joinsFirst(byName(tr, 'logits'), L.classToMacro, 1);
  assert.equal(foot, 1, 'footwear peaks join each other before any garment/bag/trouser peak');
});

// ---- [2] UI ------------------------------------------------------------------------------------
test('layer buttons, strip click, epochs and link state', T, async () => {
  let L = await layersOf(page);
  assert.equal(L.layer, -1);  // the last layer
  await click('layer-prev');
  L = await layersOf(page);
  assert.equal(L.layer, 4, 'the left arrow selects fc128');
  await shot('2-fc128');
  // click on the ID strip over 'conv2' (x of layer 2 of 6, categorical axis from -0.4 to 5.4)
  const r = await page.evaluate(() => window.peakscope.rects['strip-id']);
  const fh = 13;
  const x0 = r.x0 + fh * 3.6, x1 = r.x1 - fh * 0.8;
  await page.mouse.click(x0 + (2 + 0.4) / 5.8 * (x1 - x0), (r.y0 + r.y1) / 2);
  await nextFrames(page, 3);
  L = await layersOf(page);
  assert.equal(L.layer, 2, 'a click on the strip selects conv2');
  await shot('3-conv2-strip-click');
  // epochs of the logits
  await page.evaluate(() => window.peakscope.layersSelect(0, 5, -1));
  await nextFrames(page, 3);
  await click('epoch-1');
  L = await layersOf(page);
  assert.equal(L.epoch, 1);
  await shot('4-logits-epoch1');
  const url = await page.evaluate(() => location.search);
  assert.match(url, /tutorial=2/);
  assert.match(url, /layer=logits/);
  assert.match(url, /epoch=1/);
  // the link restores the selection
  const { page: p2 } = await openPage(browser, `${srv.url}?tutorial=2&variant=shifted&layer=conv3&lz=2.5&wstep=2`,
    { viewport: VIEWPORT });
  await p2.waitForFunction(() => window.peakscope && window.peakscope.layers && window.peakscope.layers().ready);
  const L2 = await layersOf(p2);
  assert.equal(L2.series, 2);
  assert.equal(L2.layer, 3);
  assert.equal(L2.Z, 2.5);
  assert.equal(L2.step, 2);
  await p2.close();
});

test('play steps through the layers, and through the epochs', T, async () => {
  await page.evaluate(() => window.peakscope.layersSelect(0, 5, -1));
  await click('play-layers');
  const seen = [];
  for (let i = 0; i < 60 && seen.length < 6; i++) {
    const L = await layersOf(page);
    if (L.layer >= 0 && !seen.includes(L.layer)) {
      seen.push(L.layer);
      await shot(`5-play-layer${L.layer}`);
    }
    await page.waitForTimeout(250);
  }
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5], 'play visits input … logits in order');
  await page.waitForTimeout(2000);
  assert.equal((await layersOf(page)).playing, false, 'play stops at the last layer');
  await click('play-epochs');
  const epochs = [];
  for (let i = 0; i < 60 && epochs.length < 5; i++) {
    const L = await layersOf(page);
    if (L.epoch >= 0 && !epochs.includes(L.epoch)) {
      epochs.push(L.epoch);
      await shot(`6-play-epoch${L.epoch}`);
    }
    await page.waitForTimeout(250);
  }
  assert.deepEqual(epochs, [0, 1, 2, 4, 6]);
});

test('the walkthrough: Next/Back step through the points with numbers from the data', T, async () => {
  await page.evaluate(() => window.peakscope.layersSelect(0, -1, -1));
  let L = await layersOf(page);
  assert.equal(L.step, 0);
  for (let s = 1; s < 7; s++) {
    await click('walk-next');
    L = await layersOf(page);
    assert.equal(L.step, s);
    await shot(`7-walk-step${s}`);
  }
  assert.equal(L.series, 1, 'the last step shows the untrained control');
  await click('walk-back');
  assert.equal((await layersOf(page)).step, 5);
});

// ---- [3] own data ------------------------------------------------------------------------------
// 600 points, 6 classes: 'pixels' = noise (no class structure), 'hidden' = class blobs in 16-D,
// 'late' = the blobs as a kNN table (<layer>_dist / _index, computed here, self column excluded).
function ownData() {
  const n = 600, r = rng(11), gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % 6;
  const noise = new Float32Array(n * 20);
  for (let i = 0; i < noise.length; i++) noise[i] = gauss();
  const d = 16, blobs = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) blobs[i * d + j] = gauss() * 0.6 + (j === labels[i] ? 8 : 0);
  const k = 40, dist = new Float32Array(n * k), index = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < d; c++) s += (blobs[i * d + c] - blobs[j * d + c]) ** 2;
      row.push([Math.sqrt(s), j]);
    }
    row.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let c = 0; c < k; c++) { dist[i * k + c] = row[c][0]; index[i * k + c] = row[c][1]; }
  }
  return { n, k, labels, noise, blobs, dist, index };
}

test('own data: an .npz dropped on the canvas is analysed layer by layer', T, async () => {
  const o = ownData();
  const bytes = makeNpz({ pixels: npy(o.noise, [o.n, 20]), hidden: npy(o.blobs, [o.n, 16]),
    late_dist: npy(o.dist, [o.n, o.k]), late_index: npy(o.index, [o.n, o.k]), labels: npy(o.labels, [o.n]) });
  const dt = await page.evaluateHandle((b64) => {
    const s = atob(b64), u = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
    const t = new DataTransfer();
    t.items.add(new File([u], 'mynet.npz'));
    return t;
  }, Buffer.from(bytes).toString('base64'));
  await page.dispatchEvent('#canvas', 'drop', { dataTransfer: dt });
  const L = await waitLayers(page, { own: true, title: 'mynet.npz', timeout: 60000 });
  await shot('8-own-npz');
  assert.deepEqual(L.layerNames, ['pixels', 'hidden', 'late']);
  const [pix, hid, late] = L.variants[0].layers;
  for (const l of [pix, hid, late]) assert.ok(l.done, `${l.name}: ${l.error}`);
  assert.ok(hid.ariClass > 0.8 && late.ariClass > 0.8, `blob layers match the classes (ARI ${hid.ariClass}, ${late.ariClass})`);
  assert.ok(pix.ariClass < 0.2, `noise layer does not (ARI ${pix.ariClass})`);
  assert.ok(Math.abs(hid.id - late.id) < 1e-6 * hid.id + 0.02, `same points as points or as a kNN table: ID ${hid.id} vs ${late.id}`);
  assert.equal(hid.nPeaks, late.nPeaks);
  assert.ok(late.chiLabels > 0.9 && pix.chiLabels < 0.4);
  assert.equal(L.classes.length, 6);
  // Tutorial 1 did not take the file
  assert.notEqual((await appState(page)).message.indexOf('Own data'), -1);
});

test('own data: layer_*.npz files (dist + index) with labels.npy and class names', T, async () => {
  const o = ownData();
  const files = [
    { name: 'layer_10.npz', bytes: makeNpz({ dist: npy(o.dist, [o.n, o.k]), index: npy(o.index, [o.n, o.k]) }) },
    { name: 'layer_2.npz', bytes: makeNpz({ x: npy(o.noise, [o.n, 20]) }) },
    { name: 'labels.npy', bytes: npy(o.labels, [o.n]) },
    { name: 'classes.json', bytes: new TextEncoder().encode(JSON.stringify(['a', 'b', 'c', 'd', 'e', 'f'])) },
  ];
  await openOwn(page, files);
  const L = await waitLayers(page, { own: true, title: '3 files', timeout: 60000 });
  assert.deepEqual(L.layerNames, ['layer_2', 'layer_10'], 'natural order of the file names');
  assert.deepEqual(L.classes, ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.ok(L.variants[0].layers[1].ariClass > L.variants[0].layers[0].ariClass);
  await shot('9-own-layer-files');
});

test('own data: bad files give a clear message and the previous data stays', T, async () => {
  const o = ownData();
  const before = await layersOf(page);
  await openOwn(page, [{ name: 'empty.npz', bytes: makeNpz({ labels: npy(o.labels, [o.n]) }) }]);
  await page.waitForFunction(() => /no layers found/.test(window.peakscope.state().message), null, { timeout: 20000 });
  await shot('10-own-bad');
  let L = await layersOf(page);
  assert.equal(L.title, before.title);
  assert.deepEqual(L.layerNames, before.layerNames);
  await openOwn(page, [{ name: 'short.npz', bytes: makeNpz({ a: npy(o.noise, [o.n, 20]), labels: npy(o.labels.slice(0, 100), [100]) }) }]);
  await page.waitForFunction(() => /'labels' in short.npz has 100 entries/.test(window.peakscope.state().message), null, { timeout: 20000 });
  await openOwn(page, [{ name: 'broken.npz', bytes: new Uint8Array([80, 75, 3, 4, 1, 2, 3]) }]);
  await page.waitForFunction(() => /broken\.npz/.test(window.peakscope.state().message), null, { timeout: 20000 });
  L = await layersOf(page);
  assert.equal(L.title, before.title, 'the previous own data stays');
  // session::error also logs the three messages above to the console: those are expected
  const expected = /PeakScope: (no layers found|'labels' in short\.npz|broken\.npz: )/;
  assert.deepEqual(errors.filter((e) => !/GL Driver|GPU stall/.test(e) && !expected.test(e)), [], 'no other page errors');
});
