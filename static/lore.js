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

  /* ---- 5. The site root, and scripts loaded on demand ---- */
  // Every page links the theme's stylesheet as {{ root }}static/lore.css, so
  // its href gives the way back to the site root at any depth, under a
  // sub-path and from file://.
  var CSS_PATH = "static/lore.css";
  function cssLink() { return doc.querySelector('link[href$="' + CSS_PATH + '"]'); }

  /** The relative prefix from this page to the site root ("../", "./"), or "". */
  lore.rootPrefix = function () {
    var link = cssLink();
    if (!link) return "";
    var href = link.getAttribute("href");
    return href.slice(0, href.length - CSS_PATH.length);
  };
  /** The absolute URL of the site root (ends in "/"), or null. */
  lore.rootUrl = function () {
    var link = cssLink();
    if (!link || !link.href) return null;
    var abs = link.href.replace(/[?#].*$/, "");
    return abs.slice(-CSS_PATH.length) === CSS_PATH ? abs.slice(0, abs.length - CSS_PATH.length) : null;
  };
  /** The href of a page given its root-relative url ("etcd/"), for this page (and file://). */
  lore.pageHref = function (url) {
    return lore.fileHref(lore.rootPrefix() + url || "./");
  };
  /** Root-relative url ("etcd/") of an absolute URL inside the site, or null. */
  lore.siteUrl = function (href) {
    var base = lore.rootUrl();
    if (base === null || typeof href !== "string") return null;
    href = href.replace(/[?#].*$/, "");
    if (href.slice(0, base.length) !== base) return null;
    var url = href.slice(base.length).replace(/(^|\/)index\.html$/, "$1");
    try { url = decodeURI(url); } catch (e) { /* keep it encoded */ }
    if (url && url.charAt(url.length - 1) !== "/") url += "/";
    return url;
  };

  var loading = {};
  /**
   * Loads a script of the site (path relative to the root) once, with a
   * <script src> so that it works from file:// too. Resolves to true when it
   * ran, false when it could not be loaded.
   */
  lore.loadScript = function (path, ordered) {
    if (loading[path]) return loading[path];
    loading[path] = new Promise(function (resolve) {
      var base = lore.rootUrl();
      if (base === null) { resolve(false); return; }
      var s = doc.createElement("script");
      s.src = base + path;
      s.async = !ordered; // ordered scripts run in the order they were added
      s.onload = function () { resolve(true); };
      s.onerror = function () { s.remove(); resolve(false); };
      (doc.head || doc.documentElement).appendChild(s);
    });
    return loading[path];
  };
  /**
   * Loads scripts that build on each other: fetched in parallel, run in the
   * order given. Resolves to true when all of them ran.
   */
  lore.loadScripts = function (paths) {
    return Promise.all(paths.map(function (p) { return lore.loadScript(p, true); })).then(function (ok) {
      return ok.indexOf(false) < 0;
    });
  };

  /* ---- 6. Link previews: title and first paragraph of the linked note ---- */
  var PREVIEW_LINKS = "a.internal-link, .backlinks a, .mentions a, .related a";
  var PREVIEW_DELAY = 250;
  var PREVIEW_HIDE_DELAY = 150;

  function setupPreviews() {
    var tip = null, tipTitle = null, tipText = null;
    var current = null; // the link the popover is shown for
    var pending = null; // the link waiting for its delay (or the data)
    var showTimer = 0, hideTimer = 0;
    var saved = null; // the link's own title / aria-describedby while shown
    var pointerY = null;

    function previews() {
      var p = window.lorePreviews;
      return p && typeof p === "object" ? p : null;
    }
    function previewOf(a) {
      var p = previews(), key = lore.siteUrl(a.href);
      if (!p || key === null || !Object.prototype.hasOwnProperty.call(p, key)) return null;
      var entry = p[key];
      return entry && typeof entry === "object" && (entry.title || entry.text) ? entry : null;
    }
    function linkOf(node) {
      var a = node && node.closest ? node.closest(PREVIEW_LINKS) : null;
      return a && a.href && !(tip && tip.contains(a)) ? a : null;
    }
    function makeTip() {
      tip = doc.createElement("div");
      tip.id = "lore-preview";
      tip.className = "lore-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tipTitle = doc.createElement("p");
      tipTitle.className = "lore-preview-title";
      tipText = doc.createElement("p");
      tipText.className = "lore-preview-text";
      tip.appendChild(tipTitle);
      tip.appendChild(tipText);
      // The popover can be hovered (to read or select its text) without closing.
      tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("pointerleave", function () { scheduleHide(); });
      doc.body.appendChild(tip);
    }

    function hide() {
      clearTimeout(showTimer); clearTimeout(hideTimer);
      showTimer = hideTimer = 0;
      pending = null;
      if (current && saved) {
        if (saved.title !== null) current.setAttribute("title", saved.title);
        if (saved.describedby !== null) current.setAttribute("aria-describedby", saved.describedby);
        else current.removeAttribute("aria-describedby");
      }
      current = saved = null;
      if (tip) tip.hidden = true;
    }
    function scheduleHide() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, PREVIEW_HIDE_DELAY);
    }

    function show(a) {
      var entry = previewOf(a);
      hide();
      if (!entry || !a.isConnected) return;
      if (!tip) makeTip();
      // Text only: titles and text come from notes and are never parsed as HTML.
      tipTitle.textContent = entry.title ? String(entry.title) : "";
      tipTitle.hidden = !entry.title;
      tipText.textContent = entry.text ? String(entry.text) : "";
      tipText.hidden = !entry.text;
      saved = { title: a.getAttribute("title"), describedby: a.getAttribute("aria-describedby") };
      a.removeAttribute("title"); // no native tooltip on top of ours
      a.setAttribute("aria-describedby", saved.describedby ? saved.describedby + " " + tip.id : tip.id);
      current = a;
      tip.hidden = false;
      place(a);
    }

    /** Below the link (above when there is no room), always inside the viewport. */
    function place(a) {
      var rects = a.getClientRects(), r = rects[0] || a.getBoundingClientRect();
      if (pointerY !== null && rects.length > 1) { // a link wrapped over lines: the line under the pointer
        for (var i = 0; i < rects.length; i++) if (pointerY >= rects[i].top && pointerY <= rects[i].bottom) r = rects[i];
      }
      var margin = 8, gap = 6;
      var vw = doc.documentElement.clientWidth || window.innerWidth, vh = window.innerHeight;
      tip.style.left = "0px"; tip.style.top = "0px";
      var w = tip.offsetWidth, h = tip.offsetHeight;
      var left = Math.max(margin, Math.min(r.left, vw - w - margin));
      var top = r.bottom + gap, above = false;
      if (top + h > vh - margin) {
        if (r.top - gap - h >= margin) { top = r.top - gap - h; above = true; }
        else top = Math.max(margin, vh - margin - h);
      }
      tip.classList.toggle("above", above);
      tip.style.left = Math.round(left) + "px";
      tip.style.top = Math.round(top) + "px";
    }

    /** Show the preview of `a` after `delay`, loading the previews once if needed. */
    function request(a, delay) {
      clearTimeout(hideTimer);
      if (a === current || a === pending) return;
      clearTimeout(showTimer);
      pending = a;
      var loaded = previews() ? Promise.resolve(true) : lore.loadScript("static/previews.js");
      var due = Date.now() + delay;
      loaded.then(function (ok) {
        if (!ok || pending !== a) return;
        showTimer = setTimeout(function () { if (pending === a) show(a); }, Math.max(0, due - Date.now()));
      });
    }
    function leave(a, now) {
      if (a === pending) { clearTimeout(showTimer); pending = null; }
      if (a === current) { if (now) hide(); else scheduleHide(); }
    }

    doc.addEventListener("pointerover", function (e) {
      if (e.pointerType === "touch") return; // a tap navigates; no hover on touch screens
      var a = linkOf(e.target);
      if (!a) return;
      pointerY = e.clientY;
      request(a, PREVIEW_DELAY);
    });
    doc.addEventListener("pointerout", function (e) {
      var a = linkOf(e.target);
      if (!a || (e.relatedTarget && (a.contains(e.relatedTarget) || (tip && tip.contains(e.relatedTarget))))) return;
      leave(a, false);
    });
    doc.addEventListener("focusin", function (e) {
      var a = linkOf(e.target);
      if (a) { pointerY = null; request(a, 0); }
    });
    doc.addEventListener("focusout", function (e) {
      var a = linkOf(e.target);
      if (a) leave(a, true);
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && (current || pending)) hide();
    });
    // Follow the link while the page scrolls (focus scrolls it into view too).
    var follow = false;
    function reposition() {
      follow = false;
      if (!current) return;
      var r = current.getBoundingClientRect();
      if (!current.isConnected || r.bottom < 0 || r.top > window.innerHeight) hide();
      else place(current);
    }
    function schedule() {
      if (current && !follow) { follow = true; window.requestAnimationFrame(reposition); }
    }
    window.addEventListener("scroll", schedule, { passive: true, capture: true });
    window.addEventListener("resize", schedule);
  }

  /* ---- 7. A note's local graph, loaded when it scrolls into view ---- */
  // The page carries <canvas id="local-graph" data-url="etcd/" data-hops="1">;
  // static/graph-data.js and the graph's scripts are loaded only when it is near.
  // The scripts in their order, as in templates/graph.html.
  var GRAPH_SCRIPTS = ["data", "layout", "view", "render", "raster", "interaction", "page"].map(function (name) {
    return "static/graph/" + name + ".js";
  });
  function setupLocalGraph() {
    var canvas = doc.getElementById("local-graph");
    if (!canvas || !canvas.getContext) return;
    var box = canvas.closest(".local-graph") || canvas;
    var started = false;
    function start() {
      if (started) return;
      started = true;
      Promise.all([
        window.loreGraph ? true : lore.loadScript("static/graph-data.js"),
        typeof lore.localGraph === "function" ? true : lore.loadScripts(GRAPH_SCRIPTS),
      ]).then(function (loaded) {
        var url = canvas.getAttribute("data-url");
        if (url === null) url = lore.siteUrl(location.href);
        var view = null;
        // loaded[1]: every one of the graph's scripts ran (not just page.js).
        if (window.loreGraph && loaded[1] && typeof lore.localGraph === "function" && url !== null) {
          view = lore.localGraph(canvas, url, canvas.getAttribute("data-hops") || 1);
        }
        if (!view) box.hidden = true; // no data, or the note is not in it
      });
    }
    if (window.IntersectionObserver) {
      var io = new IntersectionObserver(function (entries) {
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].isIntersecting) { io.disconnect(); start(); return; }
        }
      }, { rootMargin: "300px 0px" });
      io.observe(canvas);
    } else {
      start();
    }
  }

  /* ---- 8. "3 days ago": <time data-relative> relative to now (the exact date stays in its title) ---- */
  var UNITS = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
    ["hour", 3600], ["minute", 60]];
  lore.relativeTime = function (date, now) {
    var seconds = (date.getTime() - now.getTime()) / 1000;
    var format = window.Intl && Intl.RelativeTimeFormat
      ? new Intl.RelativeTimeFormat(root.lang || undefined, { numeric: "auto" }) : null;
    if (!format || isNaN(seconds)) return null;
    for (var i = 0; i < UNITS.length; i++) {
      if (Math.abs(seconds) >= UNITS[i][1] || UNITS[i][0] === "minute") {
        // Whole units that have passed: 3 days and 20 hours is "3 days ago".
        return format.format(Math.trunc(seconds / UNITS[i][1]), UNITS[i][0]);
      }
    }
    return null;
  };
  function setupRelativeTimes() {
    var times = doc.querySelectorAll("time[data-relative][datetime]");
    var now = new Date();
    for (var i = 0; i < times.length; i++) {
      var text = lore.relativeTime(new Date(times[i].getAttribute("datetime")), now);
      if (text) times[i].textContent = text;
    }
  }

  ready(function () {
    lore.fixLinks();
    syncToggle();
    setupRelativeTimes();
    var btn = doc.getElementById("theme-toggle");
    if (btn) btn.addEventListener("click", function () {
      lore.setTheme(currentTheme() === "dark" ? "light" : "dark");
    });
    setupSidebar();
    setupTocSpy();
    setupPreviews();
    setupLocalGraph();
  });
})();
