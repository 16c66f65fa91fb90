/* Lore default theme: the graph view.
 *
 * Draws the notes of a site and the links between them on a <canvas>, laid
 * out by a force simulation that runs a few steps per animation frame
 * (Barnes–Hut quadtree for repulsion, springs for edges, gravity towards the
 * centre) and stops once it has cooled. Used by the graph/ page (a
 * <canvas id="lore-graph">) and, through lore.localGraph(canvas, url, hops),
 * by the small neighbourhood graph on a note page.
 *
 * Data: window.loreGraph from static/graph-data.js,
 *   { nodes: [{id, kind: "note"|"topic", title, url, topics: [name…]}…],
 *     edges: [{source, target, kind: "link"|"embed"|"topic"}…] }
 * with urls relative to the site root. Plain JS, no dependencies; works from
 * file:// (the data is a script, not a fetch). */
(function () {
  "use strict";

  var doc = document;
  var lore = (window.lore = window.lore || {});
  var CSS_PATH = "static/lore.css";
  var TAU = Math.PI * 2;
  var KIND_NOTE = 0, KIND_TOPIC = 1;
  var EDGE_LINK = 0, EDGE_EMBED = 1, EDGE_TOPIC = 2;

  // Layout.
  var CHARGE = -30; // repulsion of a note (topics repel twice as much)
  var THETA2 = 0.81; // Barnes–Hut accuracy (theta 0.9), squared
  var DIST_MIN2 = 1; // repulsion is capped below this squared distance
  var LINK_DISTANCE = 30, TOPIC_DISTANCE = 50, TOPIC_LINK_STRENGTH = 0.5;
  var GRAVITY = 0.04; // pull towards the centre, keeps separate clusters together
  var VELOCITY_KEEP = 0.6; // 1 - d3's velocityDecay
  var ALPHA_MIN = 0.001, ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 300); // ~300 steps
  var TREE_MAX_DEPTH = 24;
  var TICK_BUDGET_MS = 8; // layout time per frame
  var CHARGE_SLICE = 512; // nodes between two looks at the clock
  var TICKS_PER_FRAME = 3; // so that small graphs visibly settle instead of jumping

  // Drawing.
  var MIN_SCREEN_R = 1.5; // nodes never shrink below this many CSS pixels
  var HIT_SLOP = 4; // CSS pixels around a node that still hit it
  var LABEL_VIEW_LIMIT = 220; // label every node once no more than this many are in view
  var MAX_LABELS = 260;
  var LABEL_CHARS = 42;
  var GRID_MAX = 128; // hit-test grid is at most GRID_MAX x GRID_MAX cells
  var DENSE_NODES = 1500, DENSE_EDGES = 4000; // more than this in view: rasterise by hand
  var DENSE_EDGE_ALPHA = 0.22;
  var RASTER_MAX_PIXELS = 1.3e6; // a crowded view is drawn at most this sharp (then scaled)
  var SHARPEN_DELAY = 180; // ms of rest before a crowded view is drawn at full resolution
  var K_MIN = 0.005, K_MAX = 12, FIT_K_MAX = 2.2;
  var DRAG_THRESHOLD = 4; // CSS pixels before a press becomes a drag

  // Local graph.
  var LOCAL_MAX_NODES = 150;
  var LOCAL_MAX_TOPICS = 6;

  function now() { return window.performance && performance.now ? performance.now() : Date.now(); }
  function clamp(v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; }
  function media(q) { return window.matchMedia ? window.matchMedia(q) : { matches: false }; }

  /* ---------------------------------------------------------------- site root and links */

  function rootPrefix() {
    if (typeof lore.rootPrefix === "function") return lore.rootPrefix();
    var link = doc.querySelector('link[href$="' + CSS_PATH + '"]');
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

  /* ---------------------------------------------------------------- the graph as typed arrays */

  /**
   * Finishes a graph from node attributes and an edge list: degrees and an
   * adjacency list (CSR: neighbours of i are adjNode[adjStart[i]..adjStart[i+1]]).
   */
  function finishGraph(g) {
    var n = g.n, m = g.m, i, e;
    var deg = new Int32Array(n);
    for (e = 0; e < m; e++) { deg[g.src[e]]++; deg[g.dst[e]]++; }
    var adjStart = new Int32Array(n + 1);
    for (i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + deg[i];
    var fill = adjStart.slice(0, n);
    var adjNode = new Int32Array(2 * m), adjEdge = new Int32Array(2 * m);
    for (e = 0; e < m; e++) {
      var s = g.src[e], t = g.dst[e];
      adjNode[fill[s]] = t; adjEdge[fill[s]++] = e;
      adjNode[fill[t]] = s; adjEdge[fill[t]++] = e;
    }
    g.deg = deg; g.adjStart = adjStart; g.adjNode = adjNode; g.adjEdge = adjEdge;
    var labels = new Array(n);
    for (i = 0; i < n; i++) {
      var t2 = g.titles[i];
      labels[i] = t2.length > LABEL_CHARS ? t2.slice(0, LABEL_CHARS - 1) + "…" : t2;
    }
    g.labels = labels;
    return g;
  }

  /** window.loreGraph -> typed arrays. Tolerates missing fields and bad edges. */
  function readGraph(data) {
    var nodes = data && Array.isArray(data.nodes) ? data.nodes : [];
    var edges = data && Array.isArray(data.edges) ? data.edges : [];
    var n = nodes.length, i;
    var g = { n: n, ids: new Array(n), titles: new Array(n), urls: new Array(n), topics: new Array(n), kinds: new Uint8Array(n) };
    var byId = new Map();
    for (i = 0; i < n; i++) {
      var nd = nodes[i] || {};
      var id = nd.id === undefined ? i : nd.id;
      g.ids[i] = id;
      if (!byId.has(id)) byId.set(id, i);
      g.urls[i] = typeof nd.url === "string" ? nd.url : "";
      g.titles[i] = nd.title != null ? String(nd.title) : g.urls[i];
      g.kinds[i] = nd.kind === "topic" ? KIND_TOPIC : KIND_NOTE;
      g.topics[i] = Array.isArray(nd.topics) ? nd.topics.map(String) : [];
    }
    var src = new Int32Array(edges.length), dst = new Int32Array(edges.length), kind = new Uint8Array(edges.length);
    var m = 0;
    for (i = 0; i < edges.length; i++) {
      var ed = edges[i];
      if (!ed) continue;
      var s = byId.get(ed.source), t = byId.get(ed.target);
      if (s === undefined || t === undefined || s === t) continue;
      src[m] = s; dst[m] = t;
      kind[m] = ed.kind === "topic" ? EDGE_TOPIC : ed.kind === "embed" ? EDGE_EMBED : EDGE_LINK;
      m++;
    }
    g.m = m; g.src = src.slice(0, m); g.dst = dst.slice(0, m); g.ekind = kind.slice(0, m);
    g.byId = byId;
    return finishGraph(g);
  }

  /** The part of `g` made of the nodes in `keep` (indices into g), in that order. */
  function subgraph(g, keep) {
    var n = keep.length, i, e;
    var local = new Int32Array(g.n).fill(-1);
    var sub = { n: n, ids: new Array(n), titles: new Array(n), urls: new Array(n), topics: new Array(n), kinds: new Uint8Array(n) };
    for (i = 0; i < n; i++) {
      var k = keep[i];
      local[k] = i;
      sub.ids[i] = g.ids[k]; sub.titles[i] = g.titles[k]; sub.urls[i] = g.urls[k];
      sub.topics[i] = g.topics[k]; sub.kinds[i] = g.kinds[k];
    }
    var src = [], dst = [], kind = [];
    for (e = 0; e < g.m; e++) {
      var s = local[g.src[e]], t = local[g.dst[e]];
      if (s < 0 || t < 0) continue;
      src.push(s); dst.push(t); kind.push(g.ekind[e]);
    }
    sub.m = src.length;
    sub.src = Int32Array.from(src); sub.dst = Int32Array.from(dst); sub.ekind = Uint8Array.from(kind);
    sub.byId = new Map();
    for (i = 0; i < n; i++) sub.byId.set(sub.ids[i], i);
    return finishGraph(sub);
  }

  var cachedData = null, cachedGraph = null;
  function siteGraph() {
    var data = window.loreGraph;
    if (!data || typeof data !== "object") return null;
    if (data !== cachedData) { cachedGraph = readGraph(data); cachedData = data; }
    return cachedGraph;
  }

  /* ---------------------------------------------------------------- force simulation */

  function Simulation(g, spread) {
    var n = g.n, m = g.m, i;
    spread = spread || 1; // > 1 spaces a small graph out
    this.g = g; this.n = n;
    this.x = new Float64Array(n); this.y = new Float64Array(n);
    this.vx = new Float64Array(n); this.vy = new Float64Array(n);
    this.pinned = new Uint8Array(n); this.px = new Float64Array(n); this.py = new Float64Array(n);
    this.pinnedCount = 0;
    this.strength = new Float64Array(n);
    this.radius = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var topic = g.kinds[i] === KIND_TOPIC;
      this.strength[i] = (topic ? 2 * CHARGE : CHARGE) * spread * spread;
      this.radius[i] = (topic ? Math.min(5 + 0.8 * Math.sqrt(g.deg[i]), 14) : Math.min(3.5 + 0.9 * Math.sqrt(g.deg[i]), 12)) * Math.sqrt(spread);
    }
    this.maxRadius = 0;
    for (i = 0; i < n; i++) if (this.radius[i] > this.maxRadius) this.maxRadius = this.radius[i];
    // Springs: d3-style strength 1/min(degree) and bias towards the lighter end.
    this.linkDist = new Float64Array(m); this.linkK = new Float64Array(m); this.linkBias = new Float64Array(m);
    for (var e = 0; e < m; e++) {
      var ds = g.deg[g.src[e]], dt = g.deg[g.dst[e]];
      var topicEdge = g.ekind[e] === EDGE_TOPIC;
      this.linkDist[e] = (topicEdge ? TOPIC_DISTANCE : LINK_DISTANCE) * spread;
      this.linkK[e] = (topicEdge ? TOPIC_LINK_STRENGTH : 1) / Math.min(ds, dt);
      this.linkBias[e] = ds / (ds + dt);
    }
    // Quadtree storage, reused every step (grown only if ever too small).
    this.cap = 0;
    this.ensureTree(2 * n + 8);
    this.next = new Int32Array(n); // bodies sharing a leaf
    this.order = new Int32Array(n); // bodies in quadtree order
    this.cursor = -1; // next body of the step in progress (-1: none)
    this.version = 0; // bumped whenever positions change
    this.stack = new Int32Array(4 * TREE_MAX_DEPTH + 16);
    this.alpha = 1; this.alphaTarget = 0;
    this.gravityX = GRAVITY; this.gravityY = GRAVITY; // see setAspect
    this.ticks = 0;
    this.seed = 1;
    // Phyllotaxis start (as d3): deterministic and evenly spread.
    var golden = Math.PI * (3 - Math.sqrt(5));
    for (i = 0; i < n; i++) {
      var r = 10 * Math.sqrt(0.5 + i), a = i * golden;
      this.x[i] = r * Math.cos(a); this.y[i] = r * Math.sin(a);
    }
  }

  Simulation.prototype.ensureTree = function (cap) {
    if (cap <= this.cap) return;
    this.cap = cap;
    this.child = new Int32Array(4 * cap); // 0 = no child (the root, 0, is nobody's child)
    this.body = new Int32Array(cap); // first body of a leaf, -1 empty, -2 internal cell
    this.cx0 = new Float64Array(cap); this.cy0 = new Float64Array(cap); this.cw = new Float64Array(cap);
    this.mass = new Float64Array(cap); this.mx = new Float64Array(cap); this.my = new Float64Array(cap);
  };

  Simulation.prototype.jiggle = function () {
    this.seed = (this.seed * 1664525 + 1013904223) >>> 0;
    return (this.seed / 4294967296 - 0.5) * 1e-6;
  };

  Simulation.prototype.active = function () {
    return this.alpha >= ALPHA_MIN || this.alphaTarget > 0;
  };

  Simulation.prototype.reheat = function (alpha) {
    if (this.alpha < alpha) this.alpha = alpha;
  };

  /** Pulls harder along the short side, so that the layout fills a wide (or tall) canvas. */
  Simulation.prototype.setAspect = function (ratio) {
    var a = Math.sqrt(clamp(ratio || 1, 0.4, 2.5));
    this.gravityX = GRAVITY / a; this.gravityY = GRAVITY * a;
  };

  Simulation.prototype.pin = function (i, x, y) {
    if (!this.pinned[i]) { this.pinned[i] = 1; this.pinnedCount++; }
    this.px[i] = x; this.py[i] = y;
    this.x[i] = x; this.y[i] = y; this.vx[i] = 0; this.vy[i] = 0;
    this.version++;
  };

  Simulation.prototype.unpin = function (i) {
    if (this.pinned[i]) { this.pinned[i] = 0; this.pinnedCount--; }
  };

  /** Builds the quadtree of the current positions, with masses and centroids. */
  Simulation.prototype.buildTree = function () {
    var n = this.n, x = this.x, y = this.y, i;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (i = 0; i < n; i++) {
      var xi = x[i], yi = y[i];
      if (xi < x0) x0 = xi; if (xi > x1) x1 = xi;
      if (yi < y0) y0 = yi; if (yi > y1) y1 = yi;
    }
    var w = Math.max(x1 - x0, y1 - y0, 1) * 1.0001 + 1e-9;
    var minW = w / (1 << TREE_MAX_DEPTH);
    var count = 1;
    var child = this.child, body = this.body, cx0 = this.cx0, cy0 = this.cy0, cw = this.cw, next = this.next;
    child[0] = child[1] = child[2] = child[3] = 0;
    body[0] = -1; cx0[0] = x0; cy0[0] = y0; cw[0] = w;
    for (i = 0; i < n; i++) {
      var px = x[i], py = y[i], c = 0;
      for (var depth = 0; ; depth++) {
        var b = body[c];
        if (b === -1) { body[c] = i; next[i] = -1; break; }
        if (b >= 0) {
          if ((x[b] === px && y[b] === py) || cw[c] <= minW || depth >= TREE_MAX_DEPTH) { next[i] = b; body[c] = i; break; }
          // Split the leaf: its bodies (all at one point) move into one child.
          if (count + 1 >= this.cap) { this.growTree(count); child = this.child; body = this.body; cx0 = this.cx0; cy0 = this.cy0; cw = this.cw; }
          var h0 = cw[c] / 2, q0 = (x[b] >= cx0[c] + h0 ? 1 : 0) | (y[b] >= cy0[c] + h0 ? 2 : 0);
          var nc = count++;
          child[4 * nc] = child[4 * nc + 1] = child[4 * nc + 2] = child[4 * nc + 3] = 0;
          body[nc] = b; cw[nc] = h0;
          cx0[nc] = cx0[c] + (q0 & 1 ? h0 : 0); cy0[nc] = cy0[c] + (q0 & 2 ? h0 : 0);
          child[4 * c + q0] = nc;
          body[c] = -2;
        }
        // Internal cell: descend, or make the quadrant a leaf of its own.
        var h = cw[c] / 2, q = (px >= cx0[c] + h ? 1 : 0) | (py >= cy0[c] + h ? 2 : 0);
        var ch = child[4 * c + q];
        if (ch === 0) {
          if (count + 1 >= this.cap) { this.growTree(count); child = this.child; body = this.body; cx0 = this.cx0; cy0 = this.cy0; cw = this.cw; }
          ch = count++;
          child[4 * ch] = child[4 * ch + 1] = child[4 * ch + 2] = child[4 * ch + 3] = 0;
          body[ch] = i; next[i] = -1; cw[ch] = h;
          cx0[ch] = cx0[c] + (q & 1 ? h : 0); cy0[ch] = cy0[c] + (q & 2 ? h : 0);
          child[4 * c + q] = ch;
          break;
        }
        c = ch;
      }
    }
    // Masses and centroids, children first (a child always has a higher index).
    var mass = this.mass, mx = this.mx, my = this.my, strength = this.strength;
    for (var k = count - 1; k >= 0; k--) {
      var sm = 0, sx = 0, sy = 0, wsum = 0;
      if (body[k] >= 0) {
        for (var j = body[k]; j !== -1; j = next[j]) {
          var s = strength[j], a = s < 0 ? -s : s;
          sm += s; sx += a * x[j]; sy += a * y[j]; wsum += a;
        }
      } else if (body[k] === -2) {
        for (var qq = 0; qq < 4; qq++) {
          var cc = child[4 * k + qq];
          if (cc === 0) continue;
          var mc = mass[cc], ac = mc < 0 ? -mc : mc;
          sm += mc; sx += ac * mx[cc]; sy += ac * my[cc]; wsum += ac;
        }
      }
      mass[k] = sm;
      mx[k] = wsum ? sx / wsum : cx0[k] + cw[k] / 2;
      my[k] = wsum ? sy / wsum : cy0[k] + cw[k] / 2;
    }
    this.cells = count;
  };

  Simulation.prototype.growTree = function (used) {
    var old = this;
    var child = old.child, body = old.body, cx0 = old.cx0, cy0 = old.cy0, cw = old.cw;
    this.cap = 0;
    this.ensureTree(Math.max(2 * used, 64));
    this.child.set(child); this.body.set(body); this.cx0.set(cx0); this.cy0.set(cy0); this.cw.set(cw);
  };

  /** The bodies in quadtree (depth-first) order: neighbours in space are neighbours in memory. */
  Simulation.prototype.orderBodies = function () {
    var order = this.order, stack = this.stack, child = this.child, body = this.body, next = this.next;
    var sp = 0, o = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      var c = stack[--sp], b = body[c];
      if (b === -2) {
        for (var q = 3; q >= 0; q--) if (child[4 * c + q] !== 0) stack[sp++] = child[4 * c + q];
      } else {
        for (var j = b; j >= 0; j = next[j]) order[o++] = j;
      }
    }
  };

  /**
   * Repulsion from every other node, far groups approximated by their
   * centroid, for the bodies order[from..to).
   */
  Simulation.prototype.applyCharge = function (alpha, from, to) {
    var x = this.x, y = this.y, vx = this.vx, vy = this.vy, order = this.order;
    var child = this.child, body = this.body, cw = this.cw, mass = this.mass, mx = this.mx, my = this.my;
    var next = this.next, strength = this.strength, stack = this.stack;
    for (var oi = from; oi < to; oi++) {
      var i = order[oi];
      var xi = x[i], yi = y[i], fx = 0, fy = 0, sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        var c = stack[--sp];
        var b = body[c];
        if (b === -2) {
          var dx = mx[c] - xi, dy = my[c] - yi, l = dx * dx + dy * dy, w = cw[c];
          if (w * w / THETA2 < l) {
            if (l < DIST_MIN2) l = Math.sqrt(DIST_MIN2 * l);
            var f = mass[c] / l;
            fx += dx * f; fy += dy * f;
          } else {
            var base = 4 * c, ch;
            if ((ch = child[base]) !== 0) stack[sp++] = ch;
            if ((ch = child[base + 1]) !== 0) stack[sp++] = ch;
            if ((ch = child[base + 2]) !== 0) stack[sp++] = ch;
            if ((ch = child[base + 3]) !== 0) stack[sp++] = ch;
          }
        } else {
          for (var j = b; j >= 0; j = next[j]) {
            if (j === i) continue;
            var ex = x[j] - xi, ey = y[j] - yi;
            if (ex === 0) ex = this.jiggle();
            if (ey === 0) ey = this.jiggle();
            var el = ex * ex + ey * ey;
            if (el < DIST_MIN2) el = Math.sqrt(DIST_MIN2 * el);
            var ef = strength[j] / el;
            fx += ex * ef; fy += ey * ef;
          }
        }
      }
      vx[i] += fx * alpha; vy[i] += fy * alpha;
    }
  };

  /** Springs along the edges (one d3 link-force iteration). */
  Simulation.prototype.applyLinks = function (alpha) {
    var g = this.g, m = g.m, src = g.src, dst = g.dst;
    var x = this.x, y = this.y, vx = this.vx, vy = this.vy;
    var dist = this.linkDist, kk = this.linkK, bias = this.linkBias;
    for (var e = 0; e < m; e++) {
      var s = src[e], t = dst[e];
      var dx = x[t] + vx[t] - x[s] - vx[s], dy = y[t] + vy[t] - y[s] - vy[s];
      if (dx === 0) dx = this.jiggle();
      if (dy === 0) dy = this.jiggle();
      var l = Math.sqrt(dx * dx + dy * dy);
      l = (l - dist[e]) / l * alpha * kk[e];
      dx *= l; dy *= l;
      var b = bias[e];
      vx[t] -= dx * b; vy[t] -= dy * b;
      vx[s] += dx * (1 - b); vy[s] += dy * (1 - b);
    }
  };

  /** One whole step of the layout. */
  Simulation.prototype.tick = function () {
    this.step(Infinity, 1);
  };

  /**
   * Runs layout steps for about `budget` milliseconds, at most `maxTicks`
   * whole steps. A step of a big graph may be spread over several calls (the
   * repulsion is computed a slice of nodes at a time), so that no frame
   * blocks for long. Returns how many steps were completed.
   */
  Simulation.prototype.step = function (budget, maxTicks) {
    var t0 = now(), done = 0, n = this.n;
    while (this.active() && done < maxTicks) {
      if (this.cursor < 0) { // start a step: springs, the quadtree, the visiting order
        this.alpha += (this.alphaTarget - this.alpha) * ALPHA_DECAY;
        if (n) {
          this.applyLinks(this.alpha);
          this.buildTree();
          this.orderBodies();
        }
        this.cursor = 0;
      }
      while (this.cursor < n) {
        var to = Math.min(n, this.cursor + CHARGE_SLICE);
        this.applyCharge(this.alpha, this.cursor, to);
        this.cursor = to;
        if (to < n && now() - t0 >= budget) return done;
      }
      this.integrate();
      this.cursor = -1;
      this.ticks++;
      this.version++;
      done++;
      if (now() - t0 >= budget) break;
    }
    return done;
  };

  /** Moves the nodes by their velocities (with friction and gravity), keeps the graph centred. */
  Simulation.prototype.integrate = function () {
    var n = this.n, alpha = this.alpha;
    var x = this.x, y = this.y, vx = this.vx, vy = this.vy, pinned = this.pinned;
    var gx = this.gravityX * alpha, gy = this.gravityY * alpha, sx = 0, sy = 0, free = 0;
    for (var i = 0; i < n; i++) {
      if (pinned[i]) { x[i] = this.px[i]; y[i] = this.py[i]; vx[i] = vy[i] = 0; continue; }
      if (!isFinite(x[i] + y[i] + vx[i] + vy[i])) { x[i] = this.jiggle(); y[i] = this.jiggle(); vx[i] = vy[i] = 0; }
      vx[i] = (vx[i] - x[i] * gx) * VELOCITY_KEEP;
      vy[i] = (vy[i] - y[i] * gy) * VELOCITY_KEEP;
      x[i] += vx[i]; y[i] += vy[i];
      sx += x[i]; sy += y[i]; free++;
    }
    // Keep the centre of mass at the origin (not while a node is held in place).
    if (!this.pinnedCount && free) {
      sx /= free; sy /= free;
      for (var k = 0; k < n; k++) { x[k] -= sx; y[k] -= sy; }
    }
  };

  /* ---------------------------------------------------------------- the view */

  function cssVar(style, name, fallback) {
    var v = style.getPropertyValue(name);
    return v && v.trim() ? v.trim() : fallback;
  }

  /**
   * A graph drawn on `canvas`, interactive. options:
   *   local: true for a note's neighbourhood (wheel zooms only with Ctrl/⌘,
   *          every label is drawn), center: index of the note it is about.
   * Returns the view's API (see the end of this function).
   */
  function createView(canvas, g, options) {
    options = options || {};
    var local = !!options.local;
    var center = options.center === undefined ? -1 : options.center;
    var ctx = canvas.getContext("2d");
    var n = g.n, m = g.m;
    var sim = new Simulation(g, local ? 1.8 : 1);
    var x = sim.x, y = sim.y, radius = sim.radius;
    var visible = new Uint8Array(n).fill(1);
    var visibleCount = n;
    var marked = new Uint8Array(n); // the hovered node and its neighbours
    var inView = new Int32Array(n);
    var labelW = new Float32Array(n).fill(-1);
    var boxes = new Float32Array(4 * MAX_LABELS);
    var obstacles = new Float32Array(3 * n), obstacleNode = new Int32Array(n), obstacleCount = 0;
    var gridStart = new Int32Array(GRID_MAX * GRID_MAX + 1), gridItems = new Int32Array(n);
    var grid = { dirty: true, size: 1, cell: 1, x0: 0, y0: 0 };
    var reduceMotion = media("(prefers-reduced-motion: reduce)");

    var cssW = 0, cssH = 0, dpr = 1;
    var k = 1, tx = 0, ty = 0; // screen = world * k + t (CSS pixels)
    var userMoved = false;
    var hover = -1;
    var pointer = null; // {x, y} in CSS pixels while over the canvas
    var press = null; // the current pointer press
    var running = false, drawQueued = false, lastDraw = 0;
    var colors = null, colorsVersion = 0, font = "12px sans-serif";
    var visibleVersion = 0;
    var stats = { frames: 0, tickMs: new Float32Array(120), drawMs: new Float32Array(120), frameMs: new Float32Array(120), ticks: new Uint16Array(120), lastFrame: 0 };
    if (center >= 0) sim.pin(center, 0, 0);

    /* ---- colours, size ---- */

    function readColors() {
      var st = getComputedStyle(doc.documentElement);
      var cs = getComputedStyle(canvas);
      var bg = cs.backgroundColor;
      if (!bg || bg === "transparent" || /rgba\(.*,\s*0\)$/.test(bg)) bg = cssVar(st, "--bg", "#fff");
      colors = {
        note: cssVar(st, "--c-blue", "#2560c4"),
        topic: cssVar(st, "--c-orange", "#cf6a0c"),
        center: cssVar(st, "--c-red", "#cf2f38"),
        edge: cssVar(st, "--fg-muted", "#5f6874"),
        embed: cssVar(st, "--c-purple", "#7c4dd6"),
        topicEdge: cssVar(st, "--c-orange", "#cf6a0c"),
        accent: cssVar(st, "--accent", "#2360c4"),
        label: cssVar(st, "--fg", "#1d2127"),
        halo: bg,
      };
      colors.rgb = { note: rgbOf(colors.note), topic: rgbOf(colors.topic), edge: rgbOf(colors.edge), topicEdge: rgbOf(colors.topicEdge) };
      colorsVersion++;
      font = "12px " + cssVar(st, "--font-sans", "sans-serif");
      labelW.fill(-1);
    }

    /** Matches the backing store to the CSS size and devicePixelRatio. */
    function syncSize() {
      var w = Math.max(1, canvas.clientWidth), h = Math.max(1, canvas.clientHeight); // inside the border
      var r = window.devicePixelRatio || 1;
      if (w === cssW && h === cssH && r === dpr) return false;
      var first = cssW === 0;
      if (!first && !userMoved) { cssW = w; cssH = h; dpr = r; fit(); }
      else if (!first) { tx += (w - cssW) / 2; ty += (h - cssH) / 2; }
      cssW = w; cssH = h; dpr = r;
      sim.setAspect(w / h);
      canvas.width = Math.round(w * r);
      canvas.height = Math.round(h * r);
      return true;
    }

    /* ---- camera ---- */

    function fit() {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (var i = 0; i < n; i++) {
        if (!visible[i]) continue;
        var r = radius[i];
        if (x[i] - r < x0) x0 = x[i] - r; if (x[i] + r > x1) x1 = x[i] + r;
        if (y[i] - r < y0) y0 = y[i] - r; if (y[i] + r > y1) y1 = y[i] + r;
      }
      if (x0 === Infinity) { k = 1; tx = cssW / 2; ty = cssH / 2; return; }
      var pad = local ? 28 : 24; // room for labels
      var w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
      k = clamp(Math.min((cssW - 2 * pad) / w, (cssH - 2 * pad) / h), K_MIN, FIT_K_MAX);
      tx = cssW / 2 - (x0 + x1) / 2 * k;
      ty = cssH / 2 - (y0 + y1) / 2 * k;
    }

    function zoomAt(px, py, factor) {
      var nk = clamp(k * factor, K_MIN, K_MAX);
      var wx = (px - tx) / k, wy = (py - ty) / k;
      k = nk; tx = px - wx * k; ty = py - wy * k;
      userMoved = true;
      lastMove = now();
      requestDraw();
    }

    /* ---- hit testing: a uniform grid over the visible nodes ---- */

    function buildGrid() {
      grid.dirty = false;
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, i;
      for (i = 0; i < n; i++) {
        if (!visible[i]) continue;
        if (x[i] < x0) x0 = x[i]; if (x[i] > x1) x1 = x[i];
        if (y[i] < y0) y0 = y[i]; if (y[i] > y1) y1 = y[i];
      }
      var size = clamp(Math.ceil(Math.sqrt(visibleCount / 2)), 1, GRID_MAX);
      var cell = Math.max(x1 - x0, y1 - y0, 1) / size * 1.0001;
      grid.size = size; grid.cell = cell; grid.x0 = x0; grid.y0 = y0;
      var cells = size * size;
      for (i = 0; i <= cells; i++) gridStart[i] = 0;
      for (i = 0; i < n; i++) {
        if (!visible[i]) continue;
        gridStart[gridCell(i) + 1]++;
      }
      for (i = 0; i < cells; i++) gridStart[i + 1] += gridStart[i];
      // Fill using the start offsets as cursors, then shift them back.
      for (i = 0; i < n; i++) {
        if (!visible[i]) continue;
        gridItems[gridStart[gridCell(i)]++] = i;
      }
      for (i = cells; i > 0; i--) gridStart[i] = gridStart[i - 1];
      gridStart[0] = 0;
    }

    function gridCell(i) {
      var s = grid.size;
      var cx = Math.min(s - 1, Math.floor((x[i] - grid.x0) / grid.cell));
      var cy = Math.min(s - 1, Math.floor((y[i] - grid.y0) / grid.cell));
      return cy * s + cx;
    }

    /** The visible node under a point in CSS pixels of the canvas, or -1. */
    function nodeAtPoint(px, py) {
      if (!visibleCount) return -1;
      if (grid.dirty) buildGrid();
      var wx = (px - tx) / k, wy = (py - ty) / k;
      var slop = HIT_SLOP / k, minR = MIN_SCREEN_R / k;
      var reach = Math.max(sim.maxRadius, minR) + slop;
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
    }

    function setHover(i) {
      if (i === hover) return;
      var a, end;
      if (hover >= 0) {
        marked[hover] = 0;
        for (a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end; a++) marked[g.adjNode[a]] = 0;
      }
      hover = i;
      if (hover >= 0) {
        marked[hover] = 1;
        for (a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end; a++) marked[g.adjNode[a]] = 1;
      }
      canvas.classList.toggle("on-node", hover >= 0);
      canvas.title = hover >= 0 ? g.titles[hover] : "";
      requestDraw();
    }

    /* ---- drawing ---- */

    function edgePath(kindWanted, x0, y0, x1, y1, skipMarked) {
      var src = g.src, dst = g.dst, ekind = g.ekind, drawn = 0;
      ctx.beginPath();
      for (var e = 0; e < m; e++) {
        if (ekind[e] !== kindWanted) continue;
        var s = src[e], t = dst[e];
        if (!visible[s] || !visible[t]) continue;
        if (skipMarked && (s === hover || t === hover)) continue;
        var xs = x[s], ys = y[s], xt = x[t], yt = y[t];
        if ((xs < x0 && xt < x0) || (xs > x1 && xt > x1) || (ys < y0 && yt < y0) || (ys > y1 && yt > y1)) continue;
        ctx.moveTo(xs, ys); ctx.lineTo(xt, yt);
        drawn++;
      }
      if (drawn) ctx.stroke();
    }

    /** Adds the visible nodes of one kind to a path; returns how many. */
    function nodePath(kindWanted, x0, y0, x1, y1, mode) {
      // mode 0: every node; 1: only unmarked; 2: only marked
      var kinds = g.kinds, minR = MIN_SCREEN_R / k, arcs = k * sim.maxRadius >= 2, drawn = 0;
      ctx.beginPath();
      for (var i = 0; i < n; i++) {
        if (!visible[i] || kinds[i] !== kindWanted) continue;
        if (mode === 1 && marked[i]) continue;
        if (mode === 2 && !marked[i]) continue;
        var xi = x[i], yi = y[i], r = radius[i];
        if (r < minR) r = minR;
        if (xi + r < x0 || xi - r > x1 || yi + r < y0 || yi - r > y1) continue;
        if (arcs && r * k >= 2) { ctx.moveTo(xi + r, yi); ctx.arc(xi, yi, r, 0, TAU); }
        else ctx.rect(xi - r, yi - r, 2 * r, 2 * r);
        drawn++;
      }
      if (drawn) ctx.fill();
      return drawn;
    }

    /**
     * A crowded view (thousands of nodes or edges on screen) is rasterised by
     * hand into an ImageData (anti-aliased lines, discs) and kept as a layer:
     * canvas paths with that many segments are slow to rasterise, above all
     * without a GPU. Hovering then only repaints the layer and the highlight.
     */
    var raster = null, rasterCoarse = null;
    var lastMove = 0, sharpTimer = 0; // when the view last moved (pan, zoom, drag)

    function rgbOf(color) {
      var c = doc.createElement("canvas");
      c.width = c.height = 1;
      var cx = c.getContext("2d");
      cx.fillStyle = color;
      cx.fillRect(0, 0, 1, 1);
      var d = cx.getImageData(0, 0, 1, 1).data;
      return [d[0], d[1], d[2]];
    }

    /** The layer at full resolution, or (coarse) at half of it while things move. */
    function ensureRaster(coarse) {
      var scale = Math.min(dpr, Math.sqrt(RASTER_MAX_PIXELS / (cssW * cssH)));
      if (coarse) scale = Math.min(scale * 0.5, 0.75);
      var w = Math.max(1, Math.round(cssW * scale)), h = Math.max(1, Math.round(cssH * scale));
      var R = coarse ? rasterCoarse : raster;
      if (R && R.w === w && R.h === h) return R;
      var layer = doc.createElement("canvas");
      layer.width = w; layer.height = h;
      var lctx = layer.getContext("2d");
      var img = lctx.createImageData(w, h);
      R = {
        w: w, h: h, scale: w / cssW, layer: layer, lctx: lctx, img: img, data: img.data,
        u32: new Uint32Array(img.data.buffer), links: new Float32Array(w * h), key: "",
      };
      if (coarse) rasterCoarse = R; else raster = R;
      return R;
    }

    var clipT0 = 0, clipT1 = 1;
    function clip(p, q) {
      if (p === 0) return q >= 0;
      var r = q / p;
      if (p < 0) { if (r > clipT1) return false; if (r > clipT0) clipT0 = r; }
      else { if (r < clipT0) return false; if (r < clipT1) clipT1 = r; }
      return true;
    }

    /** Adds an anti-aliased 1px line to a coverage buffer (Xiaolin Wu), clipped to it. */
    function wuLine(cov, w, h, ax, ay, bx, by, weight) {
      // Liang–Barsky clipping to [0, w-1] x [0, h-1].
      var dx = bx - ax, dy = by - ay;
      clipT0 = 0; clipT1 = 1;
      if (!clip(-dx, ax) || !clip(dx, w - 1 - ax) || !clip(-dy, ay) || !clip(dy, h - 1 - ay)) return;
      var t0 = clipT0, t1 = clipT1;
      var x0 = ax + t0 * dx, y0 = ay + t0 * dy, x1 = ax + t1 * dx, y1 = ay + t1 * dy;
      var steep = Math.abs(y1 - y0) > Math.abs(x1 - x0), tmp;
      if (steep) { tmp = x0; x0 = y0; y0 = tmp; tmp = x1; x1 = y1; y1 = tmp; }
      if (x0 > x1) { tmp = x0; x0 = x1; x1 = tmp; tmp = y0; y0 = y1; y1 = tmp; }
      var grad = x1 - x0 > 0 ? (y1 - y0) / (x1 - x0) : 0;
      var xs = (x0 + 0.5) | 0, xe = (x1 + 0.5) | 0;
      // The minor coordinate in 16.16 fixed point; one step along the major axis per pixel.
      var fy = ((y0 + grad * (xs - x0)) * 65536) | 0, fg = (grad * 65536) | 0;
      var limit = steep ? w - 1 : h - 1, stride = steep ? 1 : w, major = steep ? w : 1, unit = weight / 65536;
      for (var X = xs, idx = xs * major; X <= xe; X++, fy += fg, idx += major) {
        var Y = fy >> 16;
        if (Y < 0 || Y > limit) continue;
        var f = (fy & 0xffff) * unit;
        var at = idx + Y * stride;
        cov[at] += weight - f;
        if (Y < limit) cov[at + stride] += f;
      }
    }

    /** Paints an anti-aliased disc over the layer (non-premultiplied RGBA). */
    function disc(R, cx, cy, r, rgb, solid) {
      var w = R.w, h = R.h, data = R.data, u32 = R.u32, rr = r + 0.5, rr2 = rr * rr, inner = r - 0.5, inner2 = inner > 0 ? inner * inner : -1;
      var xa = Math.max(0, Math.floor(cx - rr)), xb = Math.min(w - 1, Math.ceil(cx + rr));
      var ya = Math.max(0, Math.floor(cy - rr)), yb = Math.min(h - 1, Math.ceil(cy + rr));
      var cr = rgb[0], cg = rgb[1], cb = rgb[2];
      for (var Y = ya; Y <= yb; Y++) {
        var ddy = Y + 0.5 - cy;
        for (var X = xa; X <= xb; X++) {
          var ddx = X + 0.5 - cx, d2 = ddx * ddx + ddy * ddy;
          if (d2 >= rr2) continue;
          if (d2 <= inner2) { u32[Y * w + X] = solid; continue; }
          var c = rr - Math.sqrt(d2);
          if (c > 1) c = 1;
          var q = 4 * (Y * w + X);
          var da = data[q + 3] / 255, keep = da * (1 - c), oa = c + keep;
          data[q] = (cr * c + data[q] * keep) / oa;
          data[q + 1] = (cg * c + data[q + 1] * keep) / oa;
          data[q + 2] = (cb * c + data[q + 2] * keep) / oa;
          data[q + 3] = oa * 255;
        }
      }
    }

    var LUT_SIZE = 1024, LUT_STEP = 16; // coverage -> colour with opacity, up to 64 overlapping lines
    var lut = new Uint32Array(LUT_SIZE), lutVersion = -1;
    var littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    function pack(r, g2, b, a) {
      return littleEndian ? ((a << 24) | (b << 16) | (g2 << 8) | r) >>> 0 : ((r << 24) | (g2 << 16) | (b << 8) | a) >>> 0;
    }

    /** Renders edges and nodes of the current view into the layer. */
    function renderLayer(R) {
      var w = R.w, h = R.h, cov = R.links, u32 = R.u32, i, e, p;
      var ks = k * R.scale, ox = tx * R.scale, oy = ty * R.scale;
      if (lutVersion !== colorsVersion) {
        var ec = colors.rgb.edge;
        for (var li = 0; li < LUT_SIZE; li++) {
          lut[li] = pack(ec[0], ec[1], ec[2], Math.round(255 * (1 - Math.pow(1 - DENSE_EDGE_ALPHA, li / LUT_STEP))));
        }
        lutVersion = colorsVersion;
      }
      cov.fill(0);
      u32.fill(0);
      var src = g.src, dst = g.dst, ekind = g.ekind;
      for (e = 0; e < m; e++) {
        var a = src[e], b = dst[e];
        if (!visible[a] || !visible[b]) continue;
        // Topic edges count less: a faint haze towards each topic.
        wuLine(cov, w, h, x[a] * ks + ox, y[a] * ks + oy, x[b] * ks + ox, y[b] * ks + oy, ekind[e] === EDGE_TOPIC ? 0.5 : 1);
      }
      var last = LUT_SIZE - 1;
      for (p = 0; p < w * h; p++) {
        var c = cov[p];
        if (c !== 0) u32[p] = lut[c >= 63.9 ? last : (c * LUT_STEP) | 0];
      }
      var minR = MIN_SCREEN_R * R.scale;
      for (var pass = 0; pass < 2; pass++) { // notes, then topics on top
        var kindWanted = pass === 0 ? KIND_NOTE : KIND_TOPIC, rgb = pass === 0 ? colors.rgb.note : colors.rgb.topic;
        var solid = pack(rgb[0], rgb[1], rgb[2], 255);
        for (i = 0; i < n; i++) {
          if (!visible[i] || g.kinds[i] !== kindWanted) continue;
          var sx = x[i] * ks + ox, sy = y[i] * ks + oy, r = Math.max(radius[i] * ks, minR);
          if (sx + r < 0 || sy + r < 0 || sx - r > w || sy - r > h) continue;
          disc(R, sx, sy, r, rgb, solid);
        }
      }
      R.lctx.putImageData(R.img, 0, 0);
    }

    function sharpen() {
      sharpTimer = 0;
      if (sim.active() || press !== null || now() - lastMove < SHARPEN_DELAY) sharpTimer = setTimeout(sharpen, SHARPEN_DELAY);
      else requestDraw();
    }

    /** Counts the visible nodes in the world rectangle into inView; returns how many. */
    function collectInView(x0, y0, x1, y1) {
      var count = 0;
      for (var i = 0; i < n; i++) {
        if (visible[i] && x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1) inView[count++] = i;
      }
      return count;
    }

    function draw() {
      var t0 = now();
      syncSize();
      if (!colors) readColors();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (!n) return 0;
      var s = dpr * k;
      var pad = sim.maxRadius + MIN_SCREEN_R / k;
      var x0 = -tx / k - pad, y0 = -ty / k - pad, x1 = (cssW - tx) / k + pad, y1 = (cssH - ty) / k + pad;
      var dim = hover >= 0;
      var count = collectInView(x0, y0, x1, y1);
      var edgesInView = visibleCount ? m * count / visibleCount : 0;
      var crowded = !local && (count > DENSE_NODES || edgesInView > DENSE_EDGES);
      var dense = m > 3000 && k < 0.6;

      if (crowded) {
        // Half resolution while the layout runs or the view moves; sharp once it rests.
        var coarse = sim.active() || press !== null || now() - lastMove < SHARPEN_DELAY;
        if (coarse && !sharpTimer) sharpTimer = setTimeout(sharpen, SHARPEN_DELAY);
        var R = ensureRaster(coarse);
        var key = sim.version + " " + k + " " + tx + " " + ty + " " + visibleVersion + " " + colorsVersion;
        if (key !== R.key) { renderLayer(R); R.key = key; }
        ctx.globalAlpha = dim ? 0.22 : 1;
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(R.layer, 0, 0, canvas.width, canvas.height);
        ctx.setTransform(s, 0, 0, s, dpr * tx, dpr * ty);
      } else {
        ctx.setTransform(s, 0, 0, s, dpr * tx, dpr * ty);
        // Edges: thin lines, one path per kind.
        ctx.lineWidth = 1 / k;
        ctx.globalAlpha = dim ? 0.08 : dense ? 0.22 : 0.45;
        ctx.strokeStyle = colors.edge; edgePath(EDGE_LINK, x0, y0, x1, y1, dim);
        ctx.strokeStyle = colors.embed; edgePath(EDGE_EMBED, x0, y0, x1, y1, dim);
        ctx.globalAlpha *= 0.6;
        ctx.strokeStyle = colors.topicEdge; edgePath(EDGE_TOPIC, x0, y0, x1, y1, dim);
      }
      if (dim) {
        ctx.globalAlpha = 0.9;
        ctx.lineWidth = 1.6 / k;
        ctx.strokeStyle = colors.accent;
        ctx.beginPath();
        for (var a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end; a++) {
          var j = g.adjNode[a];
          if (!visible[j]) continue;
          ctx.moveTo(x[hover], y[hover]); ctx.lineTo(x[j], y[j]);
        }
        ctx.stroke();
      }

      // Nodes: one path per colour; topics on top.
      if (!crowded) {
        ctx.globalAlpha = dim ? 0.25 : 1;
        ctx.fillStyle = colors.note; nodePath(KIND_NOTE, x0, y0, x1, y1, dim ? 1 : 0);
        ctx.fillStyle = colors.topic; nodePath(KIND_TOPIC, x0, y0, x1, y1, dim ? 1 : 0);
      }
      ctx.globalAlpha = 1;
      if (dim) {
        ctx.fillStyle = colors.note; nodePath(KIND_NOTE, x0, y0, x1, y1, 2);
        ctx.fillStyle = colors.topic; nodePath(KIND_TOPIC, x0, y0, x1, y1, 2);
      }
      if (center >= 0 && visible[center]) {
        ctx.fillStyle = colors.center;
        ctx.beginPath(); ctx.arc(x[center], y[center], Math.max(radius[center], MIN_SCREEN_R / k), 0, TAU); ctx.fill();
      }
      if (hover >= 0) {
        ctx.lineWidth = 2 / k;
        ctx.strokeStyle = colors.accent;
        ctx.beginPath(); ctx.arc(x[hover], y[hover], Math.max(radius[hover], MIN_SCREEN_R / k) + 2.5 / k, 0, TAU); ctx.stroke();
      }

      drawLabels(count);
      ctx.globalAlpha = 1;
      lastDraw = now();
      return lastDraw - t0;
    }

    /** Is the box clear of the labels placed so far, of nodes (other than `self`) and inside the canvas? */
    function labelFits(bx, by, bw, bh, placed, self) {
      if (bx < 1 || by < 1 || bx + bw > cssW - 1 || by + bh > cssH - 1) return false;
      var bx1 = bx + bw, by1 = by + bh, p, o;
      for (p = 0; p < placed; p++) {
        o = 4 * p;
        if (bx < boxes[o + 2] && bx1 > boxes[o] && by < boxes[o + 3] && by1 > boxes[o + 1]) return false;
      }
      for (p = 0; p < obstacleCount; p++) {
        o = 3 * p;
        if (obstacleNode[p] === self) continue;
        var cx = obstacles[o], cy = obstacles[o + 1], r = obstacles[o + 2];
        var nx = cx < bx ? bx : cx > bx1 ? bx1 : cx, ny = cy < by ? by : cy > by1 ? by1 : cy;
        if ((nx - cx) * (nx - cx) + (ny - cy) * (ny - cy) < r * r) return false;
      }
      return true;
    }

    /** Labels: the hovered node's neighbourhood, and every node in view when there are few. */
    function drawLabels(count) {
      var i;
      var all = local || count <= LABEL_VIEW_LIMIT;
      obstacleCount = 0;
      if (!all && hover < 0) return;
      if (all) { // labels keep off the nodes in view
        for (var v = 0; v < count; v++) {
          var ni = inView[v], ob = 3 * v;
          obstacleNode[v] = ni;
          obstacles[ob] = x[ni] * k + tx; obstacles[ob + 1] = y[ni] * k + ty;
          obstacles[ob + 2] = Math.max(radius[ni] * k, MIN_SCREEN_R) + 1;
        }
        obstacleCount = count;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = font;
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      ctx.lineWidth = 3;
      ctx.strokeStyle = colors.halo;
      ctx.fillStyle = colors.label;
      var placed = 0;
      // First the hovered node and its neighbours, then the rest by degree.
      if (hover >= 0) {
        placed = placeLabel(hover, placed, true);
        for (var a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end && placed < MAX_LABELS; a++) {
          var j = g.adjNode[a];
          if (visible[j]) placed = placeLabel(j, placed, false);
        }
      }
      if (center >= 0 && visible[center] && center !== hover) placed = placeLabel(center, placed, true);
      // Keep other labels off the hovered and the central node.
      if (hover >= 0) placed = blockNode(hover, placed);
      if (center >= 0 && visible[center]) placed = blockNode(center, placed);
      if (!all) return;
      var list = inView.subarray(0, count);
      var deg = g.deg, kinds = g.kinds;
      list.sort(function (p, q) { return (deg[q] + kinds[q] * 1000) - (deg[p] + kinds[p] * 1000) || p - q; });
      ctx.globalAlpha = hover >= 0 ? 0.25 : 1;
      for (var c = 0; c < count && placed < MAX_LABELS; c++) {
        i = list[c];
        if (i === hover || i === center || (hover >= 0 && marked[i])) continue;
        placed = placeLabel(i, placed, false);
      }
      ctx.globalAlpha = 1;
    }

    function blockNode(i, placed) {
      if (placed >= MAX_LABELS) return placed;
      var sx = x[i] * k + tx, sy = y[i] * k + ty, r = Math.max(radius[i] * k, MIN_SCREEN_R) + 2, o = 4 * placed;
      boxes[o] = sx - r; boxes[o + 1] = sy - r; boxes[o + 2] = sx + r; boxes[o + 3] = sy + r;
      return placed + 1;
    }

    /** Draws the label of node i below, above, right or left of it, wherever it fits (forced: below). */
    function placeLabel(i, placed, force) {
      var text = g.labels[i];
      if (!text) return placed;
      var w = labelW[i];
      if (w < 0) w = labelW[i] = ctx.measureText(text).width;
      var sx = x[i] * k + tx, sy = y[i] * k + ty, r = Math.max(radius[i] * k, MIN_SCREEN_R);
      var bh = 14, bx = 0, by = 0, ok = false;
      for (var side = 0; side < 4 && !ok; side++) {
        if (side === 0) { bx = sx - w / 2; by = sy + r + 2; }
        else if (side === 1) { by = sy - r - 2 - bh; }
        else if (side === 2) { bx = sx + r + 4; by = sy - bh / 2; }
        else { bx = sx - r - 4 - w; }
        ok = force || labelFits(bx - 2, by, w + 4, bh, placed, i);
      }
      if (!ok || bx + w < 0 || bx > cssW || by > cssH || by + bh < 0) return placed;
      if (placed < MAX_LABELS) {
        var o = 4 * placed;
        boxes[o] = bx - 2; boxes[o + 1] = by; boxes[o + 2] = bx + w + 2; boxes[o + 3] = by + bh;
        placed++;
      }
      ctx.strokeText(text, bx, by);
      ctx.fillText(text, bx, by);
      return placed;
    }

    /* ---- the animation loop ---- */

    function requestDraw() {
      if (drawQueued) return;
      drawQueued = true;
      if (!running) { running = true; window.requestAnimationFrame(frame); }
    }

    function startLayout() {
      if (!running) { running = true; window.requestAnimationFrame(frame); }
    }

    function frame(ts) {
      var slot = stats.frames % 120;
      stats.frameMs[slot] = stats.lastFrame ? ts - stats.lastFrame : 0;
      stats.lastFrame = ts;
      var t0 = now(), ticks = 0, moved = false;
      if (sim.active()) {
        var budget = reduceMotion.matches ? 3 * TICK_BUDGET_MS : TICK_BUDGET_MS;
        ticks = sim.step(budget, reduceMotion.matches ? 1000 : TICKS_PER_FRAME);
        if (ticks > 0) {
          moved = true;
          grid.dirty = true;
          if (!userMoved) fit();
        }
      }
      var t1 = now();
      stats.tickMs[slot] = t1 - t0;
      stats.ticks[slot] = ticks;
      if (moved && pointer && !press) setHover(nodeAtPoint(pointer.x, pointer.y));
      // With reduced motion the layout is drawn only now and then, and once settled.
      var settledNow = moved && !sim.active();
      var drawNow = drawQueued || (moved && (!reduceMotion.matches || settledNow || t1 - lastDraw > 500));
      stats.drawMs[slot] = drawNow ? draw() : 0;
      if (drawNow) drawQueued = false;
      stats.frames++;
      if (sim.active() || drawQueued) window.requestAnimationFrame(frame);
      else { running = false; stats.lastFrame = 0; }
    }

    /* ---- input ---- */

    /** The top-left corner of the drawing area (inside the border), in viewport coordinates. */
    function origin() {
      var rect = canvas.getBoundingClientRect();
      return { x: rect.left + canvas.clientLeft, y: rect.top + canvas.clientTop };
    }

    function localPoint(e) {
      var o = origin();
      return { x: e.clientX - o.x, y: e.clientY - o.y };
    }

    function open(i, newTab) {
      var url = g.urls[i];
      if (typeof url !== "string") return;
      var href = pageHref(url);
      if (newTab) window.open(href, "_blank", "noopener");
      else window.location.href = href;
    }

    canvas.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 && e.button !== 1) return;
      var p = localPoint(e);
      var hit = nodeAtPoint(p.x, p.y);
      press = { id: e.pointerId, x: p.x, y: p.y, node: hit, dragging: false, button: e.button, lastX: p.x, lastY: p.y };
      if (e.button === 0) {
        try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
      }
      if (e.button === 1) e.preventDefault(); // no autoscroll
    });

    canvas.addEventListener("pointermove", function (e) {
      var p = localPoint(e);
      pointer = p;
      if (!press || press.id !== e.pointerId) {
        if (!press) setHover(nodeAtPoint(p.x, p.y));
        return;
      }
      if (!press.dragging && Math.abs(p.x - press.x) + Math.abs(p.y - press.y) >= DRAG_THRESHOLD) {
        press.dragging = true;
        if (press.node >= 0 && press.node !== center) { sim.alphaTarget = 0.3; sim.reheat(0.3); startLayout(); }
        else canvas.classList.add("is-panning");
      }
      if (!press.dragging) return;
      if (press.node >= 0 && press.node !== center) {
        sim.pin(press.node, (p.x - tx) / k, (p.y - ty) / k);
        grid.dirty = true;
        requestDraw();
      } else {
        tx += p.x - press.lastX; ty += p.y - press.lastY;
        userMoved = true;
        lastMove = now();
        requestDraw();
      }
      press.lastX = p.x; press.lastY = p.y;
    });

    function endPress(e, cancelled) {
      if (!press || press.id !== e.pointerId) return;
      var pr = press;
      press = null;
      canvas.classList.remove("is-panning");
      if (pr.node >= 0 && pr.dragging && pr.node !== center) {
        sim.unpin(pr.node);
        sim.alphaTarget = 0;
        startLayout();
      }
      if (!cancelled && !pr.dragging && pr.node >= 0 && pr.node !== center) open(pr.node, pr.button === 1 || e.ctrlKey || e.metaKey || e.shiftKey);
    }
    canvas.addEventListener("pointerup", function (e) { endPress(e, false); });
    canvas.addEventListener("pointercancel", function (e) { endPress(e, true); });
    canvas.addEventListener("pointerleave", function () {
      pointer = null;
      if (!press) setHover(-1);
    });
    canvas.addEventListener("auxclick", function (e) { if (e.button === 1) e.preventDefault(); });

    canvas.addEventListener("wheel", function (e) {
      if (local && !(e.ctrlKey || e.metaKey)) return; // let the page scroll
      e.preventDefault();
      var p = localPoint(e);
      var dy = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? cssH : 1);
      zoomAt(p.x, p.y, Math.exp(-clamp(dy, -300, 300) * 0.002));
    }, { passive: false });

    canvas.addEventListener("keydown", function (e) {
      var step = 60, handled = true;
      switch (e.key) {
        case "ArrowLeft": tx += step; userMoved = true; break;
        case "ArrowRight": tx -= step; userMoved = true; break;
        case "ArrowUp": ty += step; userMoved = true; break;
        case "ArrowDown": ty -= step; userMoved = true; break;
        case "+": case "=": zoomAt(cssW / 2, cssH / 2, 1.25); break;
        case "-": case "_": zoomAt(cssW / 2, cssH / 2, 0.8); break;
        case "0": userMoved = false; fit(); break;
        case "Enter": if (hover >= 0) open(hover, e.ctrlKey || e.metaKey); else handled = false; break;
        default: handled = false;
      }
      if (handled) { e.preventDefault(); requestDraw(); }
    });

    /* ---- theme and size changes ---- */

    function restyle() { colors = null; requestDraw(); }
    if (window.MutationObserver) {
      new MutationObserver(restyle).observe(doc.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
    }
    var scheme = media("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", restyle);
    if (window.ResizeObserver) new ResizeObserver(function () { requestDraw(); }).observe(canvas);
    else window.addEventListener("resize", requestDraw);

    syncSize();
    fit();
    startLayout();
    requestDraw();

    /* ---- API ---- */

    function indexOf(id) {
      var i = g.byId.get(id);
      return i === undefined ? -1 : i;
    }

    var api = {
      /** Node count, edge count, and how many nodes the filter shows. */
      size: function () { return { nodes: n, edges: m, visible: visibleCount }; },
      node: function (id) {
        var i = indexOf(id);
        return i < 0 ? null : { id: g.ids[i], kind: g.kinds[i] === KIND_TOPIC ? "topic" : "note", title: g.titles[i], url: g.urls[i], degree: g.deg[i], visible: !!visible[i] };
      },
      /** Ids of the nodes, of one kind if given. */
      ids: function (kind) {
        var out = [];
        for (var i = 0; i < n; i++) if (!kind || (kind === "topic") === (g.kinds[i] === KIND_TOPIC)) out.push(g.ids[i]);
        return out;
      },
      /** Viewport (client) coordinates of a node's centre, or null when hidden or off the canvas. */
      nodeScreenPosition: function (id) {
        var i = indexOf(id);
        if (i < 0 || !visible[i]) return null;
        var o = origin();
        var sx = x[i] * k + tx, sy = y[i] * k + ty;
        if (sx < 0 || sy < 0 || sx > cssW || sy > cssH) return null;
        return { x: o.x + sx, y: o.y + sy, r: Math.max(radius[i] * k, MIN_SCREEN_R) };
      },
      /** Id of the node under a viewport point, or null. */
      nodeAt: function (clientX, clientY) {
        var o = origin();
        var i = nodeAtPoint(clientX - o.x, clientY - o.y);
        return i < 0 ? null : g.ids[i];
      },
      settled: function () { return !sim.active() && !press; },
      /** Timing of the recent frames, in milliseconds. */
      stats: function () {
        var count = Math.min(stats.frames, 120), tick = 0, drawT = 0, frameT = 0, maxTick = 0, maxDraw = 0, ticks = 0, fc = 0;
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
      },
      /** Draws once now, returns the time it took (for measurements). */
      redraw: function () { return draw(); },
      fit: function () { userMoved = false; fit(); requestDraw(); },
      zoom: function (factor) { zoomAt(cssW / 2, cssH / 2, factor); },
      /** Shows only the nodes for which keep(index) is true (null: all). */
      filter: function (keep) {
        visibleCount = 0;
        for (var i = 0; i < n; i++) {
          visible[i] = keep ? (keep(i) ? 1 : 0) : 1;
          visibleCount += visible[i];
        }
        grid.dirty = true;
        visibleVersion++;
        setHover(-1);
        userMoved = false;
        fit();
        requestDraw();
        return visibleCount;
      },
      reheat: function () { sim.reheat(0.5); startLayout(); },
      graph: g,
      canvas: canvas,
    };
    return api;
  }

  /* ---------------------------------------------------------------- topics */

  /** Does a note's topic list include `name` or one of its subtopics? */
  function hasTopic(list, name) {
    for (var i = 0; i < list.length; i++) {
      var t = list[i];
      if (t === name || (t.length > name.length && t.charAt(name.length) === "/" && t.slice(0, name.length) === name)) return true;
    }
    return false;
  }

  /** Topic names (with their parents) and how many notes each covers, by name. */
  function topicCounts(g) {
    var counts = new Map();
    for (var i = 0; i < g.n; i++) {
      if (g.kinds[i] !== KIND_NOTE) continue;
      var seen = new Set(), list = g.topics[i];
      for (var j = 0; j < list.length; j++) {
        var parts = list[j].split("/");
        for (var p = 1; p <= parts.length; p++) seen.add(parts.slice(0, p).join("/"));
      }
      seen.forEach(function (name) { if (name) counts.set(name, (counts.get(name) || 0) + 1); });
    }
    return Array.from(counts.entries()).sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
  }

  /* ---------------------------------------------------------------- the graph page */

  function readHashTopic() {
    var m = /(?:^#|&)topic=([^&]*)/.exec(location.hash);
    if (!m) return "";
    try { return decodeURIComponent(m[1]); } catch (e) { return ""; }
  }

  function initPage() {
    var canvas = doc.getElementById("lore-graph");
    if (!canvas || !canvas.getContext || canvas.loreGraphView) return;
    var g = siteGraph();
    var empty = doc.getElementById("graph-empty");
    var status = doc.getElementById("graph-status");
    if (!g || !g.n) {
      if (empty) empty.hidden = false;
      canvas.hidden = true;
      return;
    }
    var view = createView(canvas, g, {});
    canvas.loreGraphView = view;
    lore.graph = view;
    lore.graphNodeScreenPosition = view.nodeScreenPosition;

    var select = doc.getElementById("graph-topic");
    var showTopics = doc.getElementById("graph-show-topics");
    var fitButton = doc.getElementById("graph-fit");
    var topics = topicCounts(g);
    var notes = 0, topicNodes = 0, links = 0;
    for (var i = 0; i < g.n; i++) if (g.kinds[i] === KIND_TOPIC) topicNodes++; else notes++;
    for (var e = 0; e < g.m; e++) if (g.ekind[e] !== EDGE_TOPIC) links++;

    if (select) {
      for (var t = 0; t < topics.length; t++) {
        var opt = doc.createElement("option");
        opt.value = topics[t][0];
        opt.textContent = "#" + topics[t][0] + " (" + topics[t][1] + ")";
        select.appendChild(opt);
      }
      if (!topics.length) select.disabled = true;
    }
    if (showTopics && !topicNodes) showTopics.closest("label").hidden = true;

    function apply() {
      var topic = select ? select.value : "";
      var withTopics = !showTopics || showTopics.checked;
      if (showTopics) showTopics.disabled = !!topic;
      var count = view.filter(function (i) {
        if (topic) return g.kinds[i] === KIND_NOTE && hasTopic(g.topics[i], topic);
        return withTopics || g.kinds[i] !== KIND_TOPIC;
      });
      if (status) {
        status.textContent = topic
          ? count + " note" + (count === 1 ? "" : "s") + " tagged #" + topic
          : notes + " notes · " + links + " links" + (topicNodes && withTopics ? " · " + topicNodes + " topics" : "");
      }
    }

    var initial = readHashTopic();
    if (select && initial) {
      for (var o = 0; o < select.options.length; o++) if (select.options[o].value === initial) select.value = initial;
    }
    if (select) select.addEventListener("change", function () {
      apply();
      try {
        history.replaceState(null, "", select.value ? "#topic=" + encodeURIComponent(select.value) : location.pathname + location.search);
      } catch (err) { /* some file:// setups forbid it */ }
    });
    if (showTopics) showTopics.addEventListener("change", apply);
    if (fitButton) fitButton.addEventListener("click", function () { view.fit(); });
    apply();
  }

  /* ---------------------------------------------------------------- the local graph of a note */

  /**
   * Draws the neighbourhood of the note at `url` (root-relative, "etcd/") on
   * `canvas`: notes up to `hops` links or embeds away (either direction), and
   * the note's topics when it has only a few. Returns the view, or null when
   * there is no graph data or no such note.
   */
  lore.localGraph = function (canvas, url, hops) {
    var g = siteGraph();
    if (!g || !canvas || !canvas.getContext) return null;
    if (canvas.loreGraphView) return canvas.loreGraphView;
    var c = -1, i;
    for (i = 0; i < g.n; i++) if (g.kinds[i] === KIND_NOTE && g.urls[i] === url) { c = i; break; }
    if (c < 0) return null;
    hops = clamp(parseInt(hops, 10) || 1, 1, 3);
    var dist = new Int8Array(g.n).fill(-1);
    var keep = [c];
    dist[c] = 0;
    for (var head = 0; head < keep.length && keep.length < LOCAL_MAX_NODES; head++) {
      var v = keep[head];
      if (dist[v] >= hops) continue;
      for (var a = g.adjStart[v], end = g.adjStart[v + 1]; a < end && keep.length < LOCAL_MAX_NODES; a++) {
        var w = g.adjNode[a];
        if (dist[w] >= 0 || g.ekind[g.adjEdge[a]] === EDGE_TOPIC || g.kinds[w] === KIND_TOPIC) continue;
        dist[w] = dist[v] + 1;
        keep.push(w);
      }
    }
    var topics = [];
    for (var b = g.adjStart[c], bend = g.adjStart[c + 1]; b < bend; b++) {
      var tnode = g.adjNode[b];
      if (g.kinds[tnode] === KIND_TOPIC && dist[tnode] < 0) { dist[tnode] = 1; topics.push(tnode); }
    }
    if (topics.length && topics.length <= LOCAL_MAX_TOPICS) keep = keep.concat(topics);
    var view = createView(canvas, subgraph(g, keep), { local: true, center: 0 });
    canvas.loreGraphView = view;
    lore.localGraphView = view;
    return view;
  };

  lore.graphView = createView; // for themes that draw their own graphs

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", initPage);
  else initPage();
})();
