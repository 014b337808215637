// Trunk post-build hook (before sw_build.mjs, which hashes index.html): trunk 0.21 puts
// its <link rel=modulepreload> (the app's js) and <link rel=preload> (its wasm) at the
// end of <head>, after the twelve stylesheets. On HTTP/1.1 (six connections a host)
// the wasm, the longest download and the start's critical path, then waited behind
// the stylesheets. This moves them just after the Content-Security-Policy (a policy in
// a meta tag covers only what follows it), so the wasm is asked for first (issue 25
// item 4). Usage: node preload_first.mjs [dir] (else TRUNK_STAGING_DIR).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('preload_first.mjs runs as a trunk post_build hook (TRUNK_STAGING_DIR unset)');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const links = [...html.matchAll(/<link rel="(?:modulepreload|preload)"[^>]*>/g)].map((m) => m[0]);
if (links.length === 0) throw new Error('index.html has no preload link (did trunk change its output?)');
for (const l of links) html = html.replace(l, '');
const csp = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/);
if (!csp) throw new Error('index.html has no Content-Security-Policy meta tag');
// the wasm first: it is the longest download
links.sort((a, b) => Number(/rel="modulepreload"/.test(a)) - Number(/rel="modulepreload"/.test(b)));
html = html.replace(csp[0], `${csp[0]}\n    ${links.join('\n    ')}`);
writeFileSync(file, html);
console.log(`preload_first.mjs: ${links.length} preload link(s) moved to the top of <head>`);
