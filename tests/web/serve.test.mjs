// web/serve.mjs hardening (issue 11, item 5), node:test, needs only node (no build): starts the
// server on 127.0.0.1 with an ephemeral port on a temporary root holding a site, a non-ASCII
// folder, symlinks inside and outside the root, a symlink to /dev/zero and a FIFO, and checks:
// MIME types and headers as before; the reproducers (/%E4%B8%AD%2f.. killed it; /%2Fevil.example
// %2f.. redirected to //evil.example/…) get a site-local redirect and the server lives on;
// malformed encodings → 400; traversal → 403/404; symlinks leading outside the root, devices and
// FIFOs → 404 at once; SIGTERM still stops it promptly; a stalled client is cut at the header
// timeout; 400 random hostile paths never crash it. Traffic only to 127.0.0.1, every request
// bounded by a 5 s timeout.
//   node --test tests/web/serve.test.mjs        (PEAKSCOPE_SERVE overrides the server path)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SERVE = resolve(process.env.PEAKSCOPE_SERVE || join(here, '../../web/serve.mjs'));

let base, root, outside, child, port;
const INDEX = '<!doctype html><title>PeakScope test</title>\n';

// Starts serve.mjs on `dir`; resolves to the child once it prints its address.
function startServer(dir, extra = []) {
  return new Promise((resolvePromise, reject) => {
    const c = spawn(process.execPath, [SERVE, dir, '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { c.kill('SIGKILL'); reject(new Error(`no start in 10 s:\n${out}`)); }, 10000);
    const onData = (chunk) => {
      out += chunk;
      const m = /served at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        c.port = Number(m[1]);
        c.output = () => out;
        resolvePromise(c);
      }
    };
    c.stdout.on('data', onData);
    c.stderr.on('data', onData);
    c.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${out}`)); });
  });
}

// One request with a raw path (no client-side normalisation); resolves to {status, headers, body}.
function get(path, { method = 'GET', p = port } = {}) {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port: p, path, method, timeout: 5000, agent: false }, (res) => {
      const chunks = [];
      let size = 0;
      res.on('data', (c) => {
        size += c.length;
        if (size > 1 << 20) return req.destroy(new Error(`more than 1 MB from ${path}`));
        chunks.push(c);
      });
      res.on('end', () => resolvePromise({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error(`request for ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

// Raw bytes over TCP (for request lines no client library would send, or unfinished ones);
// resolves to all the server sent once it closes the connection.
function raw(bytes) {
  return new Promise((resolvePromise, reject) => {
    const s = connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { s.destroy(); reject(new Error('the server kept the connection open for 5 s')); }, 5000);
    s.on('data', (d) => { out += d; });
    s.on('close', () => { clearTimeout(timer); resolvePromise(out); });
    s.on('error', () => {});
    s.write(bytes);
  });
}

async function alive() {
  assert.equal(child.exitCode, null, `server exited:\n${child.output()}`);
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.equal(r.body, INDEX);
}

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'peakscope-serve-'));
  root = join(base, 'site');
  outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret outside the root\n');
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'app.mjs'), 'export const x = 1;\n');
  writeFileSync(join(root, 'app.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'data.npz'), Buffer.alloc(64, 7));
  writeFileSync(join(root, 'empty.txt'), '');
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'sub', 'index.html'), 'sub index\n');
  mkdirSync(join(root, '中'));
  writeFileSync(join(root, '中', 'a.txt'), 'zhong\n');
  symlinkSync(join(root, 'app.mjs'), join(root, 'inside-link.mjs'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'outside-link.txt'));
  symlinkSync(outside, join(root, 'outside-dir'));
  symlinkSync('/dev/zero', join(root, 'zero.data'));
  execFileSync('mkfifo', [join(root, 'pipe.csv')]);
  symlinkSync(join(root, 'pipe.csv'), join(root, 'pipe-link.csv'));
  child = await startServer(root, ['--timeouts', '1000,3000']);
  port = child.port;
});

after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (base) rmSync(base, { recursive: true, force: true });
});

test('site files: MIME types, no-cache, nosniff, index.html, HEAD, folder redirect', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['content-length'], String(Buffer.byteLength(INDEX)));
  assert.equal((await get('/app.mjs')).headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await get('/app.wasm')).headers['content-type'], 'application/wasm');
  const npz = await get('/data.npz');
  assert.equal(npz.headers['content-type'], 'application/octet-stream');
  assert.equal(npz.body.length, 64);
  const head = await get('/data.npz', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '64');
  assert.equal(head.body, '');
  const empty = await get('/empty.txt');
  assert.equal(empty.status, 200);
  assert.equal(empty.headers['content-length'], '0');
  assert.equal((await get('/sub/')).body, 'sub index\n');
  const redirect = await get('/sub');
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, '/sub/');
  assert.equal((await get('/%E4%B8%AD/a.txt')).body, 'zhong\n');
  assert.equal((await get('/%E4%B8%AD')).headers.location, '/%E4%B8%AD/');
  assert.equal((await get('/inside-link.mjs')).status, 200, 'a symlink to a file inside the root is served');
  assert.equal((await get('/nope.html')).status, 404);
  assert.equal((await get('/', { method: 'POST' })).status, 405);
});

test('reproducers: non-ASCII + encoded slash does not kill it; no redirect off the site', async () => {
  const r = await get('/%E4%B8%AD%2f..');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/');
  await alive();
  for (const path of ['/%2Fevil.example%2f..', '/%2F%2Fevil.example%2f..', '/%5C%5Cevil.example%2f..', '/.%2F%2Fevil.example%2F..',
                      '/%2Fevil.example', '//evil.example/..', '/sub%2F..%2F%2Fevil.example']) {
    const x = await get(path);
    assert.ok([200, 301, 403, 404].includes(x.status), `${path}: ${x.status}`);
    if (x.headers.location !== undefined) {
      assert.match(x.headers.location, /^\/(?![\/\\])/, `${path} redirects to ${x.headers.location}`);
      assert.ok(!/[^\x21-\x7e]/.test(x.headers.location), `${path}: non-ASCII Location`);
    }
  }
  await alive();
});

test('malformed percent-encoding and NUL → 400; traversal never leaves the root', async () => {
  for (const path of ['/%E4%B8', '/%ZZ', '/%', '/a%2', '/%00', '/index.html%00.png', '/%C0%AF'])
    assert.ok([400, 404].includes((await get(path)).status), path);
  assert.equal((await get('/%E4%B8')).status, 400);
  assert.equal((await get('/%00')).status, 400);
  for (const path of ['/../outside/secret.txt', '/..%2Foutside%2Fsecret.txt', '/%2e%2e/outside/secret.txt',
                      '/sub/..%2F..%2Foutside%2Fsecret.txt', '/..%5Coutside%5Csecret.txt']) {
    const r = await get(path);
    assert.ok([403, 404].includes(r.status), `${path}: ${r.status}`);
    assert.ok(!r.body.includes('secret outside'), path);
  }
  const reply = await raw(Buffer.concat([Buffer.from('GET /'), Buffer.from([0xe4, 0xb8, 0xad, 0x0d]), Buffer.from('x HTTP/1.1\r\nHost: a\r\n\r\n')]));
  assert.match(reply, /^HTTP\/1\.1 (400|404)/);
  await alive();
});

test('symlinks leading outside the root, /dev/zero and FIFOs are refused at once', async () => {
  for (const path of ['/outside-link.txt', '/outside-dir/secret.txt', '/outside-dir', '/zero.data', '/pipe.csv', '/pipe-link.csv']) {
    const t0 = Date.now();
    const r = await get(path);
    assert.equal(r.status, 404, path);
    assert.ok(!r.body.includes('secret outside'), path);
    assert.ok(Date.now() - t0 < 2000, `${path} took ${Date.now() - t0} ms`);
  }
  await alive();
});

test('a stalled client is cut at the header timeout', async () => {
  const t0 = Date.now();
  const reply = await raw('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');  // headers never finished
  assert.ok(Date.now() - t0 >= 900, `closed after ${Date.now() - t0} ms, before the 1 s header timeout`);
  assert.ok(reply === '' || /^HTTP\/1\.1 408/.test(reply), reply);
  await alive();
});

test('400 random hostile paths: every reply is a status, never a crash or an off-site redirect', async () => {
  let seed = 12345;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const pieces = ['%2f', '%2F', '..', '.', '/', '%E4%B8%AD', '%E4', '%ZZ', '%00', '%0d%0a', '%5c', 'evil.example', 'sub',
                  'index.html', '%', '%%', '?', '#', ';', 'pipe.csv', 'zero.data', 'outside-dir', '%C3%A9', '~', '%7f'];
  for (let i = 0; i < 400; ++i) {
    let path = '/';
    for (let j = rand(8); j >= 0; --j) path += pieces[rand(pieces.length)];
    const r = await get(path);
    assert.ok([200, 301, 400, 403, 404].includes(r.status), `${path}: ${r.status}`);
    if (r.headers.location !== undefined) assert.match(r.headers.location, /^\/(?![\/\\])[\x21-\x7e]*$/, `${path} → ${r.headers.location}`);
  }
  await alive();
});

test('SIGTERM stops it promptly after a FIFO was requested', async () => {
  assert.equal((await get('/pipe.csv')).status, 404);
  const t0 = Date.now();
  const exited = new Promise((resolvePromise) => child.once('exit', (code, signal) => resolvePromise({ code, signal })));
  child.kill('SIGTERM');
  const { code } = await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error('no exit within 3 s of SIGTERM')), 3000))]);
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 3000);
});

test('bad command lines exit 1 with a message', () => {
  const run = (args) => {
    try {
      execFileSync(process.execPath, [SERVE, ...args], { stdio: 'pipe', timeout: 5000 });
      return { status: 0, err: '' };
    } catch (e) {
      return { status: e.status, err: String(e.stderr) };
    }
  };
  let r = run([join(base, 'missing')]);
  assert.equal(r.status, 1);
  assert.match(r.err, /does not exist/);
  r = run([root, '70000']);
  assert.equal(r.status, 1);
  assert.match(r.err, /bad port '70000'/);
  r = run([root, '0', '--allow']);
  assert.equal(r.status, 1);
  assert.match(r.err, /--allow needs a folder/);
});

test('--allow: symlinks into an allowed folder are served (test roots made of symlinks)', async () => {
  const c = await startServer(root, ['--allow', outside]);
  try {
    const r = await get('/outside-link.txt', { p: c.port });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'secret outside the root\n');
    assert.equal((await get('/zero.data', { p: c.port })).status, 404);
  } finally {
    c.kill('SIGTERM');
  }
});
