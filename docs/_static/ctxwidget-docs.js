// Live articles on the docs site: each [data-ctxwidget-docs] holds the script-free HTML of an
// article and its state as a JSON data island; this mounts the widget's own front end there
// (mountStandalone, the same bundle as ctxwidget.to_html), in place of the fallback.
// Without JavaScript the fallback stays. The bundle is loaded only on pages that show an article.

/** JupyterLab's dark-theme marker follows the site's theme, so the widget's dark palette applies. */
function followTheme() {
  const dark = document.documentElement.dataset.theme === "dark";
  document.body.dataset.jpThemeLight = dark ? "false" : "true";
}

async function mountAll() {
  const hosts = document.querySelectorAll("[data-ctxwidget-docs]");
  if (hosts.length === 0) return;
  followTheme();
  new MutationObserver(followTheme).observe(document.documentElement, { attributeFilter: ["data-theme"] });
  const { mountStandalone } = await import("./ctxwidget/widget.js");
  for (const host of hosts) {
    const island = host.querySelector(":scope > script[data-ctxwidget-state]");
    const fallback = host.querySelector(":scope > [data-ctxwidget-fallback]");
    try {
      const state = JSON.parse(island.textContent);
      const root = document.createElement("div");
      host.append(root);
      mountStandalone(root, state);
      fallback?.remove();
      host.dataset.ctxReady = "true";
    } catch (error) {
      console.error("ctxwidget: cannot show this article", error);
    }
  }
  document.documentElement.dataset.ctxReady = "true";
}

mountAll();
