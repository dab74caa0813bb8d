// Briefing search page. The index ships as a script (search/index.js sets
// window.BRIEFING_SEARCH) because pages opened from disk (file://) cannot
// fetch JSON; MiniSearch (vendored, MIT) does the ranking. Everything is
// written to the page with textContent, never innerHTML: the index holds
// page text, and page text may hold anything.
//
// Index fields (short keys keep the file small): i id, u path from the
// site root, t title, k kind, a aliases, c claim quotes and notes, x text.
(function () {
  "use strict";
  var data = window.BRIEFING_SEARCH;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!data || !input || !list || typeof MiniSearch === "undefined") {
    if (status) status.textContent = "Search could not load its index.";
    return;
  }
  var body = document.body;
  var root = body.getAttribute("data-root") || "../";
  var fileLinks = body.getAttribute("data-file-links") === "true" || location.protocol === "file:";

  var docs = data.docs;
  var byId = {};
  for (var i = 0; i < docs.length; i++) byId[docs[i].i] = docs[i];

  var mini = new MiniSearch({
    idField: "i",
    fields: ["t", "a", "c", "x"],
    storeFields: [],
    searchOptions: {
      boost: { t: 4, a: 3, c: 2, x: 1 },
      prefix: true,
      fuzzy: function (term) { return term.length > 4 ? 0.2 : 0; }
    }
  });
  mini.addAll(docs);

  function href(doc) {
    var u = doc.u;
    if (fileLinks && (u === "" || u.charAt(u.length - 1) === "/")) u += "index.html";
    return root + u;
  }

  function terms(q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }

  // snippet returns [before, match, after] around the first query term
  // found in the text, or the start of the text.
  function snippet(text, ts) {
    if (!text) return ["", "", ""];
    var lower = text.toLowerCase();
    var at = -1, len = 0;
    for (var i = 0; i < ts.length && at < 0; i++) {
      var j = lower.indexOf(ts[i]);
      if (j >= 0) { at = j; len = ts[i].length; }
    }
    if (at < 0) return ["", "", text.slice(0, 180) + (text.length > 180 ? "…" : "")];
    var s = Math.max(0, at - 80), e = Math.min(text.length, at + len + 100);
    return [(s > 0 ? "…" : "") + text.slice(s, at), text.slice(at, at + len), text.slice(at + len, e) + (e < text.length ? "…" : "")];
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

  function show(q) {
    list.textContent = "";
    active = -1;
    q = q.trim();
    if (!q) { status.textContent = docs.length + " pages indexed. Type to search."; return; }
    var results = mini.search(q, { combineWith: "AND" });
    if (results.length === 0) results = mini.search(q, { combineWith: "OR" });
    var ts = terms(q);
    var shown = results.slice(0, 50);
    for (var i = 0; i < shown.length; i++) {
      var doc = byId[shown[i].id];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(doc);
      a.textContent = doc.t;
      li.appendChild(a);
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc.k;
      li.appendChild(kind);
      var text = doc.x || doc.c || doc.a || "";
      var lower = (doc.c || "").toLowerCase();
      for (var k = 0; k < ts.length; k++) if (lower.indexOf(ts[k]) >= 0 && (doc.x || "").toLowerCase().indexOf(ts[k]) < 0) text = doc.c;
      var parts = snippet(text, ts);
      var sn = document.createElement("span");
      sn.className = "snippet";
      sn.appendChild(document.createTextNode(parts[0]));
      if (parts[1]) { var m = document.createElement("mark"); m.textContent = parts[1]; sn.appendChild(m); }
      sn.appendChild(document.createTextNode(parts[2]));
      li.appendChild(sn);
      list.appendChild(li);
    }
    var n = results.length;
    status.textContent = (n === 0 ? "No results" : n === 1 ? "1 result" : n + " results") + " for “" + q + "”" + (n > shown.length ? " (first " + shown.length + " shown)" : "") + ".";
  }

  function remember(q) {
    try {
      var url = new URL(location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url.toString());
    } catch (e) { /* file:// in some browsers refuses; the results still show */ }
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
  var form = input.form;
  if (form) form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); remember(input.value.trim()); });

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  show(q);
})();
