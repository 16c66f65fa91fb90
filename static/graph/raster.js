/* Lore graph view, part 5 of 7: the crowded view. When thousands of nodes
 * or edges are on screen, canvas paths with that many segments are slow to
 * rasterise (above all without a GPU), so the edges and nodes are painted
 * by hand into an ImageData (anti-aliased lines, discs) kept as a layer:
 * hovering then only repaints the layer and the highlight. While the layout
 * runs or the view moves the layer is drawn at half resolution, and sharp
 * once it rests. render.js decides when a view is crowded.
 * Needs static/graph/view.js loaded before it. */
(function () {
  "use strict";

  var G = window.lore.graphLib;
  var View = G.View, now = G.now, MIN_SCREEN_R = G.MIN_SCREEN_R;
  var KIND_NOTE = G.KIND_NOTE, KIND_TOPIC = G.KIND_TOPIC, EDGE_TOPIC = G.EDGE_TOPIC;

  var DENSE_EDGE_ALPHA = 0.22;
  var RASTER_MAX_PIXELS = 1.3e6; // a crowded view is drawn at most this sharp (then scaled)
  var SHARPEN_DELAY = 180; // ms of rest before a crowded view is drawn at full resolution
  var LUT_SIZE = 1024, LUT_STEP = 16; // coverage -> colour with opacity, up to 64 overlapping lines

  View.prototype.initRaster = function () {
    this.raster = null; // the layer at full resolution
    this.rasterCoarse = null; // and at half of it
    this.sharpTimer = 0;
    this.lut = new Uint32Array(LUT_SIZE);
    this.lutVersion = -1; // the colorsVersion the lut was made for
  };

  /** [r, g, b] of a CSS colour. */
  G.rgbOf = function (color) {
    var c = document.createElement("canvas");
    c.width = c.height = 1;
    var cx = c.getContext("2d");
    cx.fillStyle = color;
    cx.fillRect(0, 0, 1, 1);
    var d = cx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]];
  };

  var littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  function pack(r, g2, b, a) {
    return littleEndian ? ((a << 24) | (b << 16) | (g2 << 8) | r) >>> 0 : ((r << 24) | (g2 << 16) | (b << 8) | a) >>> 0;
  }

  /** Draws the edges and nodes of a crowded view (render.js draws the rest). */
  View.prototype.drawLayer = function (dim) {
    // Half resolution while the layout runs or the view moves; sharp once it rests.
    var coarse = this.sim.active() || this.press !== null || now() - this.lastMove < SHARPEN_DELAY;
    if (coarse && !this.sharpTimer) this.scheduleSharpen();
    var R = this.ensureRaster(coarse);
    var key = this.sim.version + " " + this.k + " " + this.tx + " " + this.ty + " " + this.visibleVersion + " " + this.colorsVersion;
    if (key !== R.key) { this.renderLayer(R); R.key = key; }
    var ctx = this.ctx;
    ctx.globalAlpha = dim ? 0.22 : 1;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(R.layer, 0, 0, this.canvas.width, this.canvas.height);
    this.worldTransform();
  };

  View.prototype.scheduleSharpen = function () {
    var v = this;
    this.sharpTimer = setTimeout(function () { v.sharpen(); }, SHARPEN_DELAY);
  };

  View.prototype.sharpen = function () {
    this.sharpTimer = 0;
    if (this.sim.active() || this.press !== null || now() - this.lastMove < SHARPEN_DELAY) this.scheduleSharpen();
    else this.requestDraw();
  };

  /** The layer at full resolution, or (coarse) at half of it while things move. */
  View.prototype.ensureRaster = function (coarse) {
    var cssW = this.cssW, cssH = this.cssH;
    var scale = Math.min(this.dpr, Math.sqrt(RASTER_MAX_PIXELS / (cssW * cssH)));
    if (coarse) scale = Math.min(scale * 0.5, 0.75);
    var w = Math.max(1, Math.round(cssW * scale)), h = Math.max(1, Math.round(cssH * scale));
    var R = coarse ? this.rasterCoarse : this.raster;
    if (R && R.w === w && R.h === h) return R;
    var layer = document.createElement("canvas");
    layer.width = w; layer.height = h;
    var lctx = layer.getContext("2d");
    var img = lctx.createImageData(w, h);
    R = {
      w: w, h: h, scale: w / cssW, layer: layer, lctx: lctx, img: img, data: img.data,
      u32: new Uint32Array(img.data.buffer), links: new Float32Array(w * h), key: "",
    };
    if (coarse) this.rasterCoarse = R; else this.raster = R;
    return R;
  };

  /** Renders edges and nodes of the current view into the layer. */
  View.prototype.renderLayer = function (R) {
    var ks = this.k * R.scale, ox = this.tx * R.scale, oy = this.ty * R.scale;
    if (this.lutVersion !== this.colorsVersion) {
      var ec = this.colors.rgb.edge, lut = this.lut;
      for (var li = 0; li < LUT_SIZE; li++) {
        lut[li] = pack(ec[0], ec[1], ec[2], Math.round(255 * (1 - Math.pow(1 - DENSE_EDGE_ALPHA, li / LUT_STEP))));
      }
      this.lutVersion = this.colorsVersion;
    }
    R.links.fill(0);
    R.u32.fill(0);
    this.layerEdges(R, ks, ox, oy);
    this.layerNodes(R, ks, ox, oy);
    R.lctx.putImageData(R.img, 0, 0);
  };

  /** The visible edges as coverage, then coloured through the lut. */
  View.prototype.layerEdges = function (R, ks, ox, oy) {
    var w = R.w, h = R.h, cov = R.links, u32 = R.u32, lut = this.lut;
    var g = this.g, m = this.m, visible = this.visible, x = this.x, y = this.y;
    var src = g.src, dst = g.dst, ekind = g.ekind;
    for (var e = 0; e < m; e++) {
      var a = src[e], b = dst[e];
      if (!visible[a] || !visible[b]) continue;
      // Topic edges count less: a faint haze towards each topic.
      wuLine(cov, w, h, x[a] * ks + ox, y[a] * ks + oy, x[b] * ks + ox, y[b] * ks + oy, ekind[e] === EDGE_TOPIC ? 0.5 : 1);
    }
    var last = LUT_SIZE - 1;
    for (var p = 0; p < w * h; p++) {
      var c = cov[p];
      if (c !== 0) u32[p] = lut[c >= 63.9 ? last : (c * LUT_STEP) | 0];
    }
  };

  /** The visible nodes as discs: notes, then topics on top. */
  View.prototype.layerNodes = function (R, ks, ox, oy) {
    var w = R.w, h = R.h, n = this.n, visible = this.visible, kinds = this.g.kinds;
    var x = this.x, y = this.y, radius = this.radius, rgbs = this.colors.rgb;
    var minR = MIN_SCREEN_R * R.scale;
    for (var pass = 0; pass < 2; pass++) {
      var kindWanted = pass === 0 ? KIND_NOTE : KIND_TOPIC, rgb = pass === 0 ? rgbs.note : rgbs.topic;
      var solid = pack(rgb[0], rgb[1], rgb[2], 255);
      for (var i = 0; i < n; i++) {
        if (!visible[i] || kinds[i] !== kindWanted) continue;
        var sx = x[i] * ks + ox, sy = y[i] * ks + oy, r = Math.max(radius[i] * ks, minR);
        if (sx + r < 0 || sy + r < 0 || sx - r > w || sy - r > h) continue;
        disc(R, sx, sy, r, rgb, solid);
      }
    }
  };

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
})();
