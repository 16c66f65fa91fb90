/* Lore default theme: dark-mode toggle, file:// links, mobile menu, TOC highlight,
 * link previews, the lazily loaded local graph of a note.
 * Plain JS, no dependencies. Every feature tolerates missing elements. */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var lore = (window.lore = window.lore || {});

  function ready(fn) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  function media(query) {
    return window.matchMedia ? window.matchMedia(query) : { matches: false };
  }
  function onMediaChange(mq, fn) {
    if (mq.addEventListener) mq.addEventListener("change", fn);
    else if (mq.addListener) mq.addListener(fn);
  }

  /* ---- 1. Dark mode ---- */
  var THEME_KEY = "lore-theme";
  var prefersDark = media("(prefers-color-scheme: dark)");

  function currentTheme() {
    var t = root.dataset.theme;
    return t === "dark" || t === "light" ? t : prefersDark.matches ? "dark" : "light";
  }
  function syncToggle() {
    var btn = doc.getElementById("theme-toggle");
    if (!btn) return;
    var label = currentTheme() === "dark" ? "Switch to light mode" : "Switch to dark mode";
    btn.setAttribute("aria-label", label);
    btn.title = label;
  }
  lore.setTheme = function (theme) {
    root.dataset.theme = theme;
    try { localStorage.setItem(THEME_KEY, theme); } catch (e) { /* storage disabled */ }
    syncToggle();
  };
  onMediaChange(prefersDark, syncToggle);

  /* ---- 2. file:// support: "dir/" -> "dir/index.html" ---- */
  var HAS_SCHEME = /^[a-z][a-z0-9+.\-]*:/i;
  var DIR_PATH = /^([^?#]*\/)([?#].*)?$/; // path ends in "/", then optional ?query / #fragment
  var DOT_PATH = /^((?:[^?#]*\/)?\.\.?)([?#].*)?$/; // "." or ".." (possibly after a path)

  lore.fileHref = function (href) {
    if (location.protocol !== "file:" || typeof href !== "string") return href;
    if (!href || href.charAt(0) === "#" || href.charAt(0) === "/" || HAS_SCHEME.test(href)) return href;
    var m = DIR_PATH.exec(href);
    if (m) return m[1] + "index.html" + (m[2] || "");
    m = DOT_PATH.exec(href);
    if (m) return m[1] + "/index.html" + (m[2] || "");
    return href;
  };
  lore.fixLinks = function (scope) {
    if (location.protocol !== "file:") return;
    var links = (scope || doc).querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      var fixed = lore.fileHref(href);
      if (fixed !== href) links[i].setAttribute("href", fixed);
    }
  };

  /* ---- 3. Mobile menu and sidebar position ---- */
  function setupSidebar() {
    var toggle = doc.getElementById("nav-toggle");
    var sidebar = doc.getElementById("sidebar");
    if (!sidebar) return;

    var current = sidebar.querySelector('[aria-current="page"]');
    if (current) { // like scrollIntoView({block: "nearest"}), but never scrolls the page itself
      var c = current.getBoundingClientRect();
      var s = sidebar.getBoundingClientRect();
      if (c.top < s.top || c.bottom > s.bottom) sidebar.scrollTop += c.top - s.top - s.height / 3;
    }

    if (!toggle) return;
    function isOpen() { return doc.body.classList.contains("nav-open"); }
    function setOpen(open) {
      doc.body.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? "Hide navigation" : "Show navigation");
    }
    toggle.addEventListener("click", function () { setOpen(!isOpen()); });
    doc.addEventListener("click", function (e) {
      if (isOpen() && !sidebar.contains(e.target) && !toggle.contains(e.target)) setOpen(false);
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && isOpen()) { setOpen(false); toggle.focus(); }
    });
    onMediaChange(media("(min-width: 761px)"), function () { setOpen(false); });
  }

  /* ---- 4. Highlight the TOC entry of the section being read ---- */
  function setupTocSpy() {
    var links = doc.querySelectorAll(".toc-side a[href^='#']");
    var items = [];
    for (var i = 0; i < links.length; i++) {
      var id = links[i].getAttribute("href").slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* keep raw id */ }
      var target = doc.getElementById(id);
      if (target) items.push({ link: links[i], target: target });
    }
    if (!items.length || !window.requestAnimationFrame) return;
    var pending = false;
    function update() {
      pending = false;
      var offset = 120;
      var active = -1;
      for (var j = 0; j < items.length; j++) {
        if (items[j].target.getBoundingClientRect().top <= offset) active = j;
        else break;
      }
      for (var k = 0; k < items.length; k++) items[k].link.classList.toggle("active", k === active);
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    update();
  }

  ready(function () {
    lore.fixLinks();
    syncToggle();
    var btn = doc.getElementById("theme-toggle");
    if (btn) btn.addEventListener("click", function () {
      lore.setTheme(currentTheme() === "dark" ? "light" : "dark");
    });
    setupSidebar();
    setupTocSpy();
  });
})();
