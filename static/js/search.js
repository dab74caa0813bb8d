// Briefing search page. The build computes a MiniSearch index (MiniSearch
// is vendored, MIT) and splits it by the first letters of each term:
// search/index.js holds the pages and ranking statistics,
// search/s/<key>.js one shard of terms each, and search/d/<n>.js the
// snippets of 200 pages, loaded only for the results on screen. This page loads, as plain
// <script> elements, only the shards the typed words need, so it works
// from disk (file:// pages cannot fetch) and stays light on a briefing of
// 10,000 articles. Results are written with textContent, never innerHTML:
// the index holds page text, and page text may hold anything.
(function () {
  "use strict";
  var data = window.BRIEFING_SEARCH;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  if (!data || typeof MiniSearch === "undefined") {
    status.textContent = "Search could not load its index.";
    return;
  }
  var body = document.body;
  var root = body.getAttribute("data-root") || "../";
  var fileLinks = body.getAttribute("data-file-links") === "true" || location.protocol === "file:";
  var stop = {};
  data.stop.split(" ").forEach(function (w) { stop[w] = true; });
  var known = {};
  data.shards.forEach(function (k) { known[k] = true; });
  // MiniSearch's serialised form, less its terms, rebuilt from the
  // compact lists the build writes.
  var n = data.docs.length;
  var ms = {
    documentCount: n, nextId: n, documentIds: {}, fieldIds: {}, fieldLength: {},
    averageFieldLength: data.averageFieldLength, storedFields: {}, dirtCount: 0, serializationVersion: 2
  };
  data.fields.forEach(function (f, i) { ms.fieldIds[f] = i; });
  for (var d = 0; d < n; d++) {
    ms.documentIds[d] = d;
    ms.fieldLength[d] = data.fieldLength[d];
    ms.storedFields[d] = { u: data.docs[d][0], t: data.docs[d][1], k: data.docs[d][2] };
  }
  var snippets = {};        // chunk -> array of snippets
  var snippetWaiting = {};  // chunk -> [callbacks]
  var loaded = {};   // key -> array of [term, postings]
  var pending = {};  // key -> [callbacks]
  var mini = null;   // MiniSearch over the loaded shards; rebuilt when one arrives
  var options = {
    idField: "i",
    fields: data.fields,
    storeFields: ["u", "t", "k"],
    processTerm: function (term) {
      var t = term.toLowerCase();
      return stop[t] ? null : t;
    },
    searchOptions: {
      boost: { t: 4, a: 3, c: 2, x: 1 },
      prefix: true,
      fuzzy: function (term) { return term.length > 4 ? 0.2 : 0; }
    }
  };

  window.BRIEFING_SEARCH_SNIPPETS = function (chunk, list) {
    snippets[chunk] = list;
    var cbs = snippetWaiting[chunk] || [];
    delete snippetWaiting[chunk];
    cbs.forEach(function (cb) { cb(list); });
  };

  // snippet calls done with the snippet of page id once its chunk is in.
  function snippet(id, done) {
    var chunk = Math.floor(id / data.snippetChunk);
    if (snippets[chunk]) { done(snippets[chunk][id % data.snippetChunk]); return; }
    var first = !snippetWaiting[chunk];
    (snippetWaiting[chunk] = snippetWaiting[chunk] || []).push(function (list) { done(list[id % data.snippetChunk]); });
    if (first) {
      var s = document.createElement("script");
      s.src = root + "search/d/" + chunk + ".js";
      s.onerror = function () { window.BRIEFING_SEARCH_SNIPPETS(chunk, []); };
      document.head.appendChild(s);
    }
  }

  window.BRIEFING_SEARCH_SHARD = function (key, terms) {
    loaded[key] = terms;
    mini = null;
    var cbs = pending[key] || [];
    delete pending[key];
    cbs.forEach(function (cb) { cb(); });
  };

  // keyOf mirrors shardKey in generator/render/search.go.
  function keyOf(term, n) {
    var out = "", i = 0;
    for (var ch of term) {
      if (i++ >= n) break;
      out += /[a-z0-9]/.test(ch) ? ch : "_" + ch.codePointAt(0).toString(16) + "_";
    }
    return out;
  }

  function words(q) {
    return q.split(/[\n\r\p{Z}\p{P}]+/u).map(options.processTerm).filter(function (t) { return t; });
  }

  // shardsFor lists the shards that hold terms starting with each word.
  function shardsFor(ws) {
    var need = {};
    ws.forEach(function (w) {
      var k = keyOf(w, data.prefix);
      if (Array.from(w).length >= data.prefix) {
        if (known[k]) need[k] = true;
      } else {
        data.shards.forEach(function (s) { if (s.indexOf(k) === 0) need[s] = true; });
      }
    });
    return Object.keys(need);
  }

  function load(keys, done) {
    var waiting = 0;
    keys.forEach(function (k) {
      if (loaded[k]) return;
      waiting++;
      var first = !pending[k];
      (pending[k] = pending[k] || []).push(function () { if (--waiting === 0) done(); });
      if (first) {
        var s = document.createElement("script");
        s.src = root + "search/s/" + k + ".js";
        s.onerror = function () {
          loaded[k] = [];
          window.BRIEFING_SEARCH_SHARD(k, []);
        };
        document.head.appendChild(s);
      }
    });
    if (waiting === 0) done();
  }

  function engine() {
    if (!mini) {
      var index = [];
      Object.keys(loaded).sort().forEach(function (k) { index = index.concat(loaded[k]); });
      var js = Object.assign({}, ms, { index: index });
      mini = MiniSearch.loadJS(js, options);
    }
    return mini;
  }

  function href(u) {
    if (fileLinks && (u === "" || u.charAt(u.length - 1) === "/")) u += "index.html";
    return root + u;
  }

  function highlight(el, text, ws) {
    var lower = text.toLowerCase(), at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      ws.forEach(function (w) {
        var j = lower.indexOf(w, at);
        if (j >= 0 && (best < 0 || j < best)) { best = j; len = w.length; }
      });
      if (best < 0) break;
      el.appendChild(document.createTextNode(text.slice(at, best)));
      var m = document.createElement("mark");
      m.textContent = text.slice(best, best + len);
      el.appendChild(m);
      at = best + len;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  var active = -1;
  function setActive(n) {
    var items = list.children;
    if (active >= 0 && items[active]) items[active].classList.remove("active");
    active = n;
    if (active >= 0 && items[active]) {
      items[active].classList.add("active");
      items[active].scrollIntoView({ block: "nearest" });
    }
  }

  var generation = 0;
  function show(q) {
    var gen = ++generation;
    q = q.trim();
    var ws = words(q);
    if (!q || ws.length === 0) {
      list.textContent = "";
      active = -1;
      status.textContent = n + " pages indexed. Type to search.";
      return;
    }
    status.textContent = "Searching…";
    load(shardsFor(ws), function () {
      if (gen !== generation) return; // a newer query is on its way
      var mi = engine();
      var results = mi.search(q, { combineWith: "AND" });
      if (results.length === 0) results = mi.search(q, { combineWith: "OR" });
      // A page whose title is the query ("aleppo": the city Aleppo) comes
      // first, ahead of pages that only mention it more often.
      var exact = ws.join(" ");
      results = results.filter(function (r) { return words(r.t).join(" ") === exact; })
        .concat(results.filter(function (r) { return words(r.t).join(" ") !== exact; }));
      list.textContent = "";
      active = -1;
      var shown = results.slice(0, 50);
      shown.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = href(r.u);
        a.textContent = r.t;
        a.dir = "auto"; // a title keeps its direction to itself
        li.appendChild(a);
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = r.k;
        li.appendChild(kind);
        var sn = document.createElement("span");
        sn.className = "snippet";
        li.appendChild(sn);
        snippet(r.id, function (text) {
          if (text && gen === generation) highlight(sn, text, ws);
        });
        list.appendChild(li);
      });
      var n = results.length;
      status.textContent = (n === 0 ? "No results" : n === 1 ? "1 result" : n + " results") +
        " for “" + q + "”" + (n > shown.length ? " (first " + shown.length + " shown)" : "") + ".";
    });
  }

  function remember(q) {
    try {
      var url = new URL(location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url.toString());
    } catch (e) { /* some browsers refuse on file://; the results still show */ }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); remember(input.value.trim()); }, 80);
  });
  input.addEventListener("keydown", function (ev) {
    var n = list.children.length;
    if (ev.key === "ArrowDown" && n) { ev.preventDefault(); setActive((active + 1) % n); }
    else if (ev.key === "ArrowUp" && n) { ev.preventDefault(); setActive((active - 1 + n) % n); }
    else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); list.children[active].querySelector("a").click(); }
    else if (ev.key === "Escape") { input.value = ""; show(""); remember(""); }
  });
  if (input.form) {
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); remember(input.value.trim()); });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  show(q);
})();
