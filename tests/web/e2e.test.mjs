// Browser end-to-end tests of the served site (index.html + peakscope_app.js/.wasm).
// Starts web/serve.mjs on a free port, drives Debian's /usr/bin/chromium through playwright-core
// (WebGL2 via SwiftShader, no GPU), and checks that:
//   - the app draws a non-blank frame (pixels decoded from the screenshot, not trusted blindly),
//     with the Okabe-Ito colours of the welcome scatter, and without console or page errors;
//   - on a 2x display the canvas backing store is 2x its CSS size, and input maps correctly
//     (dragging the window by its title bar moves it by the CSS distance);
//   - without WebGL2, or when the wasm fails to load, the page shows a readable message.
// Configuration (ctest sets these, see tests/web/tests.cmake):
//   PEAKSCOPE_SITE         built site folder          (default build/wasm/site)
//   PEAKSCOPE_SERVE        web/serve.mjs              (default: ../../web/serve.mjs)
//   PEAKSCOPE_SCREENSHOTS  where PNGs are written     (default build/wasm/screenshots)
//   PEAKSCOPE_CHROMIUM     browser executable         (default /usr/bin/chromium)
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng, pixelStats } from './png.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SITE = resolve(process.env.PEAKSCOPE_SITE || join(here, '../../build/wasm/site'));
const SERVE = resolve(process.env.PEAKSCOPE_SERVE || join(here, '../../web/serve.mjs'));
const SHOTS = resolve(process.env.PEAKSCOPE_SCREENSHOTS || join(here, '../../build/wasm/screenshots'));
const CHROMIUM = process.env.PEAKSCOPE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const VIEWPORT = { width: 1280, height: 800 };
const READY_TIMEOUT_MS = 60000;

// Colours from web/style.hpp: page background and the scatter's plot background.
const PAGE_BG = [22, 24, 29];
const PLOT_BG = [22, 24, 29];
// Okabe-Ito colours of the four mixture components (style::category(0..3)), drawn at alpha 0.85.
const OKABE_ITO = { orange: [230, 159, 0], skyBlue: [86, 180, 233], bluishGreen: [0, 158, 115],
                    yellow: [240, 228, 66] };
const blend = (c, bg, a) => c.map((v, i) => Math.round(a * v + (1 - a) * bg[i]));

let server = null;
let baseUrl = '';
let browser = null;

// ---- server ----------------------------------------------------------------------------------
function startServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SERVE, SITE, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start in 15 s:\n${out}`)), 15000);
    const onData = (chunk) => {
      out += chunk;
      const m = /PeakScope is served at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1] });
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

function stopServer() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
}
process.on('exit', () => { if (server && server.exitCode === null) server.kill('SIGKILL'); });

before(async () => {
  assert.ok(existsSync(join(SITE, 'index.html')), `${SITE}/index.html missing: build the wasm preset`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: run bash setup.sh`);
  mkdirSync(SHOTS, { recursive: true });
  const started = await startServer();
  server = started.child;
  baseUrl = started.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    stopServer();
  }
});

// ---- helpers ---------------------------------------------------------------------------------

// Opens the app in a fresh context; records every console error, page error and failed request.
async function openPage({ deviceScaleFactor = 1, initScript = null, route = null } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  if (initScript) await page.addInitScript(initScript);
  if (route) await page.route(route.pattern, route.handler);
  await page.goto(baseUrl, { waitUntil: 'load' });
  return { context, page, errors, requested };
}

// Waits for window.peakscopeReady (set by the app after its first frames) or a failure message.
async function waitReady(page) {
  await page.waitForFunction(() => window.peakscopeReady === true || window.peakscopeFailed === true,
                             null, { timeout: READY_TIMEOUT_MS });
  const failedText = await page.evaluate(() =>
    window.peakscopeFailed ? document.getElementById('message').innerText : null);
  assert.equal(failedText, null, `the page shows a failure message instead of the app:\n${failedText}`);
  await nextFrames(page, 3);
}

const nextFrames = (page, n) => page.evaluate((k) => new Promise((res) => {
  const step = () => (k-- <= 0 ? res() : requestAnimationFrame(step));
  step();
}), n);

async function shoot(page, name) {
  const png = await page.screenshot({ type: 'png' });
  writeFileSync(join(SHOTS, name), png);
  return decodePng(png);
}

// Bounding box of the pixels that differ from the page background (the ImGui windows).
function contentBox(img, bg = PAGE_BG, tol = 12) {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      const d = Math.max(Math.abs(img.rgba[i] - bg[0]), Math.abs(img.rgba[i + 1] - bg[1]),
                         Math.abs(img.rgba[i + 2] - bg[2]));
      if (d > tol) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    }
  }
  return { x0, y0, x1, y1 };
}

function assertDrawn(img, label) {
  const stats = pixelStats(img);
  assert.ok(stats.distinct >= 64, `${label}: only ${stats.distinct} distinct colours: the canvas looks blank`);
  assert.ok(stats.nonBackground >= 0.05,
            `${label}: only ${(100 * stats.nonBackground).toFixed(2)}% non-background pixels`);
  for (const [name, rgb] of Object.entries(OKABE_ITO)) {
    const count = stats.near(blend(rgb, PLOT_BG, 0.85), 40);
    assert.ok(count >= 30, `${label}: scatter colour ${name} not found (${count} pixels)`);
  }
  return stats;
}

// ---- tests -----------------------------------------------------------------------------------

test('the app draws its welcome window (1280x800, 1x)', async () => {
  const { context, page, errors } = await openPage({ deviceScaleFactor: 1 });
  try {
    await waitReady(page);
    const info = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight,
               loadingHidden: document.getElementById('loading').hidden, frames: window.peakscopeFrames };
    });
    assert.deepEqual([info.cw, info.ch], [VIEWPORT.width, VIEWPORT.height], 'canvas fills the window');
    assert.deepEqual([info.w, info.h], [info.cw, info.ch], 'backing store = CSS size at dpr 1');
    assert.ok(info.loadingHidden, 'the loading indicator is hidden once frames are drawn');
    const img = await shoot(page, 'welcome-dpr1.png');
    assert.deepEqual([img.width, img.height], [1280, 800]);
    assertDrawn(img, 'dpr 1');

    // Keys typed into the host page stay there: the app listens on its canvas only (Emscripten's
    // GLFW would listen on window and swallow Backspace/Tab).
    await page.evaluate(() => {
      const input = Object.assign(document.createElement('input'), { id: 'host-input' });
      input.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:9';
      document.body.appendChild(input);
      input.focus();
    });
    await page.keyboard.type('peaks');
    await page.keyboard.press('Backspace');
    assert.equal(await page.inputValue('#host-input'), 'peak', 'the host page keeps its keyboard');
    assert.deepEqual(errors, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('hi-DPI: backing store is 2x the CSS size, and the mouse maps to CSS pixels', async () => {
  const { context, page, errors } = await openPage({ deviceScaleFactor: 2 });
  try {
    await waitReady(page);
    const info = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio };
    });
    assert.equal(info.dpr, 2);
    assert.deepEqual([info.w, info.h], [2 * info.cw, 2 * info.ch], 'backing store = 2 x CSS size');
    const img = await shoot(page, 'welcome-dpr2.png');
    assert.deepEqual([img.width, img.height], [2560, 1600]);
    assertDrawn(img, 'dpr 2');

    // Drag the welcome window by its title bar (CSS px); it must follow the pointer 1:1.
    const before = contentBox(img);
    assert.ok(before.x1 > before.x0, 'a window is visible');
    const grab = { x: before.x0 / 2 + 120, y: before.y0 / 2 + 8 };
    await page.mouse.move(grab.x, grab.y);
    await nextFrames(page, 2);
    await page.mouse.down();
    await nextFrames(page, 2);
    for (let s = 1; s <= 5; s++) {
      await page.mouse.move(grab.x + 40 * s, grab.y + 20 * s);
      await nextFrames(page, 2);
    }
    await page.mouse.up();
    await nextFrames(page, 3);
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, 'canvas', 'a click focuses the canvas (keyboard goes to the app)');
    const moved = contentBox(await shoot(page, 'dragged-dpr2.png'));
    assert.ok(Math.abs(moved.x0 - before.x0 - 400) <= 6 && Math.abs(moved.y0 - before.y0 - 200) <= 6,
              `window moved by (${moved.x0 - before.x0}, ${moved.y0 - before.y0}) device px, ` +
              'expected (400, 200) = (200, 100) CSS px x 2');
    assert.deepEqual(errors, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('without WebGL2 the page explains why instead of staying blank', async () => {
  const noWebGL2 = () => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  };
  const { context, page, errors, requested } = await openPage({ initScript: noWebGL2 });
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

test('a module that fails to load gives a readable message', async () => {
  const { context, page } = await openPage({
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
