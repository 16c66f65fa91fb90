/* Lore graph view, part 7 of 7: the pages. Puts the view on the graph page
 * (<canvas id="lore-graph">, graph/index.html) with its controls (the topic
 * filter, kept in the URL as #topic=name; topic nodes on or off; fit to
 * view; the status line), and offers lore.localGraph(canvas, url, hops) for
 * the neighbourhood graph on a note page (static/lore.js loads the graph's
 * scripts when that canvas scrolls near). Also lore.graphView(canvas, g,
 * options) for themes that draw their own graphs.
 * The graph page's view is lore.graph, a note's is lore.localGraphView.
 * The last of the graph's scripts: needs all of static/graph/ loaded. */
(function () {
  "use strict";

  var doc = document;
  var lore = window.lore;
  var G = lore.graphLib;
  var KIND_NOTE = G.KIND_NOTE, KIND_TOPIC = G.KIND_TOPIC, EDGE_TOPIC = G.EDGE_TOPIC;

  var LOCAL_MAX_NODES = 150;
  var LOCAL_MAX_TOPICS = 6;

  /* ---- the graph page ---- */

  function readHashTopic() {
    var m = /(?:^#|&)topic=([^&]*)/.exec(location.hash);
    if (!m) return "";
    try { return decodeURIComponent(m[1]); } catch (e) { return ""; }
  }

  /** Counts of notes, topic nodes and links (not topic edges) in the graph. */
  function census(g) {
    var c = { notes: 0, topics: 0, links: 0 };
    for (var i = 0; i < g.n; i++) if (g.kinds[i] === KIND_TOPIC) c.topics++; else c.notes++;
    for (var e = 0; e < g.m; e++) if (g.ekind[e] !== EDGE_TOPIC) c.links++;
    return c;
  }

  /** Fills the topic filter with "#name (count)" options. */
  function fillTopics(select, topics) {
    for (var t = 0; t < topics.length; t++) {
      var opt = doc.createElement("option");
      opt.value = topics[t][0];
      opt.textContent = "#" + topics[t][0] + " (" + topics[t][1] + ")";
      select.appendChild(opt);
    }
    if (!topics.length) select.disabled = true;
  }

  /** Wires the page's controls to the view and applies them once. */
  function setupControls(view, g) {
    var select = doc.getElementById("graph-topic");
    var showTopics = doc.getElementById("graph-show-topics");
    var fitButton = doc.getElementById("graph-fit");
    var status = doc.getElementById("graph-status");
    var counts = census(g);
    if (select) fillTopics(select, G.topicCounts(g));
    if (showTopics && !counts.topics) showTopics.closest("label").hidden = true;

    function apply() {
      var topic = select ? select.value : "";
      var withTopics = !showTopics || showTopics.checked;
      if (showTopics) showTopics.disabled = !!topic;
      var count = view.filter(function (i) {
        if (topic) return g.kinds[i] === KIND_NOTE && G.hasTopic(g.topics[i], topic);
        return withTopics || g.kinds[i] !== KIND_TOPIC;
      });
      if (status) {
        status.textContent = topic
          ? count + " note" + (count === 1 ? "" : "s") + " tagged #" + topic
          : counts.notes + " notes · " + counts.links + " links" + (counts.topics && withTopics ? " · " + counts.topics + " topics" : "");
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

  function initPage() {
    var canvas = doc.getElementById("lore-graph");
    if (!canvas || !canvas.getContext || canvas.loreGraphView) return;
    var g = G.siteGraph();
    var empty = doc.getElementById("graph-empty");
    if (!g || !g.n) {
      if (empty) empty.hidden = false;
      canvas.hidden = true;
      return;
    }
    var view = G.createView(canvas, g, {});
    canvas.loreGraphView = view;
    lore.graph = view;
    lore.graphNodeScreenPosition = view.nodeScreenPosition;
    setupControls(view, g);
  }

  /* ---- the local graph of a note ---- */

  /**
   * Draws the neighbourhood of the note at `url` (root-relative, "etcd/") on
   * `canvas`: notes up to `hops` links or embeds away (either direction), and
   * the note's topics when it has only a few. Returns the view, or null when
   * there is no graph data or no such note.
   */
  lore.localGraph = function (canvas, url, hops) {
    var g = G.siteGraph();
    if (!g || !canvas || !canvas.getContext) return null;
    if (canvas.loreGraphView) return canvas.loreGraphView;
    var c = G.noteAt(g, url);
    if (c < 0) return null;
    hops = G.clamp(parseInt(hops, 10) || 1, 1, 3);
    var keep = G.neighbourhood(g, c, hops, LOCAL_MAX_NODES, LOCAL_MAX_TOPICS);
    var view = G.createView(canvas, G.subgraph(g, keep), { local: true, center: 0 });
    canvas.loreGraphView = view;
    lore.localGraphView = view;
    return view;
  };

  lore.graphView = G.createView; // for themes that draw their own graphs

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", initPage);
  else initPage();
})();
