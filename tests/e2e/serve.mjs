// A tiny static server for dist/ (what any static host does): correct MIME types,
// including application/wasm. Usage: node serve.mjs DIR PORT
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] || 'dist');
const port = Number(process.argv[3] || 8090);
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.gz': 'application/gzip', '.ico': 'image/x-icon',
};
// HOLD_LATER_MS=n (the cross-browser check of the wasm's synchronous fallback): the page wasm's
// later part is sent n ms late to the page's background fetch; its synchronous fetch (marked by
// scripts/split_loader.js with X-NeuralScope-Fetch: at-once) is answered at once
const holdLater = Number(process.env.HOLD_LATER_MS || 0);
createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (holdLater && /neuralscope-later-[0-9a-f]+_bg\.wasm$/.test(path) && req.headers['x-neuralscope-fetch'] !== 'at-once') {
      await new Promise((r) => setTimeout(r, holdLater));
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}`))
  .on('error', (e) => { console.error(`cannot serve on port ${port}: ${e.message}`); process.exit(1); });
