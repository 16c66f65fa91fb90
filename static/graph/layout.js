/* Lore graph view, part 2 of 7: the layout. A force simulation in the
 * manner of d3-force, on typed arrays: a Barnes–Hut quadtree for the
 * repulsion between nodes, springs along the edges, gravity towards the
 * centre. It runs a few steps per animation frame (see view.js), spreading
 * a big graph's step over several frames, and stops once it has cooled.
 * Deterministic: the same graph always settles into the same picture.
 * Needs static/graph/data.js loaded before it. */
(function () {
  "use strict";

  var G = window.lore.graphLib;
  var now = G.now, clamp = G.clamp;
  var KIND_TOPIC = G.KIND_TOPIC, EDGE_TOPIC = G.EDGE_TOPIC;

  var CHARGE = -30; // repulsion of a note (topics repel twice as much)
  var THETA2 = 0.81; // Barnes–Hut accuracy (theta 0.9), squared
  var DIST_MIN2 = 1; // repulsion is capped below this squared distance
  var LINK_DISTANCE = 30, TOPIC_DISTANCE = 50, TOPIC_LINK_STRENGTH = 0.5;
  var GRAVITY = 0.04; // pull towards the centre, keeps separate clusters together
  var VELOCITY_KEEP = 0.6; // 1 - d3's velocityDecay
  var ALPHA_MIN = 0.001, ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 300); // ~300 steps
  var TREE_MAX_DEPTH = 24;
  var CHARGE_SLICE = 512; // nodes between two looks at the clock

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

  G.Simulation = Simulation;
})();
