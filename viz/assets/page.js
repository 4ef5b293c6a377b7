/* Amur presenter views: filters, time window, tooltips and settling.
 *
 * Data arrives as JSON in a non-executed script element (application/json)
 * and every piece of it reaches the page through textContent or
 * createTextNode, never through innerHTML, so names and quotes from the
 * data cannot become markup or script.  Filters hide items through vis
 * DataViews over the full DataSets: the network is never rebuilt, so a
 * filter can never leave a blank canvas behind (pyvis's filter_menu can).
 */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("amur-data").textContent);
  var T = data.text;
  var amur = (window.amur = { settled: false, timings: {}, data: data });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hasEdges = {};
  data.edges.forEach(function (e) { hasEdges[e.from] = true; hasEdges[e.to] = true; });
  var focus = {};
  data.view.focus.forEach(function (id) { focus[id] = true; });

  var state = {
    classes: setOf(data.filters.classes),
    types: setOf(data.filters.types),
    from: data.window.months.length ? data.window.months[0] + "-01" : "0001-01-01",
    to: data.window.months.length ? data.window.months[data.window.months.length - 1] + "-31" : "9999-12-31",
    undated: true
  };
  var visibleNodes = {};
  var visibleEdges = {};

  function setOf(list) { var s = {}; list.forEach(function (x) { s[x] = true; }); return s; }

  function inWindow(item) {
    if (item.t0 == null) { return state.undated; }
    return item.t0 <= state.to && item.t1 >= state.from;
  }

  function compute() {
    var candidate = {};
    nodes.forEach(function (n) {
      if (focus[n.id] || (state.classes[n.cls] && inWindow(n))) { candidate[n.id] = true; }
    });
    visibleEdges = {};
    var touched = {};
    edges.forEach(function (e) {
      if (state.types[e.type] && candidate[e.from] && candidate[e.to] && inWindow(e)) {
        visibleEdges[e.id] = true; touched[e.from] = true; touched[e.to] = true;
      }
    });
    visibleNodes = {};
    Object.keys(candidate).forEach(function (id) {
      // A node the filter cut off from all its edges goes too, unless it never had any.
      if (focus[id] || touched[id] || !hasEdges[id]) { visibleNodes[id] = true; }
    });
  }

  compute();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes[n.id] === true; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visibleEdges[e.id] === true; } });
  var container = document.getElementById("net");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  amur.network = network;
  amur.nodes = nodes;
  amur.edges = edges;

  // vis's own storePositions() throws on items a DataView hides; this keeps what is drawn.
  function keepPositions() {
    var at = network.getPositions();
    var moved = [];
    Object.keys(at).forEach(function (id) {
      if (nodes.get(id)) { moved.push({ id: id, x: at[id].x, y: at[id].y }); }
    });
    nodes.update(moved);
  }

  function settle(how) {
    if (amur.settled) { return; }
    amur.settled = true;
    amur.timings.settled = performance.now() - started;
    amur.timings.settledAt = performance.now();
    amur.timings.how = how;
    document.body.setAttribute("data-settled", "true");
  }
  network.once("afterDrawing", function () { amur.timings.firstDraw = performance.now() - started; });
  if (data.view.relax) {
    network.once("stabilizationIterationsDone", function () {
      amur.timings.iterationsDone = performance.now() - started;
      network.setOptions({ physics: { enabled: false } });
      keepPositions();
      settle("stabilizationIterationsDone");
    });
  } else {
    network.fit({ animation: false });
    network.once("afterDrawing", function () { settle("preset layout"); });
  }

  // -- clusters (overview) ---------------------------------------------------
  var clusterKeys = Object.keys(data.view.clusters || {});
  function collapse() {
    clusterKeys.forEach(function (key) {
      var members = nodeView.get({ filter: function (n) { return n.cluster === key; } });
      if (members.length < 2) { return; }
      var c = data.view.clusters[key];
      network.cluster({
        joinCondition: function (n) { return n.cluster === key; },
        clusterNodeProperties: {
          id: "cluster::" + key, label: c.label + " · " + members.length, shape: c.shape,
          color: { background: c.color, border: c.border }, size: c.size || 16 + 2.2 * Math.sqrt(members.length),
          x: c.x, y: c.y, fixed: c.x !== undefined,
          font: { size: c.font || 18, strokeWidth: Math.round((c.font || 18) / 4), strokeColor: "#ffffff" }, borderWidth: 3
        }
      });
    });
  }
  // vis logs an error when asked about a node it does not have: ask only about ones it has.
  function isOpenable(id) { return network.body.nodes[id] !== undefined && network.isCluster(id); }
  function expand() {
    clusterKeys.forEach(function (key) {
      if (isOpenable("cluster::" + key)) { network.openCluster("cluster::" + key); }
    });
  }
  if (clusterKeys.length) {
    collapse();
    network.on("doubleClick", function (p) {
      if (p.nodes.length === 1 && isOpenable(p.nodes[0])) { network.openCluster(p.nodes[0]); }
    });
  }

  function refresh() {
    if (clusterKeys.length) { expand(); }
    if (amur.settled) { keepPositions(); }
    compute();
    nodeView.refresh();
    edgeView.refresh();
    report();
  }

  function report() {
    var shown = Object.keys(visibleNodes).length;
    document.getElementById("empty").hidden = shown > 0;
    var all = shown === data.nodes.length && Object.keys(visibleEdges).length === data.edges.length;
    document.getElementById("shown").textContent = all ? "" :
      T.shown.replace("{n}", shown).replace("{m}", Object.keys(visibleEdges).length);
  }

  // -- legend checkboxes -----------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("input[data-class]"), function (box) {
    box.addEventListener("change", function () {
      state.classes[box.getAttribute("data-class")] = box.checked; refresh();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-type]"), function (box) {
    box.addEventListener("change", function () {
      state.types[box.getAttribute("data-type")] = box.checked; refresh();
    });
  });

  // -- time window -------------------------------------------------------------
  var months = data.window.months;
  var from = document.getElementById("from");
  var to = document.getElementById("to");
  var undated = document.getElementById("undated");
  var label = document.getElementById("window-value");
  function onWindow() {
    var a = Math.min(+from.value, +to.value);
    var b = Math.max(+from.value, +to.value);
    state.from = months[a] + "-01";
    state.to = months[b] + "-31";
    label.textContent = months[a] === months[b] ? months[a] : months[a] + " – " + months[b];
    refresh();
  }
  if (months.length && from) {
    from.max = to.max = String(months.length - 1);
    from.value = "0";
    to.value = String(months.length - 1);
    from.addEventListener("input", onWindow);
    to.addEventListener("input", onWindow);
    label.textContent = months.length > 1 ? months[0] + " – " + months[months.length - 1] : months[0];
  }
  if (undated) {
    undated.addEventListener("change", function () { state.undated = undated.checked; refresh(); });
  }

  // On demand, any view can relax for a bounded number of steps, then stands still again.
  document.getElementById("relax").addEventListener("click", function () {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      keepPositions();
    });
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(data.view.relaxSteps);
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  document.getElementById("reset").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-class], input[data-type]"), function (b) { b.checked = true; });
    state.classes = setOf(data.filters.classes);
    state.types = setOf(data.filters.types);
    if (months.length && from) { from.value = "0"; to.value = String(months.length - 1); }
    if (undated) { undated.checked = true; }
    state.undated = true;
    if (months.length && from) { onWindow(); } else { refresh(); }
    network.fit({ animation: false });
  });
  var expandButton = document.getElementById("expand");
  if (expandButton) {
    expandButton.addEventListener("click", function () {
      if (clusterKeys.some(function (k) { return isOpenable("cluster::" + k); })) { expand(); } else { collapse(); }
    });
  }

  // -- tooltips and details, built from text nodes only ---------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = String(text); }
    return e;
  }
  function render(info) {
    var box = el("div", "info");
    box.appendChild(el("h3", null, info.head));
    if (info.sub) { box.appendChild(el("p", "sub", info.sub)); }
    if (info.rows && info.rows.length) {
      var table = el("table");
      info.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", null, row[0]));
        tr.appendChild(el("td", null, row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (info.sources && info.sources.length) {
      box.appendChild(el("p", "sub", T.sources));
      var list = el("ul");
      info.sources.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("strong", null, s.title));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "meta", "(" + s.meta + ")"));
        if (s.text) { li.appendChild(el("span", "quote", s.text)); }
        if (s.rule) { li.appendChild(el("span", "rule", T.rule + ": " + s.rule)); }
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    return box;
  }
  function infoFor(kind, id) {
    if (kind === "node" && isOpenable(id)) {
      var c = data.view.clusters[String(id).slice(9)];
      return { head: c.label, sub: T.cluster, rows: [], sources: [] };
    }
    var item = kind === "node" ? nodes.get(id) : edges.get(id);
    return item ? data.info[item.info] : null;
  }
  var tip = document.getElementById("tip");
  function showTip(kind, id, pointer) {
    var info = infoFor(kind, id);
    if (!info) { return; }
    tip.replaceChildren(render(info));
    tip.hidden = false;
    var rect = container.getBoundingClientRect();
    var x = rect.left + pointer.x + 14;
    var y = rect.top + pointer.y + 14;
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) { x = Math.max(8, rect.left + pointer.x - w - 14); }
    if (y + h > window.innerHeight - 8) { y = Math.max(8, window.innerHeight - h - 8); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip("node", p.node, p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip("edge", p.edge, p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  var details = document.getElementById("details");
  network.on("click", function (p) {
    var info = p.nodes.length ? infoFor("node", p.nodes[0]) : p.edges.length ? infoFor("edge", p.edges[0]) : null;
    details.replaceChildren();
    if (info) { details.appendChild(render(info)); }
  });

  report();
  amur.timings.built = performance.now() - started;
})();
