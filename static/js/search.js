// Briefing search page. The build computes a MiniSearch index (MiniSearch
// is vendored, MIT) and splits it by the first letters of each term:
// search/index.js holds the results (pages, claims with their status,
// dated figures) and ranking statistics, search/s/<key>.js one shard of
// terms each, and search/d/<n>.js the whole text of 32 results, loaded
// only for the results on screen, from which the snippet is cut around
// the words found. "status:false" lists the claims of one status from
// index.js alone. This page loads, as plain
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
    var doc = data.docs[d];
    ms.storedFields[d] = { u: doc[0], t: doc[1], k: doc[2], s: doc[3] || "", w: doc[4] || "" };
  }
  var snippets = {};        // chunk -> array of snippets
  var snippetWaiting = {};  // chunk -> [callbacks]
  var loaded = {};   // key -> array of [term, postings]
  var pending = {};  // key -> [callbacks]
  var mini = null;   // MiniSearch over the loaded shards; rebuilt when one arrives
  var options = {
    idField: "i",
    fields: data.fields,
    storeFields: ["u", "t", "k", "s", "w"],
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
    var hash = "", i = u.indexOf("#");
    if (i >= 0) { hash = u.slice(i); u = u.slice(0, i); }
    if (fileLinks && (u === "" || u.charAt(u.length - 1) === "/")) u += "index.html";
    return root + u + hash;
  }

  // Claim statuses by name and label ("partly", "partly true"), for the
  // status: filter.
  var statusLabel = {}, statusByWord = {};
  (data.statuses || []).forEach(function (st) {
    statusLabel[st[0]] = st[1];
    statusByWord[st[0]] = st[0];
    statusByWord[st[1].toLowerCase().replace(/\s+/g, "-")] = st[0];
  });

  // parse splits a query into its words and its status: filter
  // ("status:false hama" -> status "false", text "hama"). A status the
  // briefing does not know is returned as bad.
  function parse(q) {
    var out = { text: q, status: "", bad: "" };
    out.text = q.replace(/(^|\s)status:(\S*)/gi, function (all, sp, v) {
      v = v.toLowerCase().replace(/^["']|["']$/g, "");
      if (statusByWord[v]) out.status = statusByWord[v];
      else out.bad = v;
      return " ";
    }).trim();
    return out;
  }

  var sepClass = "[\\n\\r\\p{Z}\\p{P}]";
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // hits finds each of terms in text as a whole word, as the index split
  // it: [{at, len, term}] in text order.
  function hits(text, terms) {
    if (!terms.length) return [];
    var re = new RegExp("(^|" + sepClass + ")(" + terms.map(escapeRe).join("|") + ")(?=$|" + sepClass + ")", "giu");
    var out = [], m;
    while ((m = re.exec(text))) {
      var at = m.index + m[1].length;
      out.push({ at: at, len: m[2].length, term: m[2].toLowerCase() });
      re.lastIndex = at + m[2].length;
    }
    return out;
  }

  // laterSpans takes out of a snippet's text the marks search.go puts
  // around what a section dated after the cutoff holds (U+E000 … U+E001):
  // {text, spans: [[start, end], ...]} in the text left.
  function laterSpans(text) {
    var spans = [], out = "", from = 0, open = -1;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c !== "\uE000" && c !== "\uE001") continue;
      out += text.slice(from, i);
      from = i + 1;
      if (c === "\uE000") open = out.length;
      else if (open >= 0) { spans.push([open, out.length]); open = -1; }
    }
    return { text: out + text.slice(from), spans: spans };
  }

  // passage writes into el the part of text around the words found, the
  // words marked: the window of about 200 characters holding the most of
  // the different words, started at its sentence when that is near, cut
  // at spaces. Without a word in the text, its start.
  var span = 200;
  function passage(el, text, terms) {
    var later = laterSpans(text);
    text = later.text;
    var hs = hits(text, terms);
    var start = 0;
    if (hs.length) {
      var best = 0, bestCount = 0;
      for (var i = 0; i < hs.length; i++) {
        var seen = {}, count = 0;
        for (var j = i; j < hs.length && hs[j].at + hs[j].len - hs[i].at <= span - 60; j++) {
          if (!seen[hs[j].term]) { seen[hs[j].term] = true; count++; }
        }
        if (count > bestCount) { best = i; bestCount = count; }
      }
      var at = hs[best].at;
      start = Math.max(0, at - 60);
      var sentence = text.lastIndexOf(". ", at);
      if (sentence >= start - 40 && sentence >= 0) start = sentence + 2;
      else if (start > 0) {
        var sp = text.indexOf(" ", start);
        start = sp >= 0 && sp < at ? sp + 1 : start;
      }
    }
    var end = Math.min(text.length, start + span);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start) end = cut;
    }
    // A passage from a section dated after the cutoff is marked, as
    // the page marks what it quotes from there.
    if (later.spans.some(function (s) { return s[0] < end && s[1] > start; })) {
      var m = document.createElement("span");
      m.className = "after-mark";
      m.textContent = data.afterCutoff;
      el.appendChild(m);
      el.appendChild(document.createTextNode(" "));
    }
    if (start > 0) el.appendChild(document.createTextNode("… "));
    mark(el, text.slice(start, end), hs.filter(function (h) { return h.at >= start && h.at + h.len <= end; })
      .map(function (h) { return { at: h.at - start, len: h.len }; }));
    if (end < text.length) el.appendChild(document.createTextNode(" …"));
  }

  // mark writes text into el with the hits marked.
  function mark(el, text, hs) {
    var from = 0;
    hs.forEach(function (h) {
      el.appendChild(document.createTextNode(text.slice(from, h.at)));
      var m = document.createElement("mark");
      m.textContent = text.slice(h.at, h.at + h.len);
      el.appendChild(m);
      from = h.at + h.len;
    });
    el.appendChild(document.createTextNode(text.slice(from)));
  }

  // Snippets load as their results come near the screen, so a long list
  // does not fetch the text of results nobody scrolls to.
  var observer = typeof IntersectionObserver === "function" ? new IntersectionObserver(function (entries) {
    entries.forEach(function (en) {
      if (en.isIntersecting) { observer.unobserve(en.target); en.target.briefingLoad(); }
    });
  }, { rootMargin: "600px 0px" }) : null;

  var active = -1;
  function setActive(n, focus) {
    var items = list.children;
    if (active >= 0 && items[active]) items[active].classList.remove("active");
    active = n;
    if (active >= 0 && items[active]) {
      items[active].classList.add("active");
      items[active].scrollIntoView({ block: "nearest" });
      if (focus) items[active].querySelector("a").focus();
    } else if (focus) {
      input.focus();
    }
  }

  function resultItem(r, terms, gen) {
    var li = document.createElement("li");
    li.className = "result result-" + (r.s ? "claim" : r.k === "figure" ? "figure" : "page");
    var a = document.createElement("a");
    a.href = href(r.u);
    a.dir = "auto"; // a title keeps its direction to itself
    li.appendChild(a);
    // A claim's title is its quote: the words found are marked in it, as
    // its snippet (the note) may not repeat them.
    if (r.s) mark(a, r.t, hits(r.t, terms)); else a.textContent = r.t;
    if (r.s) {
      // The status in words, not colour alone.
      var badge = document.createElement("span");
      badge.className = "badge status-" + r.s;
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "status: ";
      badge.appendChild(hidden);
      badge.appendChild(document.createTextNode(statusLabel[r.s] || r.s));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = r.k;
    li.appendChild(kind);
    if (r.w) {
      var where = document.createElement("span");
      where.className = "where";
      where.dir = "auto";
      where.textContent = r.w;
      li.appendChild(where);
    }
    var sn = document.createElement("span");
    sn.className = "snippet";
    li.appendChild(sn);
    li.briefingLoad = function () {
      snippet(r.id, function (text) {
        if (gen !== generation || li.hasAttribute("data-snippet")) return;
        if (text) passage(sn, text, terms);
        li.setAttribute("data-snippet", "");
      });
    };
    return li;
  }

  var generation = 0;
  function show(q) {
    var gen = ++generation;
    q = q.trim();
    var pq = parse(q);
    var ws = words(pq.text);
    list.textContent = "";
    active = -1;
    if (pq.bad) {
      status.textContent = "No claim status “" + pq.bad + "”: use status: with one of " +
        (data.statuses || []).map(function (st) { return st[0]; }).join(", ") + ".";
      return;
    }
    if (!pq.status && (!q || ws.length === 0)) {
      status.textContent = n + " pages, claims and figures indexed. Type to search.";
      return;
    }
    status.textContent = "Searching…";
    var finish = function (results) {
      if (gen !== generation) return; // a newer query is on its way
      list.textContent = "";
      active = -1;
      var shown = results.slice(0, 50);
      shown.forEach(function (r) {
        var li = resultItem(r, r.terms || [], gen);
        list.appendChild(li);
        if (observer) observer.observe(li); else li.briefingLoad();
      });
      var count = results.length;
      var more = count > shown.length ? " (first " + shown.length + " shown)" : "";
      if (pq.status) {
        status.textContent = (count === 0 ? "No claims" : count === 1 ? "1 claim" : count + " claims") +
          " with status “" + (statusLabel[pq.status] || pq.status) + "”" +
          (ws.length ? " for “" + pq.text + "”" : "") + more + ".";
      } else {
        status.textContent = (count === 0 ? "No results" : count === 1 ? "1 result" : count + " results") +
          " for “" + q + "”" + more + ".";
      }
    };
    if (ws.length === 0) {
      // status: alone: every claim of that status, in the briefing's
      // order, from index.js; no shard is needed.
      var out = [];
      for (var d = 0; d < n; d++) {
        var f = ms.storedFields[d];
        if (f.s === pq.status) out.push(Object.assign({ id: d, terms: [] }, f));
      }
      finish(out);
      return;
    }
    load(shardsFor(ws), function () {
      if (gen !== generation) return;
      var mi = engine();
      var opts = pq.status ? { filter: function (r) { return r.s === pq.status; } } : {};
      var results = mi.search(pq.text, Object.assign({ combineWith: "AND" }, opts));
      if (results.length === 0) results = mi.search(pq.text, Object.assign({ combineWith: "OR" }, opts));
      // A page whose title is the query ("aleppo": the city Aleppo) comes
      // first, ahead of pages that only mention it more often.
      var exact = ws.join(" ");
      results = results.filter(function (r) { return words(r.t).join(" ") === exact; })
        .concat(results.filter(function (r) { return words(r.t).join(" ") !== exact; }));
      finish(results);
    });
  }

  function remember(q) {
    try {
      var url = new URL(location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url.toString());
    } catch (e) { /* some browsers refuse on file://; the results still show */ }
  }

  // The statuses as links under the form: status:false and the others
  // without typing them.
  if (data.statuses && input.form) {
    var filter = document.createElement("p");
    filter.className = "status-filter";
    filter.appendChild(document.createTextNode("Claims by status: "));
    data.statuses.slice().reverse().forEach(function (st, i) {
      if (i) filter.appendChild(document.createTextNode(" · "));
      var a = document.createElement("a");
      a.href = "?q=" + encodeURIComponent("status:" + st[0]);
      a.className = "badge status-" + st[0];
      a.textContent = st[1];
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        input.value = "status:" + st[0];
        show(input.value);
        remember(input.value);
      });
      filter.appendChild(a);
    });
    input.form.parentNode.insertBefore(filter, input.form.nextSibling);
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); remember(input.value.trim()); }, 80);
  });
  // ↓ and ↑ move the focus through the results (the link itself, so the
  // browser's own focus ring shows where it is), Enter opens the one
  // focused, Esc clears the search and comes back to the box.
  function keys(ev) {
    var n = list.children.length;
    if (ev.key === "ArrowDown" && n) { ev.preventDefault(); setActive(Math.min(active + 1, n - 1), true); }
    else if (ev.key === "ArrowUp" && n && active >= 0) { ev.preventDefault(); setActive(active - 1, true); }
    else if (ev.key === "Enter" && ev.target === input && active >= 0) { ev.preventDefault(); list.children[active].querySelector("a").click(); }
    else if (ev.key === "Escape") { input.value = ""; show(""); remember(""); input.focus(); }
  }
  input.addEventListener("keydown", keys);
  list.addEventListener("keydown", keys);
  // A result focused by Tab or a click is the active one.
  list.addEventListener("focusin", function (ev) {
    var li = ev.target.closest("li");
    var i = Array.prototype.indexOf.call(list.children, li);
    if (i >= 0 && i !== active) setActive(i, false);
  });
  if (input.form) {
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); remember(input.value.trim()); });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  show(q);
})();
