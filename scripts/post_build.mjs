// Trunk's one post_build hook: its steps in order (trunk runs a stage's hooks at the same
// time, and each of these reads what the one before wrote): the page wasm in two parts
// (split_wasm.mjs), the index's CSP hash and preloads (csp_hash.mjs), then the service worker
// over the finished files (sw_build.mjs).
await import('./split_wasm.mjs');
await import('./csp_hash.mjs');
await import('./sw_build.mjs');
