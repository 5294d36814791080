// In-page helpers of the benchmark (a classic script; everything hangs off window.bench).
// Times are performance.now() milliseconds in the page's own clock.
(() => {
  const CHIP = "[data-ctx-answer]";

  /** Resolves at the start of the next frame (inside its requestAnimationFrame callbacks). */
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

  /**
   * Resolves after the rendering work of the current frame: a task posted from a rAF
   * callback runs once that frame's style, layout, paint and commit are done.
   */
  const endOfFrame = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );

  const postTask = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });

  async function settle(frames = 3) {
    for (let i = 0; i < frames; i++) await endOfFrame();
  }

  /** Every node (elements, text, comments) under root, root included. */
  function nodeCount(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    let count = 1;
    while (walker.nextNode()) count++;
    return count;
  }

  /**
   * Resolves with the time at which `selector` matches at least `expected` nodes under
   * root: at once when rendering was synchronous, else when a mutation or frame shows it.
   */
  function untilCount(root, selector, expected, timeoutMs = 600000) {
    const live = () => root.querySelectorAll(selector).length;
    if (live() >= expected) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let done = false;
      const finish = (ok) => {
        if (done) return;
        done = true;
        observer.disconnect();
        if (ok) resolve(performance.now());
        else reject(new Error(`only ${live()} of ${expected} ${selector} after ${timeoutMs} ms`));
      };
      const observer = new MutationObserver(() => {
        if (live() >= expected) finish(true);
      });
      observer.observe(root, { childList: true, subtree: true, attributes: true });
      const poll = () => {
        if (done) return;
        if (live() >= expected) finish(true);
        else if (performance.now() - started > timeoutMs) finish(false);
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  }

  /**
   * The render measurement shared by both variants: `work()` builds the DOM; then wait
   * until every chip is there, force style and layout of the whole document, and wait
   * for the end of the next frame (its paint).
   */
  async function timeRender(root, expected, work, selector = CHIP) {
    await settle();
    performance.mark("bench-render-start");
    const t0 = performance.now();
    await work();
    const tChips = await untilCount(root, selector, expected);
    // Forced layout: reading a geometry property runs style recalculation and layout now.
    void document.body.offsetHeight;
    void root.getBoundingClientRect();
    const tLayout = performance.now();
    performance.mark("bench-render-end");
    const tFrame = await endOfFrame();
    performance.mark("bench-render-frame");
    return {
      dom_ms: tChips - t0,
      layout_ms: tLayout - t0,
      frame_ms: tFrame - t0,
      chips: root.querySelectorAll(CHIP).length,
      matched: root.querySelectorAll(selector).length,
      nodes: nodeCount(root),
      elements: root.getElementsByTagName("*").length + 1,
    };
  }

  let widgetModule = null;
  let mounted = null;

  /**
   * (a) ctxwidget's front end: hand the parsed state to mountStandalone; done when `expected`
   * nodes match `selector` (default: the answer chips).
   */
  async function renderWidget(expected, selector = CHIP) {
    const root = document.getElementById("root");
    const state = await (await fetch("/state.json")).json();
    widgetModule = widgetModule ?? (await import("/widget.js"));
    return timeRender(root, expected, () => {
      mounted = widgetModule.mountStandalone(root, state);
      window.ctxwidget = mounted;
    }, selector);
  }

  /** (b) the static floor: assign the same final markup as one HTML string. */
  async function renderStatic(expected, selector = CHIP) {
    const root = document.getElementById("root");
    const markup = await (await fetch("/markup.html")).text();
    return timeRender(root, expected, () => {
      root.innerHTML = markup;
    }, selector);
  }

  /** Prepare a static page for toggles: the plain-DOM equivalent of opening a panel. */
  function installStaticToggle() {
    const root = document.getElementById("root");
    root.addEventListener("click", (event) => {
      const button = event.target.closest(".ctx-question");
      if (!button) return;
      const panel = button.closest("[data-ctx-panel]");
      const region = panel.querySelector(".ctx-answers");
      const open = region.hidden;
      region.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("ctx-open", open);
    });
  }

  /** Close these panels in the static markup (untimed set-up). */
  function closeStatic(panelIds) {
    for (const id of panelIds) {
      const panel = document.querySelector(`[data-ctx-panel="${CSS.escape(id)}"]`);
      const region = panel.querySelector(".ctx-answers");
      region.hidden = true;
      panel.querySelector(".ctx-question").setAttribute("aria-expanded", "false");
      panel.classList.remove("ctx-open");
    }
  }

  /** Every answer is in the DOM and the panel's answers region is shown (a large panel shows its
   * group rows with their chips closed: the region, not each chip, is what the reader sees). */
  function answersShown(panel, expected) {
    const chips = panel.querySelectorAll(CHIP);
    if (chips.length < expected) return false;
    if (expected === 0) return true;
    const region = panel.querySelector(".ctx-answers");
    return region !== null && region.checkVisibility() && region.getBoundingClientRect().height > 0;
  }

  /**
   * One toggle: click the question of `panelId` from inside a requestAnimationFrame
   * callback (the start of a frame), then measure to the end of the first frame whose
   * rendering shows every answer of the panel.
   */
  async function toggle(panelId, expected) {
    const panel = document.querySelector(`[data-ctx-panel="${CSS.escape(panelId)}"]`);
    const button = panel.querySelector(".ctx-question");
    button.scrollIntoView({ block: "start" });
    await settle();
    return new Promise((resolve) => {
      requestAnimationFrame(() => {
        performance.mark("bench-toggle-start");
        const t0 = performance.now();
        button.click();
        let frames = 1;
        const check = async () => {
          const t1 = await postTask();
          if (answersShown(panel, expected)) {
            performance.mark("bench-toggle-end");
            resolve({ ms: t1 - t0, frames });
            return;
          }
          if (frames > 600) {
            resolve({ ms: null, frames, error: "answers never shown" });
            return;
          }
          frames += 1;
          await frame();
          check();
        };
        check();
      });
    });
  }

  /** The page's markup as the widget rendered it (for the static floor). */
  function markup() {
    return document.getElementById("root").innerHTML;
  }

  /** Set the widget's open panels through its in-page model (untimed set-up). */
  async function setExpanded(ids) {
    mounted.model.set("expanded", ids);
    await settle(2);
  }

  window.bench = {
    frame,
    endOfFrame,
    settle,
    nodeCount,
    untilCount,
    renderWidget,
    renderStatic,
    installStaticToggle,
    closeStatic,
    toggle,
    markup,
    setExpanded,
    answersShown,
  };
})();
