/* Lore graph view, part 6 of 7: interaction. The View methods that answer
 * the user: the camera (fit to view, zoom about a point), hit testing (a
 * uniform grid over the visible nodes), hover (a node and its neighbours are
 * marked), and the input handlers: drag the background to pan, drag a node
 * to move it, click a node to open its page (middle or modified click: in a
 * new tab), wheel and + / − to zoom, arrows to pan, 0 to fit, Enter to open
 * the hovered node.
 * Needs static/graph/view.js loaded before it. */
(function () {
  "use strict";

  var G = window.lore.graphLib;
  var lore = window.lore;
  var View = G.View, now = G.now, clamp = G.clamp, MIN_SCREEN_R = G.MIN_SCREEN_R;

  var CSS_PATH = "static/lore.css";
  var HIT_SLOP = 4; // CSS pixels around a node that still hit it
  var GRID_MAX = 128; // hit-test grid is at most GRID_MAX x GRID_MAX cells
  var K_MIN = 0.005, K_MAX = 12, FIT_K_MAX = 2.2;
  var DRAG_THRESHOLD = 4; // CSS pixels before a press becomes a drag
  var PAN_STEP = 60; // CSS pixels an arrow key pans

  /* ---- camera ---- */

  /** Zooms and centres the view on the visible nodes. */
  View.prototype.fit = function () {
    var n = this.n, visible = this.visible, x = this.x, y = this.y, radius = this.radius;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var i = 0; i < n; i++) {
      if (!visible[i]) continue;
      var r = radius[i];
      if (x[i] - r < x0) x0 = x[i] - r; if (x[i] + r > x1) x1 = x[i] + r;
      if (y[i] - r < y0) y0 = y[i] - r; if (y[i] + r > y1) y1 = y[i] + r;
    }
    if (x0 === Infinity) { this.k = 1; this.tx = this.cssW / 2; this.ty = this.cssH / 2; return; }
    var pad = this.local ? 28 : 24; // room for labels
    var w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
    var k = (this.k = clamp(Math.min((this.cssW - 2 * pad) / w, (this.cssH - 2 * pad) / h), K_MIN, FIT_K_MAX));
    this.tx = this.cssW / 2 - (x0 + x1) / 2 * k;
    this.ty = this.cssH / 2 - (y0 + y1) / 2 * k;
  };

  View.prototype.zoomAt = function (px, py, factor) {
    var k = this.k, nk = clamp(k * factor, K_MIN, K_MAX);
    var wx = (px - this.tx) / k, wy = (py - this.ty) / k;
    this.k = nk; this.tx = px - wx * nk; this.ty = py - wy * nk;
    this.userMoved = true;
    this.lastMove = now();
    this.requestDraw();
  };

  /* ---- hit testing: a uniform grid over the visible nodes ---- */

  View.prototype.initHitTest = function () {
    this.gridStart = new Int32Array(GRID_MAX * GRID_MAX + 1); // CSR: the nodes of cell c are
    this.gridItems = new Int32Array(this.n); // gridItems[gridStart[c]..gridStart[c+1]]
    this.grid = { dirty: true, size: 1, cell: 1, x0: 0, y0: 0 };
  };

  View.prototype.buildGrid = function () {
    var n = this.n, visible = this.visible, x = this.x, y = this.y, grid = this.grid;
    var gridStart = this.gridStart, gridItems = this.gridItems;
    grid.dirty = false;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, i;
    for (i = 0; i < n; i++) {
      if (!visible[i]) continue;
      if (x[i] < x0) x0 = x[i]; if (x[i] > x1) x1 = x[i];
      if (y[i] < y0) y0 = y[i]; if (y[i] > y1) y1 = y[i];
    }
    var size = clamp(Math.ceil(Math.sqrt(this.visibleCount / 2)), 1, GRID_MAX);
    var cell = Math.max(x1 - x0, y1 - y0, 1) / size * 1.0001;
    grid.size = size; grid.cell = cell; grid.x0 = x0; grid.y0 = y0;
    var cells = size * size;
    for (i = 0; i <= cells; i++) gridStart[i] = 0;
    for (i = 0; i < n; i++) {
      if (!visible[i]) continue;
      gridStart[this.gridCell(i) + 1]++;
    }
    for (i = 0; i < cells; i++) gridStart[i + 1] += gridStart[i];
    // Fill using the start offsets as cursors, then shift them back.
    for (i = 0; i < n; i++) {
      if (!visible[i]) continue;
      gridItems[gridStart[this.gridCell(i)]++] = i;
    }
    for (i = cells; i > 0; i--) gridStart[i] = gridStart[i - 1];
    gridStart[0] = 0;
  };

  View.prototype.gridCell = function (i) {
    var grid = this.grid, s = grid.size;
    var cx = Math.min(s - 1, Math.floor((this.x[i] - grid.x0) / grid.cell));
    var cy = Math.min(s - 1, Math.floor((this.y[i] - grid.y0) / grid.cell));
    return cy * s + cx;
  };

  /** The visible node under a point in CSS pixels of the canvas, or -1. */
  View.prototype.nodeAtPoint = function (px, py) {
    if (!this.visibleCount) return -1;
    if (this.grid.dirty) this.buildGrid();
    var grid = this.grid, gridStart = this.gridStart, gridItems = this.gridItems;
    var x = this.x, y = this.y, radius = this.radius, k = this.k;
    var wx = (px - this.tx) / k, wy = (py - this.ty) / k;
    var slop = HIT_SLOP / k, minR = MIN_SCREEN_R / k;
    var reach = Math.max(this.sim.maxRadius, minR) + slop;
    var s = grid.size;
    var ix0 = clamp(Math.floor((wx - reach - grid.x0) / grid.cell), 0, s - 1);
    var ix1 = clamp(Math.floor((wx + reach - grid.x0) / grid.cell), 0, s - 1);
    var iy0 = clamp(Math.floor((wy - reach - grid.y0) / grid.cell), 0, s - 1);
    var iy1 = clamp(Math.floor((wy + reach - grid.y0) / grid.cell), 0, s - 1);
    var best = -1, bestD = Infinity;
    for (var cy = iy0; cy <= iy1; cy++) {
      for (var cx = ix0; cx <= ix1; cx++) {
        var c = cy * s + cx;
        for (var p = gridStart[c], end = gridStart[c + 1]; p < end; p++) {
          var i = gridItems[p];
          var dx = x[i] - wx, dy = y[i] - wy;
          var d = Math.sqrt(dx * dx + dy * dy) - Math.max(radius[i], minR);
          if (d <= slop && d < bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  };

  /** Viewport (client) coordinates of node i's centre, or null when hidden or off the canvas. */
  View.prototype.screenPosition = function (i) {
    if (i < 0 || !this.visible[i]) return null;
    var o = this.origin(), k = this.k;
    var sx = this.x[i] * k + this.tx, sy = this.y[i] * k + this.ty;
    if (sx < 0 || sy < 0 || sx > this.cssW || sy > this.cssH) return null;
    return { x: o.x + sx, y: o.y + sy, r: Math.max(this.radius[i] * k, MIN_SCREEN_R) };
  };

  /** The top-left corner of the drawing area (inside the border), in viewport coordinates. */
  View.prototype.origin = function () {
    var canvas = this.canvas, rect = canvas.getBoundingClientRect();
    return { x: rect.left + canvas.clientLeft, y: rect.top + canvas.clientTop };
  };

  View.prototype.localPoint = function (e) {
    var o = this.origin();
    return { x: e.clientX - o.x, y: e.clientY - o.y };
  };

  /** Marks node i (-1: none) and its neighbours as hovered. */
  View.prototype.setHover = function (i) {
    if (i === this.hover) return;
    var g = this.g, marked = this.marked, hover = this.hover, a, end;
    if (hover >= 0) {
      marked[hover] = 0;
      for (a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end; a++) marked[g.adjNode[a]] = 0;
    }
    hover = this.hover = i;
    if (hover >= 0) {
      marked[hover] = 1;
      for (a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end; a++) marked[g.adjNode[a]] = 1;
    }
    this.canvas.classList.toggle("on-node", hover >= 0);
    this.canvas.title = hover >= 0 ? g.titles[hover] : "";
    this.requestDraw();
  };

  /* ---- opening a node's page ---- */

  function rootPrefix() {
    if (typeof lore.rootPrefix === "function") return lore.rootPrefix();
    var link = document.querySelector('link[href$="' + CSS_PATH + '"]');
    if (!link) return "";
    var href = link.getAttribute("href");
    return href.slice(0, href.length - CSS_PATH.length);
  }

  /** The href of a page given its root-relative url ("etcd/"), for this page. */
  function pageHref(url) {
    if (typeof lore.pageHref === "function") return lore.pageHref(url);
    var href = rootPrefix() + url;
    if (typeof lore.fileHref === "function") return lore.fileHref(href);
    if (location.protocol === "file:") {
      if (href === "") href = "./";
      if (href.charAt(href.length - 1) === "/") href += "index.html";
    }
    return href;
  }

  View.prototype.open = function (i, newTab) {
    var url = this.g.urls[i];
    if (typeof url !== "string") return;
    var href = pageHref(url);
    if (newTab) window.open(href, "_blank", "noopener");
    else window.location.href = href;
  };

  /* ---- input ---- */

  View.prototype.listen = function () {
    var v = this, canvas = this.canvas;
    canvas.addEventListener("pointerdown", function (e) { v.onPointerDown(e); });
    canvas.addEventListener("pointermove", function (e) { v.onPointerMove(e); });
    canvas.addEventListener("pointerup", function (e) { v.endPress(e, false); });
    canvas.addEventListener("pointercancel", function (e) { v.endPress(e, true); });
    canvas.addEventListener("pointerleave", function () {
      v.pointer = null;
      if (!v.press) v.setHover(-1);
    });
    canvas.addEventListener("auxclick", function (e) { if (e.button === 1) e.preventDefault(); });
    canvas.addEventListener("wheel", function (e) { v.onWheel(e); }, { passive: false });
    canvas.addEventListener("keydown", function (e) { v.onKey(e); });
  };

  View.prototype.onPointerDown = function (e) {
    if (e.button !== 0 && e.button !== 1) return;
    var p = this.localPoint(e);
    var hit = this.nodeAtPoint(p.x, p.y);
    this.press = { id: e.pointerId, x: p.x, y: p.y, node: hit, dragging: false, button: e.button, lastX: p.x, lastY: p.y };
    if (e.button === 0) {
      try { this.canvas.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
    }
    if (e.button === 1) e.preventDefault(); // no autoscroll
  };

  /** Hover when no button is down; else, past a threshold, drag the node pressed or pan. */
  View.prototype.onPointerMove = function (e) {
    var p = this.localPoint(e), press = this.press, sim = this.sim, center = this.center;
    this.pointer = p;
    if (!press || press.id !== e.pointerId) {
      if (!press) this.setHover(this.nodeAtPoint(p.x, p.y));
      return;
    }
    if (!press.dragging && Math.abs(p.x - press.x) + Math.abs(p.y - press.y) >= DRAG_THRESHOLD) {
      press.dragging = true;
      if (press.node >= 0 && press.node !== center) { sim.alphaTarget = 0.3; sim.reheat(0.3); this.startLayout(); }
      else this.canvas.classList.add("is-panning");
    }
    if (!press.dragging) return;
    if (press.node >= 0 && press.node !== center) {
      sim.pin(press.node, (p.x - this.tx) / this.k, (p.y - this.ty) / this.k);
      this.grid.dirty = true;
      this.requestDraw();
    } else {
      this.tx += p.x - press.lastX; this.ty += p.y - press.lastY;
      this.userMoved = true;
      this.lastMove = now();
      this.requestDraw();
    }
    press.lastX = p.x; press.lastY = p.y;
  };

  /** The end of a press: lets a dragged node go, or opens the node clicked. */
  View.prototype.endPress = function (e, cancelled) {
    var pr = this.press, center = this.center;
    if (!pr || pr.id !== e.pointerId) return;
    this.press = null;
    this.canvas.classList.remove("is-panning");
    if (pr.node >= 0 && pr.dragging && pr.node !== center) {
      this.sim.unpin(pr.node);
      this.sim.alphaTarget = 0;
      this.startLayout();
    }
    if (!cancelled && !pr.dragging && pr.node >= 0 && pr.node !== center) this.open(pr.node, pr.button === 1 || e.ctrlKey || e.metaKey || e.shiftKey);
  };

  View.prototype.onWheel = function (e) {
    if (this.local && !(e.ctrlKey || e.metaKey)) return; // let the page scroll
    e.preventDefault();
    var p = this.localPoint(e);
    var dy = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.cssH : 1);
    this.zoomAt(p.x, p.y, Math.exp(-clamp(dy, -300, 300) * 0.002));
  };

  View.prototype.onKey = function (e) {
    var handled = true;
    switch (e.key) {
      case "ArrowLeft": this.tx += PAN_STEP; this.userMoved = true; break;
      case "ArrowRight": this.tx -= PAN_STEP; this.userMoved = true; break;
      case "ArrowUp": this.ty += PAN_STEP; this.userMoved = true; break;
      case "ArrowDown": this.ty -= PAN_STEP; this.userMoved = true; break;
      case "+": case "=": this.zoomAt(this.cssW / 2, this.cssH / 2, 1.25); break;
      case "-": case "_": this.zoomAt(this.cssW / 2, this.cssH / 2, 0.8); break;
      case "0": this.userMoved = false; this.fit(); break;
      case "Enter": if (this.hover >= 0) this.open(this.hover, e.ctrlKey || e.metaKey); else handled = false; break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); this.requestDraw(); }
  };
})();
