/* Lore graph view, part 3 of 7: the view. A View is one graph drawn on one
 * <canvas>: this file owns its state (the simulation, which nodes are
 * visible, the camera, the pointer), the canvas size, the animation loop
 * that runs the layout and redraws, the reactions to theme and size
 * changes, and the API a view returns (G.createView). The View's other
 * methods are added by render.js and raster.js (drawing) and by
 * interaction.js (camera, hit testing, input).
 * Needs static/graph/data.js and layout.js loaded before it. */
(function () {
  "use strict";

  var G = window.lore.graphLib;
  var now = G.now, media = G.media;
  var KIND_TOPIC = G.KIND_TOPIC;

  G.MIN_SCREEN_R = 1.5; // nodes never shrink below this many CSS pixels (drawn, and hit)

  var TICK_BUDGET_MS = 8; // layout time per frame
  var TICKS_PER_FRAME = 3; // so that small graphs visibly settle instead of jumping
  var STATS_FRAMES = 120; // frames kept for stats()

  /**
   * The state of a graph drawn on `canvas`. options:
   *   local: true for a note's neighbourhood (wheel zooms only with Ctrl/⌘,
   *          every label is drawn), center: index of the note it is about.
   */
  function View(canvas, g, options) {
    options = options || {};
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.g = g; this.n = g.n; this.m = g.m;
    this.local = !!options.local;
    this.center = options.center === undefined ? -1 : options.center;
    var sim = (this.sim = new G.Simulation(g, this.local ? 1.8 : 1));
    this.x = sim.x; this.y = sim.y; this.radius = sim.radius;
    this.visible = new Uint8Array(this.n).fill(1);
    this.visibleCount = this.n;
    this.visibleVersion = 0;
    this.marked = new Uint8Array(this.n); // the hovered node and its neighbours
    this.reduceMotion = media("(prefers-reduced-motion: reduce)");
    this.cssW = 0; this.cssH = 0; this.dpr = 1;
    this.k = 1; this.tx = 0; this.ty = 0; // screen = world * k + t (CSS pixels)
    this.userMoved = false;
    this.lastMove = 0; // when the view last moved (pan, zoom, drag)
    this.hover = -1;
    this.pointer = null; // {x, y} in CSS pixels while over the canvas
    this.press = null; // the current pointer press
    this.running = false; this.drawQueued = false; this.lastDraw = 0;
    this.stats = {
      frames: 0, tickMs: new Float32Array(STATS_FRAMES), drawMs: new Float32Array(STATS_FRAMES),
      frameMs: new Float32Array(STATS_FRAMES), ticks: new Uint16Array(STATS_FRAMES), lastFrame: 0,
    };
    this.initRender();
    this.initRaster();
    this.initHitTest();
    if (this.center >= 0) sim.pin(this.center, 0, 0);
  }

  /* ---- size ---- */

  /** Matches the backing store to the CSS size and devicePixelRatio. */
  View.prototype.syncSize = function () {
    var canvas = this.canvas;
    var w = Math.max(1, canvas.clientWidth), h = Math.max(1, canvas.clientHeight); // inside the border
    var r = window.devicePixelRatio || 1;
    if (w === this.cssW && h === this.cssH && r === this.dpr) return false;
    var first = this.cssW === 0;
    if (!first && !this.userMoved) { this.cssW = w; this.cssH = h; this.dpr = r; this.fit(); }
    else if (!first) { this.tx += (w - this.cssW) / 2; this.ty += (h - this.cssH) / 2; }
    this.cssW = w; this.cssH = h; this.dpr = r;
    this.sim.setAspect(w / h);
    canvas.width = Math.round(w * r);
    canvas.height = Math.round(h * r);
    return true;
  };

  /* ---- the animation loop ---- */

  View.prototype.requestDraw = function () {
    if (this.drawQueued) return;
    this.drawQueued = true;
    this.startLayout();
  };

  View.prototype.startLayout = function () {
    if (this.running) return;
    this.running = true;
    var v = this;
    window.requestAnimationFrame(function (ts) { v.frame(ts); });
  };

  /** One animation frame: a few layout steps, then a redraw if anything changed. */
  View.prototype.frame = function (ts) {
    var sim = this.sim, stats = this.stats, reduceMotion = this.reduceMotion.matches;
    var slot = stats.frames % STATS_FRAMES;
    stats.frameMs[slot] = stats.lastFrame ? ts - stats.lastFrame : 0;
    stats.lastFrame = ts;
    var t0 = now(), ticks = 0, moved = false;
    if (sim.active()) {
      var budget = reduceMotion ? 3 * TICK_BUDGET_MS : TICK_BUDGET_MS;
      ticks = sim.step(budget, reduceMotion ? 1000 : TICKS_PER_FRAME);
      if (ticks > 0) {
        moved = true;
        this.grid.dirty = true;
        if (!this.userMoved) this.fit();
      }
    }
    var t1 = now();
    stats.tickMs[slot] = t1 - t0;
    stats.ticks[slot] = ticks;
    if (moved && this.pointer && !this.press) this.setHover(this.nodeAtPoint(this.pointer.x, this.pointer.y));
    // With reduced motion the layout is drawn only now and then, and once settled.
    var settledNow = moved && !sim.active();
    var drawNow = this.drawQueued || (moved && (!reduceMotion || settledNow || t1 - this.lastDraw > 500));
    stats.drawMs[slot] = drawNow ? this.draw() : 0;
    if (drawNow) this.drawQueued = false;
    stats.frames++;
    var v = this;
    if (sim.active() || this.drawQueued) window.requestAnimationFrame(function (ts2) { v.frame(ts2); });
    else { this.running = false; stats.lastFrame = 0; }
  };

  /* ---- theme and size changes ---- */

  View.prototype.watchStyle = function () {
    var v = this;
    function restyle() { v.colors = null; v.requestDraw(); }
    function redraw() { v.requestDraw(); }
    if (window.MutationObserver) {
      new MutationObserver(restyle).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
    }
    var scheme = media("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", restyle);
    if (window.ResizeObserver) new ResizeObserver(redraw).observe(this.canvas);
    else window.addEventListener("resize", redraw);
  };

  /* ---- what the API reports and does ---- */

  View.prototype.indexOf = function (id) {
    var i = this.g.byId.get(id);
    return i === undefined ? -1 : i;
  };

  View.prototype.nodeInfo = function (i) {
    var g = this.g;
    return { id: g.ids[i], kind: g.kinds[i] === KIND_TOPIC ? "topic" : "note", title: g.titles[i], url: g.urls[i], degree: g.deg[i], visible: !!this.visible[i] };
  };

  /** Timing of the recent frames, in milliseconds. */
  View.prototype.timings = function () {
    var stats = this.stats, sim = this.sim;
    var count = Math.min(stats.frames, STATS_FRAMES), tick = 0, drawT = 0, frameT = 0, maxTick = 0, maxDraw = 0, ticks = 0, fc = 0;
    for (var s = 0; s < count; s++) {
      tick += stats.tickMs[s]; drawT += stats.drawMs[s]; ticks += stats.ticks[s];
      if (stats.tickMs[s] > maxTick) maxTick = stats.tickMs[s];
      if (stats.drawMs[s] > maxDraw) maxDraw = stats.drawMs[s];
      if (stats.frameMs[s] > 0) { frameT += stats.frameMs[s]; fc++; }
    }
    return {
      frames: stats.frames, ticks: sim.ticks, alpha: sim.alpha, settled: !sim.active(), cells: sim.cells,
      avgTickMs: count ? tick / count : 0, maxTickMs: maxTick, ticksPerFrame: count ? ticks / count : 0,
      avgDrawMs: count ? drawT / count : 0, maxDrawMs: maxDraw, avgFrameIntervalMs: fc ? frameT / fc : 0,
    };
  };

  /** Shows only the nodes for which keep(index) is true (null: all); returns how many. */
  View.prototype.filter = function (keep) {
    var n = this.n, visible = this.visible;
    this.visibleCount = 0;
    for (var i = 0; i < n; i++) {
      visible[i] = keep ? (keep(i) ? 1 : 0) : 1;
      this.visibleCount += visible[i];
    }
    this.grid.dirty = true;
    this.visibleVersion++;
    this.setHover(-1);
    this.userMoved = false;
    this.fit();
    this.requestDraw();
    return this.visibleCount;
  };

  /** The view's public API (its functions need no `this`). */
  View.prototype.api = function () {
    var v = this, g = this.g;
    return {
      /** Node count, edge count, and how many nodes the filter shows. */
      size: function () { return { nodes: v.n, edges: v.m, visible: v.visibleCount }; },
      node: function (id) {
        var i = v.indexOf(id);
        return i < 0 ? null : v.nodeInfo(i);
      },
      /** Ids of the nodes, of one kind if given. */
      ids: function (kind) {
        var out = [];
        for (var i = 0; i < v.n; i++) if (!kind || (kind === "topic") === (g.kinds[i] === KIND_TOPIC)) out.push(g.ids[i]);
        return out;
      },
      /** Viewport (client) coordinates of a node's centre, or null when hidden or off the canvas. */
      nodeScreenPosition: function (id) { return v.screenPosition(v.indexOf(id)); },
      /** Id of the node under a viewport point, or null. */
      nodeAt: function (clientX, clientY) {
        var o = v.origin();
        var i = v.nodeAtPoint(clientX - o.x, clientY - o.y);
        return i < 0 ? null : g.ids[i];
      },
      settled: function () { return !v.sim.active() && !v.press; },
      /** Timing of the recent frames, in milliseconds. */
      stats: function () { return v.timings(); },
      /** Draws once now, returns the time it took (for measurements). */
      redraw: function () { return v.draw(); },
      fit: function () { v.userMoved = false; v.fit(); v.requestDraw(); },
      zoom: function (factor) { v.zoomAt(v.cssW / 2, v.cssH / 2, factor); },
      /** Shows only the nodes for which keep(index) is true (null: all). */
      filter: function (keep) { return v.filter(keep); },
      reheat: function () { v.sim.reheat(0.5); v.startLayout(); },
      graph: g,
      canvas: v.canvas,
    };
  };

  /**
   * A graph drawn on `canvas`, interactive, laid out and drawn as soon as
   * the browser paints (see View for the options). Returns the view's API.
   */
  G.createView = function (canvas, g, options) {
    var v = new View(canvas, g, options);
    v.listen();
    v.watchStyle();
    v.syncSize();
    v.fit();
    v.startLayout();
    v.requestDraw();
    return v.api();
  };

  G.View = View;
})();
