// Shared boilerplate of the browser tests and the page benchmark (e2e.test.mjs, api_page.test.mjs,
// bench_page.mjs): configuration from the environment, the static server (web/serve.mjs on a free
// port, optionally over a folder that adds test fixtures next to the built site), headless Chromium
// through playwright-core, a page that records its errors, and frame/state helpers.
//   Sections: config · server · browser · page helpers
// Example: const srv = await startServer(); const browser = await launchBrowser();
//          const { page, errors } = await openPage(browser, srv.url + '?view=id');
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// ---- config (ctest sets these, see tests/web/tests.cmake) ------------------------------------
const here = dirname(fileURLToPath(import.meta.url));
export const SITE = resolve(process.env.PEAKSCOPE_SITE || join(here, '../../build/wasm/site'));
export const SERVE = resolve(process.env.PEAKSCOPE_SERVE || join(here, '../../web/serve.mjs'));
export const SHOTS = resolve(process.env.PEAKSCOPE_SCREENSHOTS || join(here, '../../build/wasm/screenshots'));
export const CHROMIUM = process.env.PEAKSCOPE_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// ---- server ----------------------------------------------------------------------------------
const servers = new Set();
process.on('exit', () => { for (const c of servers) if (c.exitCode === null) c.kill('SIGKILL'); });

// Starts `node web/serve.mjs <root> 0`; resolves to { url, stop() } once it prints its address.
// With `fixtures` ({ 'name.csv': text|Buffer, ... }) the served root is a temporary folder holding
// symlinks to every entry of the site plus fixtures/<name>, so the files come from the same origin.
export function startServer({ site = SITE, fixtures = null } = {}) {
  let root = site, temp = null;
  if (fixtures) {
    temp = mkdtempSync(join(tmpdir(), 'peakscope-site-'));
    for (const entry of readdirSync(site)) symlinkSync(join(site, entry), join(temp, entry));
    mkdirSync(join(temp, 'fixtures'));
    // a body { sparseBytes: N } is a sparse file of N zero bytes (large downloads without the disk)
    for (const [name, body] of Object.entries(fixtures)) {
      const file = join(temp, 'fixtures', name);
      if (body && typeof body === 'object' && 'sparseBytes' in body) {
        writeFileSync(file, '');
        truncateSync(file, body.sparseBytes);
      } else {
        writeFileSync(file, body);
      }
    }
    root = temp;
  }
  return new Promise((resolvePromise, reject) => {
    // serve.mjs follows symlinks only to files under its root or an --allow folder (the site here).
    const args = [SERVE, root, '0', ...(temp ? ['--allow', site] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    servers.add(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start in 15 s:\n${out}`)), 15000);
    const onData = (chunk) => {
      out += chunk;
      const m = /PeakScope is served at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1],
          stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            servers.delete(child);
            if (temp) rmSync(temp, { recursive: true, force: true });
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}:\n${out}`));
    });
  });
}

// ---- browser ---------------------------------------------------------------------------------
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// Records console errors, page errors, failed requests and HTTP errors of a page into an array.
export function recordErrors(page, errors = []) {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  return errors;
}

// A fresh context and page at `url`; { context, page, errors, requested }. Options: viewport,
// deviceScaleFactor, initScript (runs before the page's scripts; [fn, arg] passes fn an argument), route {pattern, handler},
// acceptDownloads, waitUntil.
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1,
  initScript = null, route = null, waitUntil = 'load', hasTouch = false } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, acceptDownloads: true, hasTouch });
  const page = await context.newPage();
  const errors = recordErrors(page);
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  if (Array.isArray(initScript)) await page.addInitScript(initScript[0], initScript[1]);
  else if (initScript) await page.addInitScript(initScript);
  if (route) await page.route(route.pattern, route.handler);
  await page.goto(url, { waitUntil });
  return { context, page, errors, requested };
}

// ---- page helpers ----------------------------------------------------------------------------

// Resolves after n animation frames of the page (or frame).
export const nextFrames = (page, n = 2) => page.evaluate((k) => new Promise((res) => {
  const step = () => (k-- <= 0 ? res() : requestAnimationFrame(step));
  step();
}), n);

// Presses `key` so that the app sees it: held for two frames of `frame` (ImGui 1.86 reads key
// states once per frame: a down + up between two frames would be missed). `page` sends the keys.
export async function holdKey(page, key, frame = page) {
  await page.keyboard.down(key);
  await nextFrames(frame, 2);
  await page.keyboard.up(key);
  await nextFrames(frame, 2);
}

// window.peakscope.state() of the app in a page or frame.
export const appState = (page) => page.evaluate(() => window.peakscope.state());

// Waits until the app has a result and no job runs (or throws with the app's last message).
export async function waitResult(page, { timeout = 60000, after = null } = {}) {
  await page.waitForFunction((serial) => {
    const ps = window.peakscope;
    if (!ps || !ps.state) return false;
    const s = ps.state();
    return (s.hasResult && !s.busy && (serial === null || s.resultSerial > serial)) || (s.messageIsError && !s.busy);
  }, after, { timeout, polling: 50 });
  const s = await appState(page);
  if (!s.hasResult || (after !== null && s.resultSerial <= after)) {
    throw new Error(`no result: ${s.message}`);
  }
  return s;
}
