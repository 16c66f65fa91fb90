/* Lore graph view, part 4 of 7: drawing. The View methods that paint a
 * frame on the canvas: colours from the theme's CSS variables, edges and
 * nodes as canvas paths (one per kind and colour), the hovered node's
 * highlight, and the labels, placed where they overlap neither each other
 * nor the nodes. A crowded view hands its edges and nodes to raster.js.
 * Needs static/graph/view.js loaded before it. */
(function () {
  "use strict";

  var G = window.lore.graphLib;
  var View = G.View, now = G.now, TAU = G.TAU, MIN_SCREEN_R = G.MIN_SCREEN_R;
  var KIND_NOTE = G.KIND_NOTE, KIND_TOPIC = G.KIND_TOPIC;
  var EDGE_LINK = G.EDGE_LINK, EDGE_EMBED = G.EDGE_EMBED, EDGE_TOPIC = G.EDGE_TOPIC;

  var LABEL_VIEW_LIMIT = 220; // label every node once no more than this many are in view
  var MAX_LABELS = 260;
  var DENSE_NODES = 1500, DENSE_EDGES = 4000; // more than this in view: rasterise by hand (raster.js)

  View.prototype.initRender = function () {
    var n = this.n;
    this.inView = new Int32Array(n); // the visible nodes in view, this frame
    this.labelW = new Float32Array(n).fill(-1); // measured label widths
    this.boxes = new Float32Array(4 * MAX_LABELS); // the labels placed so far
    this.obstacles = new Float32Array(3 * n); // discs labels keep off
    this.obstacleNode = new Int32Array(n);
    this.obstacleCount = 0;
    this.colors = null; // read from CSS on the next draw
    this.colorsVersion = 0;
    this.font = "12px sans-serif";
  };

  /* ---- colours ---- */

  function cssVar(style, name, fallback) {
    var v = style.getPropertyValue(name);
    return v && v.trim() ? v.trim() : fallback;
  }

  View.prototype.readColors = function () {
    var st = getComputedStyle(document.documentElement);
    var cs = getComputedStyle(this.canvas);
    var bg = cs.backgroundColor;
    if (!bg || bg === "transparent" || /rgba\(.*,\s*0\)$/.test(bg)) bg = cssVar(st, "--bg", "#fff");
    var colors = (this.colors = {
      note: cssVar(st, "--c-blue", "#2560c4"),
      topic: cssVar(st, "--c-orange", "#cf6a0c"),
      center: cssVar(st, "--c-red", "#cf2f38"),
      edge: cssVar(st, "--fg-muted", "#5f6874"),
      embed: cssVar(st, "--c-purple", "#7c4dd6"),
      topicEdge: cssVar(st, "--c-orange", "#cf6a0c"),
      accent: cssVar(st, "--accent", "#2360c4"),
      label: cssVar(st, "--fg", "#1d2127"),
      halo: bg,
    });
    var rgbOf = G.rgbOf;
    colors.rgb = { note: rgbOf(colors.note), topic: rgbOf(colors.topic), edge: rgbOf(colors.edge), topicEdge: rgbOf(colors.topicEdge) };
    this.colorsVersion++;
    this.font = "12px " + cssVar(st, "--font-sans", "sans-serif");
    this.labelW.fill(-1);
  };

  /* ---- a frame ---- */

  /** Draws the whole view; returns how long it took (ms). */
  View.prototype.draw = function () {
    var t0 = now();
    this.syncSize();
    if (!this.colors) this.readColors();
    var ctx = this.ctx, k = this.k, tx = this.tx, ty = this.ty;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (!this.n) return 0;
    var pad = this.sim.maxRadius + MIN_SCREEN_R / k;
    var x0 = -tx / k - pad, y0 = -ty / k - pad, x1 = (this.cssW - tx) / k + pad, y1 = (this.cssH - ty) / k + pad;
    var dim = this.hover >= 0;
    var count = this.collectInView(x0, y0, x1, y1);
    var edgesInView = this.visibleCount ? this.m * count / this.visibleCount : 0;
    var crowded = !this.local && (count > DENSE_NODES || edgesInView > DENSE_EDGES);
    if (crowded) this.drawLayer(dim);
    else this.drawEdges(x0, y0, x1, y1, dim);
    if (dim) this.drawHoverEdges();
    this.drawNodes(x0, y0, x1, y1, crowded, dim);
    this.drawLabels(count);
    ctx.globalAlpha = 1;
    this.lastDraw = now();
    return this.lastDraw - t0;
  };

  /** Counts the visible nodes in the world rectangle into inView; returns how many. */
  View.prototype.collectInView = function (x0, y0, x1, y1) {
    var n = this.n, visible = this.visible, x = this.x, y = this.y, inView = this.inView, count = 0;
    for (var i = 0; i < n; i++) {
      if (visible[i] && x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1) inView[count++] = i;
    }
    return count;
  };

  /** Sets the canvas transform to world coordinates. */
  View.prototype.worldTransform = function () {
    var s = this.dpr * this.k;
    this.ctx.setTransform(s, 0, 0, s, this.dpr * this.tx, this.dpr * this.ty);
  };

  /** Edges: thin lines, one path per kind. */
  View.prototype.drawEdges = function (x0, y0, x1, y1, dim) {
    var ctx = this.ctx, colors = this.colors, k = this.k;
    var dense = this.m > 3000 && k < 0.6;
    this.worldTransform();
    ctx.lineWidth = 1 / k;
    ctx.globalAlpha = dim ? 0.08 : dense ? 0.22 : 0.45;
    ctx.strokeStyle = colors.edge; this.edgePath(EDGE_LINK, x0, y0, x1, y1, dim);
    ctx.strokeStyle = colors.embed; this.edgePath(EDGE_EMBED, x0, y0, x1, y1, dim);
    ctx.globalAlpha *= 0.6;
    ctx.strokeStyle = colors.topicEdge; this.edgePath(EDGE_TOPIC, x0, y0, x1, y1, dim);
  };

  /** Strokes the visible edges of one kind that may cross the world rectangle. */
  View.prototype.edgePath = function (kindWanted, x0, y0, x1, y1, skipMarked) {
    var g = this.g, m = this.m, ctx = this.ctx, visible = this.visible, x = this.x, y = this.y, hover = this.hover;
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
  };

  /** The hovered node's edges, in the accent colour. */
  View.prototype.drawHoverEdges = function () {
    var ctx = this.ctx, g = this.g, hover = this.hover, visible = this.visible, x = this.x, y = this.y;
    ctx.globalAlpha = 0.9;
    ctx.lineWidth = 1.6 / this.k;
    ctx.strokeStyle = this.colors.accent;
    ctx.beginPath();
    for (var a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end; a++) {
      var j = g.adjNode[a];
      if (!visible[j]) continue;
      ctx.moveTo(x[hover], y[hover]); ctx.lineTo(x[j], y[j]);
    }
    ctx.stroke();
  };

  /** Nodes: one path per colour, topics on top; then the central and the hovered node. */
  View.prototype.drawNodes = function (x0, y0, x1, y1, crowded, dim) {
    var ctx = this.ctx, colors = this.colors, k = this.k, x = this.x, y = this.y, radius = this.radius;
    var center = this.center, hover = this.hover;
    if (!crowded) {
      ctx.globalAlpha = dim ? 0.25 : 1;
      ctx.fillStyle = colors.note; this.nodePath(KIND_NOTE, x0, y0, x1, y1, dim ? 1 : 0);
      ctx.fillStyle = colors.topic; this.nodePath(KIND_TOPIC, x0, y0, x1, y1, dim ? 1 : 0);
    }
    ctx.globalAlpha = 1;
    if (dim) {
      ctx.fillStyle = colors.note; this.nodePath(KIND_NOTE, x0, y0, x1, y1, 2);
      ctx.fillStyle = colors.topic; this.nodePath(KIND_TOPIC, x0, y0, x1, y1, 2);
    }
    if (center >= 0 && this.visible[center]) {
      ctx.fillStyle = colors.center;
      ctx.beginPath(); ctx.arc(x[center], y[center], Math.max(radius[center], MIN_SCREEN_R / k), 0, TAU); ctx.fill();
    }
    if (hover >= 0) {
      ctx.lineWidth = 2 / k;
      ctx.strokeStyle = colors.accent;
      ctx.beginPath(); ctx.arc(x[hover], y[hover], Math.max(radius[hover], MIN_SCREEN_R / k) + 2.5 / k, 0, TAU); ctx.stroke();
    }
  };

  /** Fills the visible nodes of one kind; returns how many. */
  View.prototype.nodePath = function (kindWanted, x0, y0, x1, y1, mode) {
    // mode 0: every node; 1: only unmarked; 2: only marked
    var n = this.n, k = this.k, ctx = this.ctx, visible = this.visible, marked = this.marked;
    var x = this.x, y = this.y, radius = this.radius;
    var kinds = this.g.kinds, minR = MIN_SCREEN_R / k, arcs = k * this.sim.maxRadius >= 2, drawn = 0;
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
  };

  /* ---- labels ---- */

  /** Labels: the hovered node's neighbourhood, and every node in view when there are few. */
  View.prototype.drawLabels = function (count) {
    var ctx = this.ctx, colors = this.colors, hover = this.hover, center = this.center;
    var all = this.local || count <= LABEL_VIEW_LIMIT;
    this.obstacleCount = 0;
    if (!all && hover < 0) return;
    if (all) this.labelObstacles(count);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.font = this.font;
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = colors.halo;
    ctx.fillStyle = colors.label;
    var placed = 0;
    // First the hovered node and its neighbours, then the rest by degree.
    if (hover >= 0) {
      var g = this.g;
      placed = this.placeLabel(hover, placed, true);
      for (var a = g.adjStart[hover], end = g.adjStart[hover + 1]; a < end && placed < MAX_LABELS; a++) {
        var j = g.adjNode[a];
        if (this.visible[j]) placed = this.placeLabel(j, placed, false);
      }
    }
    if (center >= 0 && this.visible[center] && center !== hover) placed = this.placeLabel(center, placed, true);
    // Keep other labels off the hovered and the central node.
    if (hover >= 0) placed = this.blockNode(hover, placed);
    if (center >= 0 && this.visible[center]) placed = this.blockNode(center, placed);
    if (all) this.labelRest(count, placed);
  };

  /** Labels keep off the nodes in view. */
  View.prototype.labelObstacles = function (count) {
    var inView = this.inView, obstacles = this.obstacles, obstacleNode = this.obstacleNode;
    var x = this.x, y = this.y, radius = this.radius, k = this.k, tx = this.tx, ty = this.ty;
    for (var v = 0; v < count; v++) {
      var ni = inView[v], ob = 3 * v;
      obstacleNode[v] = ni;
      obstacles[ob] = x[ni] * k + tx; obstacles[ob + 1] = y[ni] * k + ty;
      obstacles[ob + 2] = Math.max(radius[ni] * k, MIN_SCREEN_R) + 1;
    }
    this.obstacleCount = count;
  };

  /** The labels of the other nodes in view, by degree (topics first), while there is room. */
  View.prototype.labelRest = function (count, placed) {
    var ctx = this.ctx, hover = this.hover, center = this.center, marked = this.marked;
    var list = this.inView.subarray(0, count);
    var deg = this.g.deg, kinds = this.g.kinds;
    list.sort(function (p, q) { return (deg[q] + kinds[q] * 1000) - (deg[p] + kinds[p] * 1000) || p - q; });
    ctx.globalAlpha = hover >= 0 ? 0.25 : 1;
    for (var c = 0; c < count && placed < MAX_LABELS; c++) {
      var i = list[c];
      if (i === hover || i === center || (hover >= 0 && marked[i])) continue;
      placed = this.placeLabel(i, placed, false);
    }
    ctx.globalAlpha = 1;
  };

  /** Is the box clear of the labels placed so far, of nodes (other than `self`) and inside the canvas? */
  View.prototype.labelFits = function (bx, by, bw, bh, placed, self) {
    if (bx < 1 || by < 1 || bx + bw > this.cssW - 1 || by + bh > this.cssH - 1) return false;
    var boxes = this.boxes, obstacles = this.obstacles, obstacleNode = this.obstacleNode;
    var bx1 = bx + bw, by1 = by + bh, p, o;
    for (p = 0; p < placed; p++) {
      o = 4 * p;
      if (bx < boxes[o + 2] && bx1 > boxes[o] && by < boxes[o + 3] && by1 > boxes[o + 1]) return false;
    }
    for (p = 0; p < this.obstacleCount; p++) {
      o = 3 * p;
      if (obstacleNode[p] === self) continue;
      var cx = obstacles[o], cy = obstacles[o + 1], r = obstacles[o + 2];
      var nx = cx < bx ? bx : cx > bx1 ? bx1 : cx, ny = cy < by ? by : cy > by1 ? by1 : cy;
      if ((nx - cx) * (nx - cx) + (ny - cy) * (ny - cy) < r * r) return false;
    }
    return true;
  };

  /** Reserves the box around node i, so that no label covers it. */
  View.prototype.blockNode = function (i, placed) {
    if (placed >= MAX_LABELS) return placed;
    var k = this.k, boxes = this.boxes;
    var sx = this.x[i] * k + this.tx, sy = this.y[i] * k + this.ty, r = Math.max(this.radius[i] * k, MIN_SCREEN_R) + 2, o = 4 * placed;
    boxes[o] = sx - r; boxes[o + 1] = sy - r; boxes[o + 2] = sx + r; boxes[o + 3] = sy + r;
    return placed + 1;
  };

  /** Draws the label of node i below, above, right or left of it, wherever it fits (forced: below). */
  View.prototype.placeLabel = function (i, placed, force) {
    var text = this.g.labels[i];
    if (!text) return placed;
    var ctx = this.ctx, k = this.k, cssW = this.cssW, cssH = this.cssH;
    var w = this.labelW[i];
    if (w < 0) w = this.labelW[i] = ctx.measureText(text).width;
    var sx = this.x[i] * k + this.tx, sy = this.y[i] * k + this.ty, r = Math.max(this.radius[i] * k, MIN_SCREEN_R);
    var bh = 14, bx = 0, by = 0, ok = false;
    for (var side = 0; side < 4 && !ok; side++) {
      if (side === 0) { bx = sx - w / 2; by = sy + r + 2; }
      else if (side === 1) { by = sy - r - 2 - bh; }
      else if (side === 2) { bx = sx + r + 4; by = sy - bh / 2; }
      else { bx = sx - r - 4 - w; }
      ok = force || this.labelFits(bx - 2, by, w + 4, bh, placed, i);
    }
    if (!ok || bx + w < 0 || bx > cssW || by > cssH || by + bh < 0) return placed;
    if (placed < MAX_LABELS) {
      var o = 4 * placed, boxes = this.boxes;
      boxes[o] = bx - 2; boxes[o + 1] = by; boxes[o + 2] = bx + w + 2; boxes[o + 3] = by + bh;
      placed++;
    }
    ctx.strokeText(text, bx, by);
    ctx.fillText(text, bx, by);
    return placed;
  };
})();
