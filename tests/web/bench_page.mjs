// PeakScope app speed in headless Chromium (issue #4, "Speed"): prints numbers, asserts nothing.
//   (a) page open -> first full result on the default demo (gaussians, N = 5000, 2-D):
//       wall time page.goto -> state().hasResult, and state().firstResultMs (ms since navigation)
//   (b) Z re-merge with >= 1000 putative peaks (uniform, N = 20000, kNN k = 5): setZ over many Z
//       values, median and max of state().mergeMs (mergeAtZ + hierarchy + per-row labels, in the page)
//   (c) full pipeline on N = 20000 2-D points (gaussians): state().resultSeconds (worker, request -> result)
// Each is run RUNS times (default 3), each run in a fresh browser context. Targets: (a) < 2 s,
// (b) < 5 ms, (c) < 3 s. Environment: PEAKSCOPE_SITE etc. as the browser tests (browser.mjs), RUNS.
// Example: PEAKSCOPE_SITE=build/wasm/site node tests/web/bench_page.mjs
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SITE, appState, launchBrowser, nextFrames, openPage, startServer, waitResult } from './browser.mjs';

const RUNS = Number(process.env.RUNS || 3);
const VIEWPORT = { width: 1280, height: 800 };

if (!existsSync(join(SITE, 'index.html'))) {
  console.error(`bench_page: ${SITE}/index.html missing: build the site first (peakscope_site)`);
  process.exit(1);
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));

const srv = await startServer();
const browser = await launchBrowser();
const rows = [];
try {
  // (a) open -> first result, default demo
  for (let r = 0; r < RUNS; r++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(srv.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.peakscope && window.peakscope.state && window.peakscope.state().hasResult,
                               null, { timeout: 120000, polling: 10 });
    const wall = Date.now() - t0;
    const s = await appState(page);
    rows.push({ what: '(a) open -> first result, gaussians N=5000', run: r + 1,
                value: `wall ${fmt(wall)} ms · firstResultMs ${fmt(s.firstResultMs)} · analysis ${fmt(1000 * s.resultSeconds)} ms`,
                ms: s.firstResultMs, target: 2000 });
    await context.close();
  }
  // (b) Z re-merge with >= 1000 putative peaks
  for (let r = 0; r < RUNS; r++) {
    const { context, page } = await openPage(browser, srv.url + '?gen=uniform&n=20000&est=knn&k=5', { viewport: VIEWPORT });
    const s = await waitResult(page, { timeout: 120000 });
    await nextFrames(page, 3);  // a user moves Z a few frames after the result at the earliest
    const times = await page.evaluate(() => {
      const ps = window.peakscope, out = [];
      for (let i = 0; i < 400; i++) {
        ps.setZ(0.02 * (i % 200) + (i >= 200 ? 0.005 : 0));  // 400 distinct Z in [0, 4)
        out.push(ps.state().mergeMs);
      }
      return out;
    });
    rows.push({ what: `(b) re-merge, ${s.nPutative} putative peaks`, run: r + 1,
                value: `median ${fmt(median(times), 2)} ms · first ${fmt(times[0], 2)} ms · max ${fmt(Math.max(...times), 2)} ms (400 Z values)`,
                ms: median(times), max: Math.max(...times), first: times[0], target: 5, putative: s.nPutative });
    await context.close();
  }
  // (c) full pipeline on N = 20000 2-D points
  for (let r = 0; r < RUNS; r++) {
    const { context, page } = await openPage(browser, srv.url + '?gen=gaussians&n=20000', { viewport: VIEWPORT });
    const s = await waitResult(page, { timeout: 120000 });
    rows.push({ what: `(c) full pipeline, gaussians N=${s.n} D=${s.d}`, run: r + 1,
                value: `resultSeconds ${fmt(1000 * s.resultSeconds)} ms`, ms: 1000 * s.resultSeconds, target: 3000 });
    await context.close();
  }
} finally {
  await browser.close();
  srv.stop();
}

const w = Math.max(...rows.map((r) => r.what.length));
console.log(`PeakScope page benchmark (headless Chromium, ${SITE})`);
console.log(`${'benchmark'.padEnd(w)}  run  result`);
for (const r of rows) console.log(`${r.what.padEnd(w)}  ${String(r.run).padStart(3)}  ${r.value}`);
console.log('\nsummary (median of runs vs target):');
for (const key of ['(a)', '(b)', '(c)']) {
  const sel = rows.filter((r) => r.what.startsWith(key));
  const m = median(sel.map((r) => r.ms));
  const unit = 'ms';
  let extra = '';
  if (key === '(b)') extra = ` (first move after the result ${sel.map((r) => fmt(r.first, 2)).join(', ')} ms; max over all runs ${fmt(Math.max(...sel.map((r) => r.max)), 2)} ms; putative peaks ${sel.map((r) => r.putative).join(', ')}${sel.some((r) => r.putative < 1000) ? ' — FEWER THAN 1000' : ''})`;
  console.log(`  ${sel[0].what.padEnd(w)}  ${fmt(m, key === '(b)' ? 2 : 0)} ${unit}  target < ${sel[0].target} ${unit}  ${m < sel[0].target ? 'met' : 'NOT met'}${extra}`);
}
