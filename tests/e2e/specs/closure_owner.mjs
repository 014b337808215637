// Names the owner of a Rust closure that the browser calls after it was freed (or
// while it runs): wasm-bindgen then throws "closure invoked recursively or after
// being dropped", which says nothing of who registered the closure. Installed
// before the app loads, this wraps every way the page hands a callback to the
// browser (event listeners, animation frames, microtasks, timers, resize
// observers, worker messages) and, when such a throw passes through one, logs
// "closure owner: <API> <target and event>" to the console before rethrowing.
export async function nameClosureOwners(page) {
  await page.addInitScript(() => {
    const label = (t) => {
      if (!t) return '?';
      const id = t.dataset && t.dataset.testid ? `[data-testid=${t.dataset.testid}]` : '';
      return `${t.constructor ? t.constructor.name : typeof t}${id}`;
    };
    const guard = (fn, where) => function guarded(...args) {
      try {
        return fn.apply(this, args);
      } catch (e) {
        if (/closure invoked/.test(String(e && e.message))) console.error(`closure owner: ${where()}`);
        throw e;
      }
    };
    const wrapped = new WeakMap();
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (type, fn, opts) {
      if (typeof fn !== 'function') return add.call(this, type, fn, opts);
      let w = wrapped.get(fn);
      if (!w) { const target = this; w = guard(fn, () => `addEventListener("${type}") on ${label(target)}`); wrapped.set(fn, w); }
      return add.call(this, type, w, opts);
    };
    EventTarget.prototype.removeEventListener = function (type, fn, opts) {
      return remove.call(this, type, (typeof fn === 'function' && wrapped.get(fn)) || fn, opts);
    };
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (fn) => raf(guard(fn, () => 'requestAnimationFrame'));
    const qm = window.queueMicrotask.bind(window);
    window.queueMicrotask = (fn) => qm(guard(fn, () => 'queueMicrotask'));
    for (const name of ['setTimeout', 'setInterval']) {
      const orig = window[name].bind(window);
      window[name] = (fn, ...rest) => orig(typeof fn === 'function' ? guard(fn, () => name) : fn, ...rest);
    }
    const RO = window.ResizeObserver;
    window.ResizeObserver = class extends RO { constructor(fn) { super(guard(fn, () => 'ResizeObserver')); } };
    for (const prop of ['onmessage', 'onerror']) {
      const d = Object.getOwnPropertyDescriptor(Worker.prototype, prop)
        || Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Worker.prototype), prop);
      if (!d || !d.set) continue;
      Object.defineProperty(Worker.prototype, prop, {
        configurable: true,
        get() { return d.get.call(this); },
        set(fn) { d.set.call(this, typeof fn === 'function' ? guard(fn, () => `Worker.${prop}`) : fn); },
      });
    }
  });
}
