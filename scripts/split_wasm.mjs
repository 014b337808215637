// Trunk post-build step (run by post_build.mjs, first): the page's wasm in two parts (issue 25
// item 4: a first visit on a classroom link waited for all 2.5 MB before its first epoch).
//   1. wasm-opt -O3 on the whole module, names kept (trunk's own wasm-opt is off for the page:
//      data-wasm-opt="0" in index.html);
//   2. wasm-split (Debian's binaryen) keeps in the first part the functions listed in
//      scripts/split/first.txt, which a first visit runs up to its first epochs
//      (`make split-profile`, tests/e2e/split_profile.mjs, writes it from a profiled run); the rest go to the later part,
//      `neuralscope-later-<hash>_bg.wasm`, with a placeholder for each in the first part;
//   3. names stripped from both; the wasm-bindgen glue gets the loader of the later part
//      (scripts/split_loader.js); the index's integrity hashes follow the changed files.
// Without wasm-split (a machine whose set-up could not install it) the page ships in one part,
// optimized as before, and says so. The whole optimized module, with its names, and the glue as
// wasm-bindgen wrote it are kept in target/split/ for `make split-profile`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURES, binaryenName, binaryenTools, funcTableExport, functionNames, repairTableExports } from './wasm_module.mjs';

const root = new URL('..', import.meta.url).pathname;
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('split_wasm.mjs runs as a trunk post_build hook (TRUNK_STAGING_DIR unset)');
const wasmFile = readdirSync(dir).find((f) => /^neuralscope-[0-9a-f]+_bg\.wasm$/.test(f));
const jsFile = wasmFile?.replace(/_bg\.wasm$/, '.js');
if (!wasmFile || !existsSync(join(dir, jsFile))) throw new Error('split_wasm.mjs: no neuralscope-<hash>_bg.wasm and .js in the staged build');
const work = join(root, 'target', 'split');
mkdirSync(work, { recursive: true });

const { wasmOpt, wasmSplit } = binaryenTools(root);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }).toString();

const whole = join(work, 'whole.wasm');
run(wasmOpt, ['-O3', '-g', ...FEATURES, join(dir, wasmFile), '-o', whole]);
copyFileSync(join(dir, jsFile), join(work, 'glue.js'));

let haveSplit = true;
try { run(wasmSplit, ['--version']); } catch { haveSplit = false; }
if (!haveSplit) {
  run(wasmOpt, ['--strip-debug', '--strip-producers', ...FEATURES, whole, '-o', join(dir, wasmFile)]);
  console.warn('split_wasm.mjs: no wasm-split (Debian package binaryen): the page wasm ships in one part');
} else {
  // the listed functions this module has, spelled as binaryen spells them
  const { imported, defined, names } = functionNames(readFileSync(whole));
  // a listed name stands for every function of that name whatever binaryen's numeral after it
  // (".717": binaryen tells apart functions of one name so, and any change to the code renumbers them)
  const base = (n) => n.replace(/\.\d+$/, '');
  const listed = new Set(readFileSync(join(root, 'scripts', 'split', 'first.txt'), 'utf8').split('\n').filter(Boolean).map(base));
  const found = [...names].filter(([i, n]) => i >= imported && listed.has(base(n))).map(([, n]) => n);
  // and the functions with no name (wasm-bindgen's own: __wbindgen_start), which binaryen
  // calls by their index among the defined functions
  const unnamed = [];
  for (let i = imported; i < imported + defined; i++) if (!names.has(i)) unnamed.push(String(i - imported));
  const list = join(work, 'first.list');
  writeFileSync(list, [...found.map(binaryenName), ...unnamed].join('\n') + '\n');
  const first = join(work, 'first.wasm');
  const later = join(work, 'later.wasm');
  // NS_WASM_NAMES=1 keeps the functions' names, for a profile that names them (not for shipping)
  const keepNames = process.env.NS_WASM_NAMES ? ['-g'] : [];
  run(wasmSplit, [...FEATURES, ...keepNames, '--keep-funcs', `@${list}`, '--placeholder-namespace', 'placeholder',
    '--import-namespace', 'primary', '--placeholdermap', whole, '-o1', first, '-o2', later]);
  const strip = keepNames.length ? ['-g'] : ['--strip-debug'];
  for (const f of [first, later]) run(wasmOpt, [...strip, '--strip-producers', ...FEATURES, f, '-o', f]);
  const firstBytes = repairTableExports(readFileSync(first));
  const laterBytes = readFileSync(later);
  // a synchronous compile on the main thread is refused past 8 MB (Chromium): the fallback's bound
  if (laterBytes.length > 8e6) throw new Error(`split_wasm.mjs: the later part is ${laterBytes.length} bytes, over the 8 MB a synchronous compile may take`);
  const laterFile = `neuralscope-later-${createHash('sha256').update(laterBytes).digest('hex').slice(0, 16)}_bg.wasm`;
  writeFileSync(join(dir, wasmFile), firstBytes);
  writeFileSync(join(dir, laterFile), laterBytes);

  // the glue: the loader, the placeholders among the imports, the later part started
  let glue = readFileSync(join(dir, jsFile), 'utf8');
  const loader = readFileSync(join(root, 'scripts', 'split_loader.js'), 'utf8')
    .replace('NS_LATER_FILE', laterFile)
    .replace('NS_LATER_SRI', `sha256-${createHash('sha256').update(laterBytes).digest('base64')}`)
    .replace('NS_TABLE', funcTableExport(firstBytes));
  const edits = [
    ['function __wbg_finalize_init(instance, module) {', `${loader}\nfunction __wbg_finalize_init(instance, module) {`],
    ['    wasm = instance.exports;\n', '    wasm = instance.exports;\n    nsLaterStart();\n'],
    ['"./neuralscope_bg.js": import0,\n', '"./neuralscope_bg.js": import0,\n        placeholder: nsPlaceholders,\n'],
    ['async function __wbg_init_once(module_or_path) {\n', 'async function __wbg_init_once(module_or_path) {\n    const nsBothFirst = nsLaterFirst();\n    if (nsBothFirst) nsLaterCompile();\n'],
    ['    const { instance, module } = await __wbg_load(await module_or_path, imports);\n',
      '    const { instance, module } = await __wbg_load(await module_or_path, imports);\n' +
      '    if (nsBothFirst) { wasm = instance.exports; await nsLaterStart(); }\n'],
  ];
  for (const [from, to] of edits) {
    if (glue.split(from).length !== 2) throw new Error(`split_wasm.mjs: the wasm-bindgen glue has not exactly one "${from.trim()}" (did wasm-bindgen change its output?)`);
    glue = glue.replace(from, () => to);
  }
  writeFileSync(join(dir, jsFile), glue);
  const kb = (b) => `${Math.round(b.length / 1024)} KB`;
  console.log(`split_wasm.mjs: ${found.length} functions of the ${listed.size} names listed kept first: first part ${kb(firstBytes)}, later part ${kb(laterBytes)} (${laterFile})`);
}

// Trunk named the page's wasm and glue by a hash of what wasm-bindgen wrote: a change to the
// split alone (first.txt, the loader) would ship new files under old names, which a browser may
// serve from its HTTP cache. Renamed by a hash of what ships, with the index's references and
// integrity hashes following.
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');
const shipped = createHash('sha256').update(readFileSync(join(dir, wasmFile))).update(readFileSync(join(dir, jsFile)));
const oldBase = wasmFile.replace(/_bg\.wasm$/, '');
const newBase = `neuralscope-${shipped.digest('hex').slice(0, 16)}`;
if (!html.includes(`/${oldBase}`)) throw new Error(`split_wasm.mjs: index.html does not name ${oldBase}`);
renameSync(join(dir, wasmFile), join(dir, `${newBase}_bg.wasm`));
renameSync(join(dir, jsFile), join(dir, `${newBase}.js`));
html = html.split(`/${oldBase}`).join(`/${newBase}`);
writeFileSync(join(work, 'build.json'), JSON.stringify({ wasmFile: `${newBase}_bg.wasm` }));
for (const f of [`${newBase}_bg.wasm`, `${newBase}.js`]) {
  const sri = `sha384-${createHash('sha384').update(readFileSync(join(dir, f))).digest('base64')}`;
  const re = new RegExp(`(href="/${f.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
  if (re.test(html)) html = html.replace(re, `$1${sri}$2`);
  else if (new RegExp(`<[^>]*${f.replace(/[.]/g, '\\.')}[^>]*integrity=`).test(html)) throw new Error(`split_wasm.mjs: the integrity of ${f} in index.html could not be rewritten`);
}
writeFileSync(indexFile, html);
