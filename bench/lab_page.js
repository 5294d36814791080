// In-page helpers for the JupyterLab measurements (window.benchLab; needs the lab
// server's expose_app_in_browser so that window.jupyterapp exists).
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const endOfFrame = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );

  function notebook() {
    const widget = window.jupyterapp?.shell?.currentWidget;
    return widget && widget.content && widget.sessionContext ? widget : null;
  }

  function kernel() {
    return notebook()?.sessionContext?.session?.kernel ?? null;
  }

  /** True once the notebook is open and its kernel connected and idle. */
  function ready() {
    const nb = notebook();
    const k = kernel();
    return Boolean(nb && nb.context.isReady && k && k.connectionStatus === "connected" && k.status === "idle");
  }

  /** Run code in the notebook's kernel (not in a cell); resolves with the reply's status. */
  async function exec(code) {
    const future = kernel().requestExecute({ code, store_history: false, silent: false });
    const reply = await future.done;
    return reply.content.status === "ok" ? "ok" : `${reply.content.ename}: ${reply.content.evalue}`;
  }

  /** How many nodes match: class names use a live collection, other selectors a query. */
  function counter(root, selector) {
    if (/^\.[\w-]+$/.test(selector)) {
      const live = root.getElementsByClassName(selector.slice(1));
      return () => live.length;
    }
    return () => root.querySelectorAll(selector).length;
  }

  /**
   * Run cell `index` and watch for `expected` matches of `selector` in the notebook.
   * Progress is in window.benchRun: t0 (just before the run command), tShown (every chip
   * in the DOM and a forced layout done) and tFrame (the end of the next frame).
   */
  function runCell(index, selector, expected) {
    const nb = notebook();
    nb.content.activeCellIndex = index;
    const count = counter(nb.content.node, selector);
    const run = { t0: performance.now(), done: false, count: 0, expected };
    window.benchRun = run;
    window.jupyterapp.commands.execute("notebook:run-cell");
    const poll = () => {
      run.count = count();
      if (run.count >= expected) {
        void document.body.offsetHeight;
        run.tShown = performance.now();
        endOfFrame().then((t) => {
          run.tFrame = t;
          run.done = true;
        });
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }

  function shown(root, selector, expected) {
    const nodes = root ? root.querySelectorAll(selector) : [];
    if (nodes.length < expected) return false;
    if (expected === 0) return true;
    return nodes[0].checkVisibility() && nodes[nodes.length - 1].checkVisibility();
  }

  function hidden(root, selector) {
    const nodes = root ? root.querySelectorAll(selector) : [];
    return nodes.length === 0 || !nodes[0].checkVisibility();
  }

  async function until(predicate, timeoutMs = 60000) {
    const start = performance.now();
    while (!predicate()) {
      if (performance.now() - start > timeoutMs) return false;
      await frame();
    }
    return true;
  }

  /**
   * Python-side change to DOM updated: send `code` to the kernel, then wait for the first
   * frame in which the panel's answers are visible (`open`) or hidden; resolves with the
   * time from sending to the end of that frame.
   */
  async function timeKernelChange(code, panelSelector, chipSelector, expected, open) {
    const panel = () => document.querySelector(panelSelector);
    const t0 = performance.now();
    const reply = exec(code);
    const ok = await until(() => (open ? shown(panel(), chipSelector, expected) : hidden(panel(), chipSelector)));
    const t1 = await endOfFrame();
    const status = await reply;
    return { ms: ok ? t1 - t0 : null, status };
  }

  /** Click `target` (a selector) and wait until the panel's answers are shown or hidden. */
  async function click(target, panelSelector, chipSelector, expected, open) {
    const node = document.querySelector(target);
    if (!node) return { ms: null, status: `no ${target}` };
    node.scrollIntoView({ block: "center" });
    await endOfFrame();
    const panel = () => document.querySelector(panelSelector);
    const t0 = performance.now();
    node.click();
    const ok = await until(() => (open ? shown(panel(), chipSelector, expected) : hidden(panel(), chipSelector)));
    const t1 = await endOfFrame();
    return { ms: ok ? t1 - t0 : null, status: "ok" };
  }

  window.benchLab = { notebook, kernel, ready, exec, runCell, timeKernelChange, click, until, shown, hidden };
})();
