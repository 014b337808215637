// Trunk post-build hook: trunk 0.21 injects its wasm loader as an inline module
// script, which the page's Content-Security-Policy (index.html) forbids unless
// its hash is listed. This writes the sha256 of every inline script of the
// staged index.html in place of the placeholder 'sha256-TRUNK_LOADER_HASH'.
// Fails the build if the placeholder or the inline script is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { preloadFirst } from './preload_first.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('csp_hash.mjs runs as a trunk post_build hook (TRUNK_STAGING_DIR unset)');
const file = join(dir, 'index.html');
// and the wasm's and js's preloads first in <head> (preload_first.mjs)
const html = preloadFirst(readFileSync(file, 'utf8'));
const PLACEHOLDER = "'sha256-TRUNK_LOADER_HASH'";
if (!html.includes(PLACEHOLDER)) throw new Error(`index.html has no ${PLACEHOLDER} in its Content-Security-Policy`);
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) throw new Error('index.html has no inline script: nothing to hash (did trunk change its loader?)');
writeFileSync(file, html.replace(PLACEHOLDER, hashes.join(' ')));
console.log(`csp_hash.mjs: ${hashes.length} inline script(s) allowed by hash`);
