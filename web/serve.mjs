#!/usr/bin/env node
// PeakScope static server: serves a built site folder on 127.0.0.1, with no dependencies.
//   node web/serve.mjs <dir> [port]     port defaults to 8080; 0 picks a free port
// Prints "PeakScope is served at http://127.0.0.1:PORT/" (the actual port) and keeps running
// until interrupted. Exits 1 with a message when the folder is missing or the port is taken.
// Correct MIME types (application/wasm for streaming compilation, text/javascript for .mjs) and
// Cache-Control: no-cache, so a rebuilt app is picked up on reload.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

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
  console.error('usage: node web/serve.mjs <dir> [port]   (port 0 = any free port)');
  process.exit(1);
}

const [dirArg, portArg = '8080'] = process.argv.slice(2);
if (!dirArg) usage('no folder given');
const root = resolve(dirArg);
try {
  if (!statSync(root).isDirectory()) usage(`${root} is not a folder`);
} catch {
  usage(`${root} does not exist: build the site first (make wasm)`);
}
const port = Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad port '${portArg}'`);

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(text);
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden\n');
  let st;
  try {
    st = statSync(file);
  } catch {
    return send(res, 404, `not found: ${path}\n`);
  }
  if (st.isDirectory()) {
    res.writeHead(301, { Location: path + '/' });
    return res.end();
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': st.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
});

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
