/* Mermaid diagrams: linked only by pages whose notes hold a ```mermaid
 * block (note.has_diagrams). Each block is rendered by Lore as
 *   <div class="diagram" data-diagram="mermaid"><pre class="diagram-source">…</pre></div>
 * which readers without JavaScript (and search) see as its source. This
 * script loads the vendored Mermaid (static/mermaid/mermaid.min.js, one
 * file, so it works from file://), draws each diagram in the light or dark
 * theme the page shows, and draws them again when the theme changes. A
 * diagram Mermaid cannot read shows Mermaid's message in its place; the
 * rest of the page is unaffected. No inline script, no eval of our own. */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var me = doc.currentScript;
  var prefersDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var drawn = 0; // how many times the diagrams were drawn, for unique SVG ids
  var drawing = Promise.resolve();

  function theme() {
    var t = root.dataset.theme;
    if (t === "dark" || t === "light") return t;
    return prefersDark && prefersDark.matches ? "dark" : "light";
  }

  function diagrams() {
    return Array.prototype.slice.call(doc.querySelectorAll('.diagram[data-diagram="mermaid"]'));
  }

  /* The place a diagram's drawing (or error) goes, after its source. */
  function output(el) {
    var out = el.querySelector(".diagram-output");
    if (!out) {
      out = doc.createElement("div");
      out.className = "diagram-output";
      el.appendChild(out);
    }
    return out;
  }

  function showError(el, err) {
    var out = output(el);
    out.textContent = "";
    var box = doc.createElement("div");
    box.className = "diagram-error";
    box.setAttribute("role", "note");
    var title = doc.createElement("strong");
    title.textContent = "This diagram could not be drawn:";
    var message = doc.createElement("pre");
    message.textContent = String((err && (err.message || err.str)) || err).trim();
    box.appendChild(title);
    box.appendChild(message);
    out.appendChild(box);
    el.classList.remove("diagram-drawn");
    el.classList.add("diagram-failed");
  }

  async function drawOne(mermaid, el, n) {
    var source = el.querySelector(".diagram-source");
    var id = "lore-diagram-" + drawn + "-" + n;
    try {
      var result = await mermaid.render(id, source.textContent);
      var out = output(el);
      out.innerHTML = result.svg; // Mermaid's sanitised SVG (securityLevel: strict)
      if (result.bindFunctions) result.bindFunctions(out);
      el.classList.remove("diagram-failed");
      el.classList.add("diagram-drawn");
    } catch (err) {
      showError(el, err);
    } finally {
      // Mermaid measures text in a scratch element; it is not the page's.
      var scratch = doc.getElementById("d" + id);
      if (scratch) scratch.remove();
    }
  }

  function drawAll() {
    var mermaid = window.mermaid;
    if (!mermaid) return drawing;
    drawing = drawing.then(async function () {
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        suppressErrorRendering: true,
        theme: theme() === "dark" ? "dark" : "default",
      });
      drawn += 1;
      var all = diagrams();
      for (var i = 0; i < all.length; i++) await drawOne(mermaid, all[i], i);
      root.dataset.diagramsTheme = theme();
    });
    return drawing;
  }

  function redrawOnThemeChange() {
    new MutationObserver(function () {
      if (root.dataset.diagramsTheme && root.dataset.diagramsTheme !== theme()) drawAll();
    }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    if (prefersDark) {
      var onChange = function () { if (root.dataset.diagramsTheme !== theme()) drawAll(); };
      if (prefersDark.addEventListener) prefersDark.addEventListener("change", onChange);
      else if (prefersDark.addListener) prefersDark.addListener(onChange);
    }
  }

  function start() {
    if (!diagrams().length) return;
    var src = me && me.dataset.mermaid;
    if (!src) return;
    var script = doc.createElement("script");
    script.src = src;
    script.onload = function () {
      drawAll();
      redrawOnThemeChange();
    };
    script.onerror = function () {
      diagrams().forEach(function (el) { showError(el, "Mermaid could not be loaded from " + src); });
    };
    doc.head.appendChild(script);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
