#!/usr/bin/env node
// PeakScope static server: serves a built site folder on 127.0.0.1, with no dependencies.
//   node web/serve.mjs <dir> [port] [--allow <dir2>]... [--timeouts <headers ms>,<request ms>]
// port defaults to 8080; 0 picks a free port; timeouts default to 10000,30000 (tests use less).
// Prints "PeakScope is served at http://127.0.0.1:PORT/" (the actual port) and keeps running
// until interrupted. Exits 1 with a message when the folder is missing or the port is taken.
// Correct MIME types (application/wasm for streaming compilation, text/javascript for .mjs) and
// Cache-Control: no-cache, so a rebuilt app is picked up on reload.
// Hardening (issue 11): a request never throws (malformed or hostile paths get 400/404, errors
// 500); redirects are always to a path of this site ("/a/b/", never "//host"); only regular files
// whose real path (symlinks resolved) lies under <dir> — or under a folder given with --allow, for
// test roots made of symlinks — are served, opened non-blocking (a FIFO or device is refused, never
// read) and sent up to the size they had when opened; header and request timeouts.
import { createServer } from 'node:http';
import { constants, promises as fsp, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.npy': 'application/octet-stream',
  '.npz': 'application/octet-stream',
  '.data': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
};

function usage(message) {
  if (message) console.error(`serve.mjs: ${message}`);
  console.error('usage: node web/serve.mjs <dir> [port] [--allow <dir>]... [--timeouts <headers ms>,<request ms>]' +
                '   (port 0 = any free port)');
  process.exit(1);
}

// Real path of an existing folder, or exit with a message.
function realFolder(dir, what) {
  let real;
  try {
    real = realpathSync(resolve(dir));
  } catch {
    usage(`${resolve(dir)} does not exist${what === 'site' ? ': build the site first (make wasm)' : ''}`);
  }
  if (!statSync(real).isDirectory()) usage(`${real} is not a folder`);
  return real;
}

const positional = [], allowArgs = [];
let headersTimeout = 10000, requestTimeout = 30000;
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  if (a === '--allow') {
    if (i + 1 >= process.argv.length) usage('--allow needs a folder');
    allowArgs.push(process.argv[++i]);
  } else if (a === '--timeouts') {
    const m = /^(\d+),(\d+)$/.exec(process.argv[++i] || '');
    if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) usage('--timeouts needs <headers ms>,<request ms> (request >= headers >= 1)');
    [headersTimeout, requestTimeout] = [Number(m[1]), Number(m[2])];
  } else if (a.startsWith('--')) {
    usage(`unknown option '${a}'`);
  } else {
    positional.push(a);
  }
}
const [dirArg, portArg = '8080', extra] = positional;
if (!dirArg) usage('no folder given');
if (extra !== undefined) usage(`unexpected argument '${extra}'`);
const root = realFolder(dirArg, 'site');
const allowed = [root, ...allowArgs.map((d) => realFolder(d, 'allow'))];
const port = Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad port '${portArg}'`);

const isUnder = (p, dir) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

function send(res, status, text) {
  if (res.headersSent) return res.destroy();
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

// Site path of a folder under the root, percent-encoded, as a redirect target: "/" or "/a/b/".
function folderUrl(file) {
  const rel = relative(root, file);
  if (!rel) return '/';
  return '/' + rel.split(sep).map(encodeURIComponent).join('/') + '/';
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (path.includes('\0')) return send(res, 400, 'bad request\n');
  const shown = JSON.stringify(path);  // for messages: quoted, control characters escaped
  const wantsFolder = path.endsWith('/');
  if (wantsFolder) path += 'index.html';
  const file = resolve(join(root, path));
  if (!isUnder(file, root)) return send(res, 403, 'forbidden\n');
  // Symlinks are resolved: the real file must lie under the root (or an --allow folder).
  let real;
  try {
    real = await fsp.realpath(file);
  } catch {
    return send(res, 404, `not found: ${shown}\n`);
  }
  if (!allowed.some((dir) => isUnder(real, dir))) return send(res, 404, `not found: ${shown}\n`);
  const st = await fsp.stat(real).catch(() => null);
  if (!st) return send(res, 404, `not found: ${shown}\n`);
  if (st.isDirectory()) {
    if (wantsFolder) return send(res, 404, `not found: ${shown}\n`);
    res.writeHead(301, { Location: folderUrl(file), 'Cache-Control': 'no-cache' });
    return res.end();
  }
  if (!st.isFile()) return send(res, 404, `not found: ${shown}\n`);  // FIFO, device, socket
  // Non-blocking open, then the opened file itself is checked: it cannot be swapped for a FIFO.
  let fh;
  try {
    fh = await fsp.open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return send(res, 404, `not found: ${shown}\n`);
  }
  try {
    const fst = await fh.stat();
    if (!fst.isFile()) {
      await fh.close();
      return send(res, 404, `not found: ${shown}\n`);
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': fst.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD' || fst.size === 0) {
      await fh.close();
      return res.end();
    }
    const stream = fh.createReadStream({ start: 0, end: fst.size - 1 });  // closes fh at its end
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  } catch (err) {
    await fh.close().catch(() => {});
    throw err;
  }
}

const server = createServer({
  requestTimeout,                  // whole request (headers + body), default 30 s
  headersTimeout,                  // headers, default 10 s
  keepAliveTimeout: 5000,
  connectionsCheckingInterval: 1000,
  maxHeaderSize: 16384,
}, (req, res) => {
  res.on('error', () => {});
  handle(req, res).catch(() => {
    try {
      send(res, 500, 'internal error\n');
    } catch {
      res.destroy();
    }
  });
});
server.setTimeout(60000, (socket) => socket.destroy());  // idle sockets (e.g. a stalled reader)

server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') {
    console.error(`serve.mjs: port ${port} on 127.0.0.1 is already in use. ` +
                  'Stop the other server or choose another port (e.g. make serve PORT=8081).');
  } else {
    console.error(`serve.mjs: cannot serve on 127.0.0.1:${port}: ${err.message}`);
  }
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`PeakScope is served at http://127.0.0.1:${server.address().port}/`);
  console.log(`(folder ${root}; press Ctrl+C to stop)`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
