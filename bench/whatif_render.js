// python -m bench.whatif string-render: the article as one escaped HTML string, one innerHTML.
// An expression: page.evaluate runs it with the expected chip count.
(async (n) => {
  const state = await (await fetch('/state.json')).json();
  const root = document.getElementById('root');
  await bench.settle();
  performance.mark('bench-render-start');
  const t0 = performance.now();
  const RE = /[&<>"]/, RG = /[&<>"]/g, M = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
  const esc = (v) => { const s = String(v); return RE.test(s) ? s.replace(RG, (c) => M[c]) : s; };
  const art = state.article, paras = art.paragraphs || [], by = new Map();
  for (const p of art.panels) { const at = Math.min(p.after ?? 0, paras.length); (by.get(at) || by.set(at, []).get(at)).push(p); }
  const out = ['<div class="ctxwidget"><div class="ctx-body">'];
  const panel = (p) => {
    const groups = new Map();
    (p.answers || []).forEach((x, i) => { const k = x.group ?? 'u' + i; (groups.get(k) || groups.set(k, []).get(k)).push(i); });
    out.push(`<section class="ctx-panel ctx-open" data-ctx-panel="${esc(p.id)}"><div class="ctx-panel-label">More Context</div>`
      + `<button type="button" class="ctx-question" aria-expanded="true"><span class="ctx-chevron" aria-hidden="true"></span>`
      + `<span class="ctx-question-text">${esc(p.question)}</span></button><div class="ctx-answers" role="region">`);
    for (const idx of [...groups.values()].sort((a, b) => b.length - a.length)) {
      out.push(`<div class="ctx-group" data-group-size="${idx.length}">`);
      for (const i of idx) {
        const x = p.answers[i];
        out.push(`<button type="button" class="ctx-answer" data-ctx-answer="" aria-pressed="false" data-source="${esc(x.source)}"`
          + ` data-answer-index="${i}"><span class="ctx-chip ctx-hue-${x.source.length % 24}">${esc(x.source)}</span>`
          + `<span class="ctx-answer-text">${esc(x.text)}</span></button>`);
      }
      out.push('</div>');
    }
    out.push('</div></section>');
  };
  for (let i = 0; i <= paras.length; i++) {
    for (const p of by.get(i) || []) panel(p);
    if (i < paras.length) {
      const t = typeof paras[i] === 'string' ? paras[i] : paras[i].text;
      out.push(`<p class="ctx-paragraph" data-ctx-paragraph="${i}">${esc(t)}</p>`);
    }
  }
  out.push('</div></div>');
  const html = out.join('');
  const tString = performance.now();
  root.innerHTML = html;
  const chips = root.querySelectorAll('[data-ctx-answer]').length;
  void document.body.offsetHeight;
  performance.mark('bench-render-end');
  return { string_ms: tString - t0, chips };
})
