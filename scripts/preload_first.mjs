// trunk 0.21 puts its <link rel=modulepreload> (the app's js) and <link rel=preload>
// (its wasm) at the end of <head>, after the twelve stylesheets. On HTTP/1.1 (six
// connections a host) the wasm, the longest download and the start's critical path,
// then waits behind the stylesheets. `preloadFirst` moves them just after the
// Content-Security-Policy (a policy in a meta tag covers only what follows it), the
// wasm first (issue 25 item 4). Idempotent. Applied by csp_hash.mjs in the same
// rewrite of the staged index.html, and by sw_build.mjs before it hashes the file.
export function preloadFirst(html) {
  const links = [...html.matchAll(/<link rel="(?:modulepreload|preload)"[^>]*>/g)].map((m) => m[0]);
  if (links.length === 0) throw new Error('index.html has no preload link (did trunk change its output?)');
  for (const l of links) html = html.replace(new RegExp(`\\s*${l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), '');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/);
  if (!csp) throw new Error('index.html has no Content-Security-Policy meta tag');
  links.sort((a, b) => Number(/rel="modulepreload"/.test(a)) - Number(/rel="modulepreload"/.test(b)));
  return html.replace(csp[0], `${csp[0]}\n    ${links.join('\n    ')}`);
}
