/* Lore dev server: live reload and the build-error overlay. Only pages
   served by `lore serve` load this script (/__lore/live.js, a file rather
   than an inline script, so the pages' Content-Security-Policy holds). */
(function () {
  if (!window.EventSource) return;
  var scrollKey = "lore-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(scrollKey);
    if (y !== null) {
      sessionStorage.removeItem(scrollKey);
      window.addEventListener("load", function () { window.scrollTo(0, +y); });
    }
  } catch (e) {}
  var overlay = null;
  var generation = null;
  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showOverlay(diagnostics) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "lore-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;padding:2rem";
    var h = document.createElement("h2");
    h.textContent = document.getElementById("lore-no-build")
      ? "Build failed — there is no good build to show yet"
      : "Build failed — still showing the last good version";
    h.style.cssText = "color:#ff8a8a;font:600 18px system-ui,sans-serif;margin:0 0 1rem";
    overlay.appendChild(h);
    diagnostics.forEach(function (d) {
      var pre = document.createElement("pre");
      pre.className = "lore-diagnostic";
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:1rem;background:#1f1f25;border-left:3px solid #ff6b6b;border-radius:4px";
      pre.textContent = d.text;
      overlay.appendChild(pre);
    });
    (document.body || document.documentElement).appendChild(overlay);
  }
  var source = new EventSource("/__lore/events");
  source.addEventListener("hello", function (e) {
    document.documentElement.setAttribute("data-lore-live", "connected");
    if (generation !== null && generation !== e.data) reload();
    generation = e.data;
  });
  source.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    var path = location.pathname.replace(/index\.html$/, "");
    if (d.all || d.pages.indexOf(path) >= 0) reload();
    else generation = d.generation;
  });
  source.addEventListener("css", function (e) {
    generation = JSON.parse(e.data).generation;
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("lore", String(Date.now()));
      link.href = url.toString();
    });
  });
  source.addEventListener("build-error", function (e) { showOverlay(JSON.parse(e.data)); });
  source.addEventListener("ok", hideOverlay);
})();
