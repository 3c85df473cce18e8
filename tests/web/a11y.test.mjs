// The accessible text layer and the links of issue 10, in headless Chromium: what a screen reader
// gets from the page (the live region "N peaks at Z = …", ID ± error, estimator; the peaks and
// saddles tables as HTML tables in the accessibility tree, kept in sync as Z moves), the reduced-
// motion preference, and bad link values that fall back to their defaults with a message.
// Example: PEAKSCOPE_SITE=build/wasm/site node --test tests/web/a11y.test.mjs
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appState, launchBrowser, nextFrames, openPage, startServer, waitResult, holdKey } from './browser.mjs';
import { decodePng, pixelStats } from './png.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const TEST_TIMEOUT_MS = 150000;
let srv = null, browser = null;

// A course page: text above, the figure in an iframe, an input after it, more text below.
const HOST = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0">
<p style="height:300px">Course text above the figure. <input id="before" aria-label="before the figure"></p>
<iframe id="app" src="../?embed=1&n=2000" width="900" height="500" style="border:0"></iframe>
<input id="after" aria-label="after the figure">
<p style="height:2000px">More course text.</p>
<script>window.messages = []; addEventListener('message', (e) => window.messages.push(e.data));</script>
</body></html>`;

// A course page with two figures (two data sets) and controls before, between and after them.
const HOST2 = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0">
<p style="height:150px">Two figures. <input id="before" aria-label="before"></p>
<iframe id="one" src="../?embed=1&n=2000" width="800" height="420" style="border:0"></iframe>
<p>Between them. <input id="between" aria-label="between"></p>
<iframe id="two" src="../?embed=1&n=1500&gen=moons" width="800" height="420" style="border:0"></iframe>
<input id="after" aria-label="after">
<p style="height:2000px">More course text.</p>
<script>window.messages = [];
addEventListener('message', (e) => {
  const from = ['one', 'two'].find((id) => document.getElementById(id).contentWindow === e.source) || '?';
  window.messages.push({ from, data: e.data });
});</script>
</body></html>`;

before(async () => {
  srv = await startServer({ fixtures: { 'host.html': HOST, 'host2.html': HOST2 } });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) srv.stop();
});

// The accessible text layer as the DOM holds it.
const layer = (page) => page.evaluate(() => {
  const live = document.getElementById('peakscope-live');
  const rows = (id) => Array.from(document.querySelectorAll(`#${id} tbody tr`)).map((tr) =>
    Array.from(tr.children).map((c) => c.textContent));
  const box = document.getElementById('peakscope-a11y');
  const r = box ? box.getBoundingClientRect() : null;
  return {
    live: live ? live.textContent : null,
    liveRole: live ? live.getAttribute('role') : null,
    livePolite: live ? live.getAttribute('aria-live') : null,
    peaks: rows('peakscope-peaks-table'),
    saddles: rows('peakscope-saddles-table'),
    peaksCaption: document.querySelector('#peakscope-peaks-table caption')?.textContent ?? null,
    boxSize: r ? [r.width, r.height] : null,
  };
});

// Every name in Chromium's accessibility tree (what assistive technology reads).
async function axNames(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value ?? '' }));
}

test('the result is text in the DOM and the accessibility tree, and follows Z', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url, { viewport: VIEWPORT });
  try {
    const s = await waitResult(page);
    await nextFrames(page, 3);
    let t = await layer(page);
    assert.equal(t.liveRole, 'status');
    assert.equal(t.livePolite, 'polite');
    const word = (n) => `${n} ${n === 1 ? 'peak' : 'peaks'}`;
    assert.ok(t.live.startsWith(`${word(s.nClusters)} at Z = ${s.Z.toFixed(2)}`), t.live);
    assert.match(t.live, new RegExp(`Intrinsic dimension \\(TwoNN\\): ${s.id.toFixed(2)} ± \\d+\\.\\d\\d`), t.live);
    assert.match(t.live, /Density estimator: kNN \(k = 16\)/);
    assert.match(t.live, /5000 points in 2 dimensions/);
    assert.equal(t.peaks.length, s.nClusters, 'one table row per peak');
    assert.equal(t.peaks.reduce((acc, r) => acc + Number(r[5]), 0), s.n, 'the Points column sums to N');
    assert.equal(t.peaks[0][1], 'orange', 'peak 0 is orange, as on the canvas');
    assert.ok(t.boxSize[0] <= 1 && t.boxSize[1] <= 1, `visually hidden: ${t.boxSize}`);
    // the accessibility tree names the result: the status text, tables, their captions and cells
    const ax = await axNames(page);
    assert.ok(ax.some((n) => n.role === 'status'), 'a status (live) node');
    assert.ok(ax.some((n) => n.name.startsWith(`${word(s.nClusters)} at Z = `)), 'the sentence in the tree');
    assert.ok(ax.filter((n) => n.role === 'table').length >= 2, 'two tables in the tree');
    assert.ok(ax.some((n) => n.name.startsWith(`Peaks at Z = ${s.Z.toFixed(2)}`)), 'the peaks table caption');
    assert.ok(ax.some((n) => n.role === 'columnheader' && n.name === 'Halo points'));
    // Z moves: the sentence and the tables follow the merge at the new Z
    for (const z of [0.5, 4]) {
      await page.evaluate((v) => window.peakscope.setZ(v), z);
      await nextFrames(page, 4);
      const m = await page.evaluate((v) => window.peakscope.clustersAtZ(v), z);
      t = await layer(page);
      assert.ok(t.live.startsWith(`${word(m)} at Z = ${z.toFixed(2)}`), `${z}: ${t.live}`);
      assert.equal(t.peaks.length, m, `Z = ${z}: rows`);
      assert.ok(t.peaksCaption.startsWith(`Peaks at Z = ${z.toFixed(2)}`));
      // every saddle row names two peaks that exist at this Z
      for (const r of t.saddles) {
        const [a, b] = r[0].split(' and ').map(Number);
        assert.ok(a < m && b < m && a !== b, `saddle ${r[0]} at Z = ${z}`);
      }
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('prefers-reduced-motion: the loading bar does not animate', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const motion of ['reduce', 'no-preference']) {
    const { context, page, errors } = await openPage(browser, srv.url, { viewport: VIEWPORT });
    try {
      await page.emulateMedia({ reducedMotion: motion });
      await waitResult(page);
      const vis = await page.evaluate(() => {
        document.getElementById('loading').hidden = false;
        const p = document.getElementById('progress');
        p.removeAttribute('value');
        return getComputedStyle(p).visibility;
      });
      assert.equal(vis, motion === 'reduce' ? 'hidden' : 'visible', motion);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('bad sizes in a link fall back to the defaults with a message (n, dim; embed too)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const cases = [
    ['?n=99999999', [/option n must be an integer in 100 … 100000 for gaussians, got 99999999 \(using 5000\)/]],
    ['?embed=1&dim=999', [/option dim must be absent \(gaussians is 2-D\), got 999 \(ignored\)/]],
  ];
  for (const [q, messages] of cases) {
    const { context, page, errors } = await openPage(browser, srv.url + q, { viewport: VIEWPORT });
    try {
      const s = await waitResult(page);
      assert.deepEqual([s.generator, s.n, s.d], ['gaussians', 5000, 2], `${q}: the default data`);
      for (const m of messages) assert.match(s.linkMessage, m, q);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('phones and projectors: stacked below 700 px with a points plot ≥ 300 px, pinch-zoom allowed, ?font=', { timeout: TEST_TIMEOUT_MS }, async () => {
  const layouts = [
    ['', { width: 390, height: 844 }, 'phone'],
    ['?embed=1', { width: 390, height: 844 }, 'phone embed'],
    ['', { width: 1024, height: 768 }, '1024x768'],
    ['?embed=1', { width: 1000, height: 560 }, 'wide embed'],
  ];
  for (const [q, viewport, label] of layouts) {
    const { context, page, errors } = await openPage(browser, srv.url + q, { viewport });
    try {
      await waitResult(page);
      await nextFrames(page, 4);
      const r = await page.evaluate(() => window.peakscope.rects);
      const w = r.scatter.x1 - r.scatter.x0, h = r.scatter.y1 - r.scatter.y0;
      assert.ok(w >= 300 || (label === 'wide embed' && w >= 250), `${label}: points plot ${w} px wide`);
      assert.ok(h >= 200, `${label}: points plot ${h} px high`);
      assert.ok(r.scatter.x1 <= viewport.width + 1, `${label}: the plot fits the width`);
      if (label === 'phone') {
        assert.ok(r['tab.data'] && r['tab.tutorial'], 'data panel and tutorial as tabs');
        const page2 = await page.evaluate(() => ({
          meta: document.querySelector('meta[name=viewport]').content,
          touch: getComputedStyle(document.getElementById('canvas')).touchAction,
        }));
        assert.doesNotMatch(page2.meta, /user-scalable\s*=\s*no/);
        assert.equal(page2.touch, 'pinch-zoom');
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  // ?font=1.5: the same widget is taller (text drawn larger, not a scaled bitmap of the page)
  const heights = [];
  for (const q of ['', '?font=1.5']) {
    const { context, page, errors } = await openPage(browser, srv.url + q, { viewport: VIEWPORT });
    try {
      const s = await waitResult(page);
      await nextFrames(page, 4);
      const c = (await page.evaluate(() => window.peakscope.rects)).colour;
      heights.push(c.y1 - c.y0);
      assert.equal(s.linkMessage, '');
      if (q) assert.match(await page.evaluate(() => location.search), /font=1\.5/, 'the scale stays in the link');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  assert.ok(heights[1] > 1.2 * heights[0], `font 1.5: ${heights}`);
  const { context, page } = await openPage(browser, srv.url + '?font=9', { viewport: VIEWPORT });
  try {
    const s = await waitResult(page);
    assert.match(s.linkMessage, /option font must be a number in 0\.75 … 3, got 9 \(using 1\)/);
  } finally {
    await context.close();
  }
});

test('a projector at 1024 x 768 (and 1920 x 1080 at ?font=1.5): every view tab whole, the tutorial\'s and data panel\'s buttons inside their panes at every step', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const [q, viewport] of [['', { width: 1024, height: 768 }], ['?font=1.5', { width: 1920, height: 1080 }]]) {
    const { context, page, errors } = await openPage(browser, srv.url + q, { viewport });
    const label = `${viewport.width}x${viewport.height}${q}`;
    try {
      await waitResult(page);
      await nextFrames(page, 4);
      const inside = (r, pane, what) => {
        assert.ok(r && pane, `${label}: ${what} has a rect`);
        assert.ok(r.x0 >= pane.x0 - 0.5 && r.x1 <= pane.x1 + 0.5, `${label}: ${what} [${r.x0}, ${r.x1}] inside its pane [${pane.x0}, ${pane.x1}]`);
      };
      let step = -1;
      for (let i = 0; i < 12; i++) {
        const s = await appState(page);
        if (s.tutorialStep === step) break;  // the last step
        step = s.tutorialStep;
        await nextFrames(page, 3);
        const r = await page.evaluate(() => window.peakscope.rects);
        const views = r['pane-views'];
        // the tab bar is not scrolled: the first tab starts at the pane's left padding, the last ends inside
        assert.ok(r.id.x0 - views.x0 < 20, `${label} step ${step + 1}: the tabs are scrolled (ID tab at ${r.id.x0 - views.x0} px)`);
        for (const tab of ['id', 'density', 'decision', 'peaks', 'dendrogram']) inside(r[tab], views, `step ${step + 1}: tab ${tab}`);
        for (const b of ['tutorial.back', 'tutorial.next']) if (r[b]) inside(r[b], r['pane-tutorial'], `step ${step + 1}: ${b}`);
        inside(r['mode.layers'], r['pane-data'], 'the Tutorial 2 button');
        inside(r.scatter, r['pane-points'], 'the points plot');
        assert.ok(r.scatter.x1 - r.scatter.x0 >= 300, `${label}: points plot ${r.scatter.x1 - r.scatter.x0} px`);
        await holdKey(page, 'n');
      }
      assert.ok(step >= 4, `${label}: walked ${step + 1} tutorial steps`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('a course page: the wheel scrolls it until the figure is focused; Tab and Esc leave the figure', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + 'fixtures/host.html', { viewport: { width: 1000, height: 700 } });
  try {
    const frame = await (await page.$('#app')).contentFrame();
    await waitResult(frame);
    await nextFrames(frame, 3);
    await page.evaluate(() => document.getElementById('after').blur());
    const zoom0 = (await appState(frame)).viewScale;
    const box = await (await page.$('#app')).boundingBox();
    const sr = (await frame.evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)))).scatter;
    const cx = box.x + (sr.x0 + sr.x1) / 2, cy = box.y + (sr.y0 + sr.y1) / 2;
    // not focused: the wheel over the figure scrolls the course page
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, 200);
    await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 5000 });
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > 0, `the page scrolled: ${scrolled}`);
    const hinted = await appState(frame);
    assert.equal(hinted.viewScale, zoom0, 'the plot did not zoom');
    assert.match(hinted.gestureHint, /Click the figure to zoom with the wheel \(or hold Ctrl\)/, 'a hint says how to zoom');
    await frame.waitForFunction(() => window.peakscope.state().gestureHint === '', null, { timeout: 5000 });
    const ring = () => frame.evaluate(() => getComputedStyle(document.getElementById('canvas')).outlineStyle);
    assert.equal(await ring(), 'none');
    // Ctrl + wheel zooms the (unfocused) figure, as embedded maps do; the page stays
    const box1 = await (await page.$('#app')).boundingBox();
    await page.mouse.move(box1.x + (sr.x0 + sr.x1) / 2, box1.y + (sr.y0 + sr.y1) / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await nextFrames(frame, 3);
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'Ctrl + wheel: the page stays');
    assert.ok((await appState(frame)).viewScale < zoom0, 'Ctrl + wheel: the plot zoomed in');
    assert.notEqual(await frame.evaluate(() => document.activeElement?.id), 'canvas', 'Ctrl + wheel does not take the focus');
    // click the figure: it has the focus (a ring shows it) and the wheel zooms instead (the page stays)
    const box2 = await (await page.$('#app')).boundingBox();
    await page.mouse.click(box2.x + (sr.x0 + sr.x1) / 2, box2.y + (sr.y0 + sr.y1) / 2);
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'canvas');
    assert.equal(await ring(), 'solid', 'a focused figure has a focus ring');
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 200);
    await nextFrames(frame, 3);
    assert.equal(await page.evaluate(() => window.scrollY), before, 'a focused figure keeps the wheel');
    // Tab leaves the figure for the next control of the course page, Shift+Tab for the one before
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.activeElement?.id === 'after', null, { timeout: 5000 });
    await page.mouse.click(box2.x + (sr.x0 + sr.x1) / 2, box2.y + (sr.y0 + sr.y1) / 2);
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'canvas');
    await page.keyboard.press('Shift+Tab');
    await page.waitForFunction(() => document.activeElement?.id === 'before', null, { timeout: 5000 });
    // Esc leaves too (and the host hears about it)
    const box4 = await (await page.$('#app')).boundingBox();  // Shift+Tab may have scrolled the page
    await page.mouse.click(box4.x + (sr.x0 + sr.x1) / 2, box4.y + (sr.y0 + sr.y1) / 2);
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'canvas');
    await page.keyboard.press('Escape');
    assert.notEqual(await frame.evaluate(() => document.activeElement?.id), 'canvas', 'Esc: the canvas lost the focus');
    assert.equal(await ring(), 'none', 'no focus, no ring');
    const msgs = await page.evaluate(() => window.messages.filter((m) => m && m.type === 'peakscope-focus-out'));
    assert.deepEqual(msgs.map((m) => [m.key, m.shift]), [['Tab', false], ['Tab', true], ['Escape', false]]);
    // while a text field is edited (Ctrl+click on the Z slider types a value), Esc cancels the edit
    // and the figure keeps the focus; the next Esc leaves
    const box3 = await (await page.$('#app')).boundingBox();
    await page.mouse.click(box3.x + (sr.x0 + sr.x1) / 2, box3.y + (sr.y0 + sr.y1) / 2);
    const zr = (await frame.evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)))).Z;
    await nextFrames(frame, 2);  // the click above has been drawn (a person holds Ctrl before the click)
    await page.keyboard.down('Control');
    await nextFrames(frame, 2);
    await page.mouse.click(box3.x + (zr.x0 + zr.x1) / 2, box3.y + (zr.y0 + zr.y1) / 2);
    await nextFrames(frame, 2);
    await page.keyboard.up('Control');
    await nextFrames(frame, 3);
    assert.equal(await frame.evaluate(() => Module.psWantsText), true, 'Ctrl+click on Z: a text field');
    await holdKey(page, 'Escape', frame);
    assert.equal(await frame.evaluate(() => Module.psWantsText), false, 'Esc ends the edit');
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'canvas', 'Esc in a text field: the figure keeps the focus');
    await page.keyboard.press('Escape');
    assert.notEqual(await frame.evaluate(() => document.activeElement?.id), 'canvas', 'the next Esc leaves');
    assert.deepEqual((await page.evaluate(() => window.messages.filter((m) => m && m.type === 'peakscope-focus-out')))
      .map((m) => m.key), ['Tab', 'Tab', 'Escape', 'Escape']);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a course page with two figures: Tab goes through both (with a focus ring), the wheel scrolls past both, each sends its height', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + 'fixtures/host2.html', { viewport: { width: 1000, height: 700 } });
  try {
    const frames = {};
    for (const id of ['one', 'two']) {
      frames[id] = await (await page.$('#' + id)).contentFrame();
      await waitResult(frames[id]);
      await nextFrames(frames[id], 3);
    }
    // where the focus is: a host control's id, or 'one'/'two' when that figure's canvas has it
    const focus = async () => {
      const host = await page.evaluate(() => document.activeElement?.id);
      if (host !== 'one' && host !== 'two') return host;
      return (await frames[host].evaluate(() => document.activeElement?.id)) === 'canvas' ? host : `${host}:other`;
    };
    const ring = (id) => frames[id].evaluate(() => getComputedStyle(document.getElementById('canvas')).outlineStyle);
    assert.equal(await ring('one'), 'none', 'no focus, no ring');
    // Tab through: before → figure one → between → figure two → after, and back with Shift+Tab
    await page.focus('#before');
    const forward = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      await nextFrames(frames.one, 1);
      forward.push(await focus());
      if (forward[i] === 'one' || forward[i] === 'two') assert.equal(await ring(forward[i]), 'solid', `figure ${forward[i]}: a focus ring`);
    }
    assert.deepEqual(forward, ['one', 'between', 'two', 'after']);
    assert.equal(await ring('two'), 'none', 'the ring goes with the focus');
    const back = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Shift+Tab');
      await nextFrames(frames.one, 1);
      back.push(await focus());
    }
    assert.deepEqual(back, ['two', 'between', 'one', 'before']);
    // the wheel over either figure scrolls the course page while that figure is not focused, even
    // when the other one is
    await page.evaluate(() => window.scrollTo(0, 0));
    const centre = async (id) => {
      const box = await (await page.$('#' + id)).boundingBox();
      const sr = (await frames[id].evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)))).scatter;
      return { x: box.x + (sr.x0 + sr.x1) / 2, y: box.y + (sr.y0 + sr.y1) / 2 };
    };
    let c = await centre('one');
    await page.mouse.click(c.x, c.y);
    assert.equal(await focus(), 'one');
    await page.mouse.wheel(0, 200);
    await nextFrames(frames.one, 3);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the focused figure keeps the wheel');
    await page.evaluate(() => window.scrollTo(0, 300));
    c = await centre('two');
    await page.mouse.move(c.x, c.y);
    await page.mouse.wheel(0, 200);
    await page.waitForFunction(() => window.scrollY > 300, null, { timeout: 5000 });
    // each figure told the host its height
    const heights = await page.evaluate(() => window.messages.filter((m) => m.data && m.data.type === 'peakscope-height')
      .map((m) => [m.from, m.data.height]));
    for (const id of ['one', 'two']) {
      const h = heights.filter(([from]) => from === id).map(([, v]) => v);
      assert.ok(h.length > 0 && h.every((v) => v > 100 && v < 5000), `figure ${id}: heights ${h}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a course page on a touch screen: one finger scrolls it until the figure is tapped; a tap inspects a point', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url + 'fixtures/host.html',
                                                   { viewport: { width: 1000, height: 700 }, hasTouch: true });
  try {
    const frame = await (await page.$('#app')).contentFrame();
    await waitResult(frame);
    await nextFrames(frame, 3);
    const sr = (await frame.evaluate(() => JSON.parse(JSON.stringify(window.peakscope.rects)))).scatter;
    const centre = async () => {
      const box = await (await page.$('#app')).boundingBox();
      return { x: box.x + (sr.x0 + sr.x1) / 2, y: box.y + (sr.y0 + sr.y1) / 2, box };
    };
    const cdp = await context.newCDPSession(page);
    const swipe = async (p) => {  // one finger up by 150 px over 10 moves
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: p.x, y: p.y }] });
      for (let i = 1; i <= 10; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: p.x, y: p.y - 15 * i }] });
        await new Promise((r) => setTimeout(r, 16));
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await new Promise((r) => setTimeout(r, 300));
    };
    const touchAction = () => frame.evaluate(() => document.getElementById('canvas').style.touchAction);
    assert.equal(await touchAction(), 'pan-x pan-y pinch-zoom', 'not focused: the browser pans the page');
    // a one-finger swipe over the (unfocused) figure scrolls the course page
    await swipe(await centre());
    await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 5000 });
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.notEqual(await frame.evaluate(() => document.activeElement?.id), 'canvas', 'a swipe does not focus the figure');
    assert.match((await appState(frame)).gestureHint, /Tap the figure to pan and zoom it/, 'a hint says how to use the figure');
    // a tap focuses the figure; from then on one finger is the figure's (the page stays)
    let c = await centre();
    await page.touchscreen.tap(c.x, c.y);
    await frame.waitForFunction(() => document.activeElement?.id === 'canvas', null, { timeout: 5000 });
    assert.equal(await touchAction(), 'pinch-zoom');
    await swipe(await centre());
    await nextFrames(frame, 3);
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'a focused figure keeps one-finger swipes');
    // tap-to-inspect: after a tap on a point the point stays inspected (hovered) once the finger is up
    c = await centre();
    let inspected = -1;
    for (let i = 0; i < 25 && inspected < 0; i++) {
      const x = c.box.x + sr.x0 + (sr.x1 - sr.x0) * (0.2 + 0.15 * (i % 5));
      const y = c.box.y + sr.y0 + (sr.y1 - sr.y0) * (0.2 + 0.15 * Math.floor(i / 5));
      await page.touchscreen.tap(x, y);
      await nextFrames(frame, 4);
      inspected = (await appState(frame)).hoveredRow;
    }
    assert.ok(inspected >= 0, 'a tapped point stays inspected after the finger is lifted');
    await nextFrames(frame, 10);
    assert.equal((await appState(frame)).hoveredRow, inspected, 'until the next tap');
    await cdp.detach();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('keyboard only: arrows and Space move a visible focus and pick a tab, [ ] move Z, 1-5 pick the views, N / B step the tutorial, Ctrl + / − / 0 scale the text', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await openPage(browser, srv.url, { viewport: VIEWPORT });
  try {
    await waitResult(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'canvas', 'the canvas has the keys at load');
    const press = async (key, times = 1) => {
      for (let i = 0; i < times; i++) await holdKey(page, key);
      return appState(page);
    };
    // ImGui's keyboard navigation: no highlight until the keys are used; the arrows move a visible
    // focus (rect "nav", framed in ImGui's highlight colour) over the view tabs; Space picks one
    const nav = async () => (await page.evaluate(() => window.peakscope.rects.nav)) ?? { x0: 0, y0: 0, x1: 0, y1: 0 };
    const rectOf = (name) => page.evaluate((n) => window.peakscope.rects[n], name);
    assert.equal((await nav()).x1, 0, 'no focus highlight before the keys are used');
    await holdKey(page, 'ArrowUp');
    for (let i = 0; i < 8 && JSON.stringify(await nav()) !== JSON.stringify(await rectOf('decision')); i++)
      await holdKey(page, 'ArrowRight');
    const at = await nav();
    assert.deepEqual(at, await rectOf('decision'), 'the arrows reach the Decision tab');
    const shot = decodePng(await page.screenshot({ clip: { x: at.x0 - 4, y: at.y0 - 4, width: at.x1 - at.x0 + 8, height: at.y1 - at.y0 + 8 } }));
    assert.ok(pixelStats(shot).near([66, 150, 250], 40) >= 2 * (at.x1 - at.x0), 'a frame in the highlight colour shows the focus');
    await holdKey(page, 'Space');
    assert.equal((await appState(page)).view, 'decision', 'Space picks the focused tab');
    await holdKey(page, '4');
    let s = await appState(page);
    assert.equal(s.tutorialStep, 0, 'the tutorial shows step 1 at load');
    s = await press(']', 3);
    assert.ok(Math.abs(s.Z - 1.8) < 1e-9, `] ×3: Z = ${s.Z}`);
    assert.equal(s.nClusters, await page.evaluate((z) => window.peakscope.clustersAtZ(z), s.Z));
    s = await press('[');
    assert.ok(Math.abs(s.Z - 1.75) < 1e-9, `[: Z = ${s.Z}`);
    s = await press('3');
    assert.equal(s.view, 'decision');
    s = await press('5');
    assert.equal(s.view, 'dendrogram');
    s = await press('n');
    assert.deepEqual([s.tutorialStep, s.view], [1, 'id'], 'N: step 2 shows the ID');
    s = await press('b');
    assert.deepEqual([s.tutorialStep, s.view, s.Z], [0, 'peaks', 1.65], 'B: back to step 1 and its Z');
    // Ctrl + = / − / 0: the text scale (in the link), not the browser's page zoom
    const colourHeight = async () => { const r = (await page.evaluate(() => window.peakscope.rects)).colour; return r.y1 - r.y0; };
    const ctrl = async (key) => {
      await page.keyboard.down('Control');
      await holdKey(page, key);
      await page.keyboard.up('Control');
      await nextFrames(page, 3);
      return { h: await colourHeight(), q: await page.evaluate(() => location.search), dpr: await page.evaluate(() => devicePixelRatio) };
    };
    const h0 = await colourHeight();
    let z = await ctrl('Equal');
    z = await ctrl('Equal');
    assert.match(z.q, /font=1\.25/, `Ctrl + = twice: ${z.q}`);
    assert.ok(z.h > 1.1 * h0, `Ctrl + =: text taller (${h0} → ${z.h})`);
    assert.equal(z.dpr, 1, 'the page itself is not zoomed');
    z = await ctrl('Minus');
    assert.match(z.q, /font=1\.1/, `Ctrl + −: ${z.q}`);
    z = await ctrl('Digit0');
    assert.doesNotMatch(z.q, /font=/, `Ctrl + 0: back to 1 (${z.q})`);
    assert.equal(z.h, h0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
