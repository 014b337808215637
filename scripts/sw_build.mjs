// Trunk post-build hook: writes the service worker, sw.js, that keeps the app for use
// offline after one visit (issue 25, item 3). Its file list is the staged build itself
// (every file but sw.js), and its cache name a hash of those files' contents and of its own code, so a new
// build is a new cache and the old one is dropped when the new worker takes over.
// Run by post_build.mjs after split_wasm.mjs and csp_hash.mjs, so it hashes the finished files
// (both parts of the page wasm among them). index.html is hashed with its CSP script hashes
// blanked (they follow from the loader, whose file names are hashed here anyway) and its
// preloads moved first, as csp_hash.mjs does: the same cache name whichever ran first.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { preloadFirst } from './preload_first.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('sw_build.mjs runs as a trunk post_build hook (TRUNK_STAGING_DIR unset)');
const template = new URL('sw.template.js', import.meta.url);
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dir, path).split('\\').join('/'));
  }
};
walk(dir);
const shell = files.filter((f) => f !== 'sw.js');
if (!shell.includes('index.html')) throw new Error('sw_build.mjs: no index.html in the staged build');
const worker = readFileSync(template, 'utf8');
// the worker's own code is part of the build too: a change to it is a new cache
const hash = createHash('sha256').update(worker);
for (const f of shell) {
  let body = readFileSync(join(dir, f));
  if (f === 'index.html') body = preloadFirst(body.toString('utf8')).replace(/'sha256-[^']*'/g, "'sha256-'");
  hash.update(f).update('\0').update(body).update('\0');
}
const cache = `neuralscope-${hash.digest('hex').slice(0, 16)}`;
const sw = worker
  .replace("'CACHE_NAME'", JSON.stringify(cache))
  .replace("['FILES']", JSON.stringify(['./', ...shell]));
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`sw_build.mjs: sw.js keeps ${shell.length} files in cache ${cache}`);
