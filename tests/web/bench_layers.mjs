// Benchmark of Tutorial 2 ("Layers") in the page (issue #5, part 4): the time to analyse all six
// layers of the shipped trained set from their kNN tables, and the neighbour-graph build for own
// activations of 3,000 points × 512 dimensions (random, one layer). Prints the numbers; targets
// are < 3 s and < 5 s. Also exports makeNpz / npy helpers for tests/web/layers.test.mjs.
// Run: node tests/web/bench_layers.mjs   (PEAKSCOPE_SITE=build/<dir>/site; default build/wasm/site)
import { pathToFileURL } from 'node:url';

// ---- .npy / .npz writers (stored zip, CRC-32) ------------------------------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// One .npy (version 1.0): `typed` is a Float32Array, Float64Array, Int32Array, Uint16Array, …
export function npy(typed, shape) {
  const descr = { Float32Array: '<f4', Float64Array: '<f8', Int32Array: '<i4', Uint16Array: '<u2',
    Uint8Array: '|u1', Int64Array: '<i8' }[typed.constructor.name];
  if (!descr) throw new Error(`npy: unsupported ${typed.constructor.name}`);
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shp}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + typed.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), 10 + header.length);
  return out;
}

// An .npz (stored, no compression) of { name: Uint8Array (an .npy) }.
export function makeNpz(entries) {
  const parts = [], central = [];
  let offset = 0;
  for (const [name0, data] of Object.entries(entries)) {
    const name = Buffer.from(name0.endsWith('.npy') ? name0 : `${name0}.npy`);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); local.writeUInt32LE(0, 10); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0, 8); cen.writeUInt16LE(0, 10); cen.writeUInt32LE(0, 12); cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(data.length, 20); cen.writeUInt32LE(data.length, 24); cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(data));
    central.push(cen, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(central.length / 2, 8); end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, end]));
}

// Deterministic uniform numbers in [0, 1) (mulberry32).
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Waits until window.peakscope.layers() reports every layer of the shown set done (or failed).
// With `title`, waits for the set of that title (own data: the file name, or "<k> files").
export async function waitLayers(page, { timeout = 180000, own = null, title = null } = {}) {
  await page.waitForFunction(([wantOwn, wantTitle]) => {
    const ps = window.peakscope;
    if (!ps || !ps.layers) return false;
    const L = ps.layers();
    if (!L.ready || L.total === 0 || L.busy || L.done < L.total) return false;
    return (wantOwn === null || L.own === wantOwn) && (wantTitle === null || L.title === wantTitle);
  }, [own, title], { timeout, polling: 100 });
  return page.evaluate(() => window.peakscope.layers());
}

// Sends files [{name, bytes: Uint8Array}] to the page's Layers loader (same path as a drop).
// Bytes travel as base64 (a JSON array of numbers is slow for megabytes).
export function openOwn(page, files) {
  return page.evaluate((items) => window.peakscope.layersOpen(items.map((f) => {
    const s = atob(f.b64);
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return { name: f.name, bytes };
  })), files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') })));
}

// ---- the benchmark -----------------------------------------------------------------------------
async function main() {
  const { startServer, launchBrowser, openPage, SITE } = await import('./browser.mjs');
  const srv = await startServer();
  const browser = await launchBrowser();
  try {
    const t0 = Date.now();
    const { page, errors } = await openPage(browser, `${srv.url}?tutorial=2`, { viewport: { width: 1280, height: 800 } });
    // each wait returns the page's own clock (ms since its navigation started) when the state holds
    const bandsNav = await (await page.waitForFunction(() => window.peakscope && window.peakscope.layers &&
      window.peakscope.layers().summary && window.peakscope.layers().summary.ready && performance.now(), null,
      { timeout: 120000, polling: 20 })).jsonValue();
    const bandsMs = Date.now() - t0;
    const stripNav = await (await page.waitForFunction(() => { const L = window.peakscope.layers(); return L.variants &&
      L.variants[0] && L.variants[0].layers.every((l) => l && l.done) && performance.now(); }, null,
      { timeout: 180000, polling: 20 })).jsonValue();
    const stripMs = Date.now() - t0;
    const L = await waitLayers(page);
    console.log(`open -> the strip's bands over seeds (summary.json) on screen: ${bandsMs} ms; -> every layer of the ` +
      `trained network analysed in the page: ${stripMs} ms (target <= 3000 ms; both from before the browser context ` +
      `is created)`);
    console.log(`  the same from the page's navigation start (performance.now(), polled every 20 ms): bands ` +
      `${bandsNav.toFixed(0)} ms, every trained layer ${stripNav.toFixed(0)} ms`);
    const trained = L.variants[0];
    console.log(`site: ${SITE}`);
    console.log(`shipped trained set, ${L.layerNames.length} layers (kNN tables or small activations, ${trained.layers[0].n} points, maxk 64): ${L.trainedMs.toFixed(0)} ms in the page ` +
      `(first job sent → last result decoded; target < 3000 ms)`);
    console.log(`  per layer in the worker (ms): ${trained.layers.map((l) => `${l.name} ${l.workerMs.toFixed(0)}`).join(', ')}`);
    console.log(`  sum of worker times: ${trained.layers.reduce((a, l) => a + l.workerMs, 0).toFixed(0)} ms`);
    // 3000 × 512 random activations, one layer, twice (the second run is the steady state)
    const n = 3000, d = 512, r = rng(7);
    const x = new Float32Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = r();
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = i % 10;
    const bytes = makeNpz({ act512: npy(x, [n, d]), labels: npy(labels, [n]) });
    for (let rep = 1; rep <= 2; rep++) {
      const t0 = Date.now();
      await openOwn(page, [{ name: `bench${rep}.npz`, bytes }]);
      const O = await waitLayers(page, { own: true, title: `bench${rep}.npz`, timeout: 120000 });
      const l = O.variants[0].layers[0];
      if (!l.done) throw new Error(`own layer failed: ${l.error}`);
      console.log(`own data ${n} × ${d} (run ${rep}): graph ${l.graphMs.toFixed(0)} ms, whole layer analysis ` +
        `${l.workerMs.toFixed(0)} ms in the worker, ${Date.now() - t0} ms from the call to the result (target: graph < 5000 ms)`);
    }
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    srv.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
