// Small readers and one repair of a wasm binary, and the binaryen tools and features both use,
// for scripts/split_wasm.mjs and tests/e2e/split_profile.mjs: function names (the name
// section), the tables and their exports.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The wasm features the page's module uses, for binaryen's tools. */
export const FEATURES = ['--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-reference-types', '--enable-multivalue', '--enable-mutable-globals'];

/** npm's binaryen 132 for wasm-opt (Debian's 108 breaks the app), Debian's for wasm-split (npm's has none). */
export function binaryenTools(root) {
  const npmOpt = join(root, '.tools', 'node_modules', '.bin', 'wasm-opt');
  return {
    wasmOpt: process.env.WASM_OPT || (existsSync(npmOpt) ? npmOpt : 'wasm-opt'),
    wasmSplit: process.env.WASM_SPLIT || (existsSync('/usr/bin/wasm-split') ? '/usr/bin/wasm-split' : 'wasm-split'),
  };
}

/** The bytes of a module, read section by section: calls `on(id, reader, end)`. */
function reader(b, on) {
  const r = {
    p: 8,
    byte() { return b[this.p++]; },
    u() { let v = 0, s = 0, x; do { x = b[this.p++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return v; },
    str() { const n = this.u(); const t = Buffer.from(b.buffer, b.byteOffset + this.p, n).toString('utf8'); this.p += n; return t; },
    limits() { const f = this.u(); this.u(); if (f & 1) this.u(); },
  };
  while (r.p < b.length) {
    const id = r.byte();
    const size = r.u();
    const end = r.p + size;
    on(id, r, end);
    r.p = end;
  }
}

/** Imports: the count of imported functions, and each imported table's element type byte. */
function imports(r, tables) {
  let funcs = 0;
  const n = r.u();
  for (let i = 0; i < n; i++) {
    r.str(); r.str();
    const k = r.byte();
    if (k === 0) { r.u(); funcs++; } else if (k === 1) { tables.push(r.byte()); r.limits(); } else if (k === 2) r.limits();
    else if (k === 3) { r.byte(); r.byte(); } else throw new Error(`an import of kind ${k}`);
  }
  return funcs;
}

/** { imported, defined, names: Map(function index -> name) } */
export function functionNames(bytes) {
  let imported = 0, defined = 0;
  const names = new Map();
  const tables = [];
  reader(bytes, (id, r, end) => {
    if (id === 2) imported = imports(r, tables);
    else if (id === 3) defined = r.u();
    else if (id === 0 && r.str() === 'name') {
      while (r.p < end) {
        const sub = r.byte();
        const size = r.u();
        const next = r.p + size;
        if (sub === 1) { const n = r.u(); for (let i = 0; i < n; i++) { const idx = r.u(); names.set(idx, r.str()); } }
        r.p = next;
      }
    }
  });
  return { imported, defined, names };
}

/** The tables' element types (0x70 funcref, 0x6f externref), imports first, and the table exports. */
function tablesAndExports(bytes) {
  const tables = [];
  const exports = [];
  reader(bytes, (id, r) => {
    if (id === 2) imports(r, tables);
    else if (id === 4) { const n = r.u(); for (let i = 0; i < n; i++) { tables.push(r.byte()); r.limits(); } }
    else if (id === 7) {
      const n = r.u();
      for (let i = 0; i < n; i++) {
        const name = r.str();
        const kind = r.byte();
        const at = r.p;
        const index = r.u();
        if (kind === 1) exports.push({ name, at, len: r.p - at, index });
      }
    }
  });
  return { tables, exports };
}

/** What the two functions below assume of wasm-bindgen's modules: one function table, at most one externref table. */
function oneOfEach(t) {
  const n = (ty) => t.tables.filter((x) => x === ty).length;
  if (n(0x70) !== 1 || n(0x6f) > 1 || t.tables.length !== n(0x70) + n(0x6f)) {
    throw new Error(`a module with tables ${JSON.stringify(t.tables)}: expected one funcref table and at most one externref table`);
  }
  return t;
}

/** The name under which a module exports its function table. */
export function funcTableExport(bytes) {
  const { tables, exports } = oneOfEach(tablesAndExports(bytes));
  const e = exports.find((x) => tables[x.index] === 0x70);
  if (!e) throw new Error('the module exports no function table');
  return e.name;
}

/** binaryen 108's wasm-split writes every table export as table 0. wasm-bindgen's externref
 * table (`__wbindgen_externrefs`) is the module's externref table and every other exported
 * table its function table: points each export back at its table (in place; same length). */
export function repairTableExports(bytes) {
  const { tables, exports } = oneOfEach(tablesAndExports(bytes));
  for (const e of exports) {
    const want = tables.indexOf(/externref/.test(e.name) ? 0x6f : 0x70);
    if (want < 0 || want > 127 || e.len !== 1) throw new Error(`cannot point the table export ${e.name} at table ${want}`);
    bytes[e.at] = want;
  }
  return bytes;
}

/** binaryen's spelling of a function name on its command line: bytes outside WAT's idchars as \xx. */
export const binaryenName = (name) => [...Buffer.from(name, 'utf8')].map((c) => {
  const ch = String.fromCharCode(c);
  return c > 0x20 && c < 0x7f && !' "(),;[]{}'.includes(ch) ? ch : `\\${c.toString(16).padStart(2, '0')}`;
}).join('');
