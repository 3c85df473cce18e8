// The pool of helper workers (issue #12, web/worker/pool.hpp) in headless Chromium. A CSV full of
// ties and exact duplicates (integer coordinates of three Gaussian blobs, every 9th row copied;
// 4,445 rows, above the pool's 2,048-row threshold) is opened in the page (window.peakscope.openBytes):
//   [1] ?pool=3&poolcheck: the worker computes every pooled stage — the neighbour rows of all points,
//       those of the distinct points, the PAk densities — again in-process and compares bit for bit;
//       the page shows the check's note (a difference would be an error and no result);
//   [2] ?pool=1 (one worker) and ?pool=3: exportJson (ID, per-row log density and error printed
//       %.17g, peaks, labels, saddles, dendrogram) is identical apart from the timings and notes;
//   [3] kNN density: only the searches are pooled.
//   [4] Cancel ends the helpers with the worker; [5] the default size (one helper per core, up to 4).
// Configuration: as e2e (browser.mjs). Example: PEAKSCOPE_SITE=build/wasm/site node --test tests/web/pool.test.mjs
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appState, launchBrowser, openPage, startServer, waitResult } from './browser.mjs';

let srv = null, browser = null;
const TIMEOUT = 240000;

// Park-Miller, so every run opens the same file.
function tiesCsv() {
  let a = 20261202;
  const rnd = () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
  const normal = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  const centres = [[0, 0], [300, 0], [150, 250]];
  const rows = [];
  for (let i = 0; i < 4000; i++) {
    const c = centres[i % 3];
    const row = `${Math.round(c[0] + 60 * normal())},${Math.round(c[1] + 60 * normal())}`;
    rows.push(row);
    if (i % 9 === 0) rows.push(row);  // an exact copy
  }
  return 'x,y\n' + rows.join('\n') + '\n';
}

async function analyse(url, csv) {
  const { context, page, errors } = await openPage(browser, url);
  await waitResult(page, { timeout: TIMEOUT });  // the default demo first
  const before = (await page.evaluate(() => window.peakscope.state())).resultSerial;
  await page.evaluate((text) => window.peakscope.openBytes('ties.csv', new Blob([text], { type: 'text/csv' })), csv);
  const s = await waitResult(page, { timeout: TIMEOUT, after: before });
  const json = JSON.parse(await page.evaluate(() => window.peakscope.exportJson()));
  await context.close();
  return { state: s, json, errors };
}

// exportJson without what may differ between runs: timings and the notes (the pool check's note).
function comparable(j) {
  const c = structuredClone(j);
  delete c.timings_s;
  delete c.warnings;
  return c;
}

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) srv.stop();
});

test('[1] pool of 3 helpers: every pooled stage is bit for bit the one-worker stage (checked in the worker)',
     { timeout: TIMEOUT * 2 }, async () => {
  const { state, json } = await analyse(`${srv.url}?pool=3&poolcheck&est=pak`, tiesCsv());
  assert.equal(state.n, 4445);
  assert.ok(!state.messageIsError, state.message);
  // with copies the search runs twice (all rows, distinct points), then PAk: three pooled stages
  assert.match(state.message, /pool check: 3 pooled stages of 3 helpers are identical to one worker's/);
  assert.ok(json.warnings.some((w) => /exact duplicates/.test(w)), 'the set has exact duplicates');
});

test('[2] one worker and a pool of 3: the same export (ID, densities, peaks, labels)', { timeout: TIMEOUT * 2 }, async () => {
  const csv = tiesCsv();
  const one = await analyse(`${srv.url}?pool=1&est=pak`, csv);
  const pool = await analyse(`${srv.url}?pool=3&est=pak`, csv);
  assert.equal(one.json.density.method, 'pak');
  assert.equal(one.json.density.log_density.length, 4445);
  assert.deepEqual(comparable(pool.json), comparable(one.json));
  assert.deepEqual(pool.errors, []);
});

test('[3] kNN density (the app\'s default): only the searches are pooled; the check still holds', { timeout: TIMEOUT * 2 }, async () => {
  const { state } = await analyse(`${srv.url}?pool=2&poolcheck&est=knn&k=12`, tiesCsv());
  assert.ok(!state.messageIsError, state.message);
  assert.match(state.message, /pool check: 2 pooled stages of 2 helpers are identical to one worker's/);
});

test('[4] cancel ends the helpers with the worker: as many workers after a restart as before', { timeout: TIMEOUT * 2 }, async () => {
  const { context, page } = await openPage(browser, `${srv.url}?pool=3`);
  await waitResult(page, { timeout: TIMEOUT });
  const workers = () => page.workers().map((w) => w.url());
  // the worker and its 3 helpers (Chromium reports nested dedicated workers to the page's session)
  for (let i = 0; i < 100 && workers().length < 4; i++) await page.waitForTimeout(100);
  const before = workers();
  assert.equal(before.filter((u) => /peakscope_worker\.js\?helper$/.test(u)).length, 3, before.join(' '));
  let closed = 0;
  for (const w of page.workers()) w.on('close', () => { closed++; });
  // a long analysis, cancelled while its neighbour search runs on the pool (60,000 × 8: seconds, so
  // that the job cannot end before the click is handled — with 3 columns it sometimes did)
  let a = 7;
  const rnd = () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
  const lines = ['a,b,c,d,e,f,g,h'];
  for (let i = 0; i < 60000; i++) lines.push(Array.from({ length: 8 }, rnd).join(','));
  await page.evaluate((text) => window.peakscope.openBytes('large.csv', new Blob([text])), lines.join('\n') + '\n');
  await page.waitForFunction(() => window.peakscope.state().busy, null, { timeout: 10000, polling: 20 });
  await page.waitForFunction(() => window.peakscope.state().stage === 'neighbours', null, { timeout: 60000, polling: 20 });
  const r = await page.evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)).cancel);
  assert.ok(r, 'a cancel button is shown');
  await page.mouse.click((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
  await page.waitForFunction(() => !window.peakscope.state().busy, null, { timeout: 5000, polling: 20 });
  assert.notEqual((await appState(page)).name, 'large.csv', 'cancelled, not finished: the previous data stay');
  // every old worker closes (the coordinator and its helpers); the fresh worker starts its own pool
  for (let i = 0; i < 300 && (closed < before.length || workers().length !== before.length); i++) await page.waitForTimeout(100);
  assert.equal(closed, before.length, 'the old worker and its helpers are gone');
  assert.equal(workers().length, before.length, `workers after cancel: ${workers().join(' ')}`);
  await context.close();
});

test('[5] by default the page starts one helper per core, up to 4; ?pool=1 starts none', { timeout: TIMEOUT }, async () => {
  const helpers = async (url) => {
    const { context, page } = await openPage(browser, url);
    await waitResult(page, { timeout: TIMEOUT });
    const hc = await page.evaluate(() => navigator.hardwareConcurrency || 1);
    const want = hc > 1 ? Math.min(4, hc) : 0;
    const count = () => page.workers().filter((w) => /peakscope_worker\.js\?helper$/.test(w.url())).length;
    for (let i = 0; i < 50 && count() < want; i++) await page.waitForTimeout(100);
    await page.waitForTimeout(300);  // none beyond that
    const n = count();
    await context.close();
    return { n, want };
  };
  const byDefault = await helpers(srv.url);
  assert.equal(byDefault.n, byDefault.want);
  assert.equal((await helpers(`${srv.url}?pool=1`)).n, 0);
});
