// The map page's time control. The page is drawn at build time for the
// briefing's date and reads the same without this script; with it, a
// slider, buttons and a date field move the map to any date: each mark
// takes the colour of who held the place then, places taken in the days
// before it are ringed, areas of control and the key follow, and the
// date is written on the map.
//
// The control history comes once per place, in the page itself
// (<script type="application/json" id="map-data">, written by
// generator/render/maps.go): no request, so it works from disk, and the
// page's size grows with places and changes, not with dates times places.
// The words and rules here mirror maps.go (placeTitle, holdingOn,
// changed, legend); a browser test checks that a map moved to a date is
// the map built for that date.
(function () {
  "use strict";
  var dataEl = document.getElementById("map-data");
  var panel = document.getElementById("map-time");
  var svg = document.querySelector(".map-figure svg.map");
  if (!dataEl || !panel || !svg) return;
  var data;
  try {
    data = JSON.parse(dataEl.textContent);
  } catch (e) {
    return;
  }
  var stops = data.stops;
  var asof = stops[data.asof];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  function dateText(iso) {
    var p = iso.split("-");
    return (+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0];
  }
  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }

  // The elements to update, by the keys maps.go gave them.
  var marks = {}, areas = {}, items = {};
  svg.querySelectorAll("g.city[data-key]").forEach(function (g) { marks[g.getAttribute("data-key")] = g; });
  svg.querySelectorAll("path.area[data-key]").forEach(function (p) { areas[p.getAttribute("data-key")] = p; });
  var legend = document.querySelector(".map-side .legend");
  if (legend) {
    legend.querySelectorAll("li[data-key]").forEach(function (li) { items[li.getAttribute("data-key")] = li; });
  }
  var slider = document.getElementById("map-slider");
  var when = document.getElementById("map-when");
  var day = document.getElementById("map-day");
  var prev = document.getElementById("map-prev");
  var next = document.getElementById("map-next");
  var play = document.getElementById("map-play");
  var back = document.getElementById("map-asof");
  var title = svg.querySelector("title");

  // from is the date a run starts: a stop of the time control, or, for
  // a timeline that starts with the place already held ([-1, faction,
  // date]), that date, which is no change of hands.
  function from(run) { return run[0] < 0 ? run[2] : stops[run[0]]; }

  // holding is who held place p on date iso: its run, and the run before.
  function holding(p, iso) {
    var h = p[1], i = -1;
    for (var k = 0; k < h.length && from(h[k]) <= iso; k++) i = k;
    if (i < 0) return null;
    return { run: h[i], prev: i > 0 ? h[i - 1] : null };
  }
  function changed(h, iso) {
    return !!(h && h.prev && dayNumber(from(h.run)) > dayNumber(iso) - data.days);
  }
  function placeTitle(name, h, iso) {
    if (!h) return name + ": no control record on " + dateText(iso);
    var f = data.factions[h.run[1]][0];
    if (changed(h, iso)) {
      return name + ": taken by " + f + " from " + data.factions[h.prev[1]][0] + " on " + dateText(from(h.run));
    }
    return name + ": held by " + f + " since " + (h.run[0] < 0 ? "before " : "") + dateText(from(h.run));
  }
  function countText(n) { return n === 1 ? "(1 place)" : "(" + n + " places)"; }

  function setRing(g, on) {
    var ring = g.querySelector("circle.ring");
    var mark = g.querySelector("circle.mark");
    if (on && !ring && mark) {
      // As svgmap's writeRing draws it.
      ring = document.createElementNS(svg.namespaceURI, "circle");
      ring.setAttribute("class", "ring");
      ring.setAttribute("cx", mark.getAttribute("cx"));
      ring.setAttribute("cy", mark.getAttribute("cy"));
      ring.setAttribute("r", String(+mark.getAttribute("r") + 4));
      ring.setAttribute("fill", "none");
      ring.setAttribute("stroke", "#1b1b1b");
      ring.setAttribute("stroke-width", "1.5");
      ring.setAttribute("stroke-dasharray", "3 2");
      g.insertBefore(ring, mark);
    } else if (!on && ring) {
      ring.remove();
    }
  }

  var shown = asof;
  // What each mark shows now, so a move rewrites only the marks that
  // change: the page opens on the as-of date, drawn by the build (a
  // browser test checks that the build and this script agree).
  var state = data.places.map(function (p) {
    var h = holding(p, asof);
    return (h ? h.run[1] : -1) + (changed(h, asof) ? "r" : "") + (h ? "@" + h.run[0] : "");
  });
  var order = null; // the key's faction order, once it has been sorted

  function show(iso) {
    shown = iso;
    var counts = data.factions.map(function () { return 0; });
    var none = 0;
    data.places.forEach(function (p, i) {
      var h = holding(p, iso);
      if (h) counts[h.run[1]]++;
      else none++;
      var g = marks["p" + i];
      if (!g) return; // no coordinates
      var ring = changed(h, iso);
      var key = (h ? h.run[1] : -1) + (ring ? "r" : "") + (h ? "@" + h.run[0] : "");
      // The title names the date only when there is no record.
      if (key === state[i] && h) return;
      state[i] = key;
      var f = h ? data.factions[h.run[1]] : null;
      var cls = "city" + (f ? " held-by-" + f[2] : "") + (g.classList.contains("current") ? " current" : "") + (ring ? " changed" : "");
      g.setAttribute("class", cls);
      var mark = g.querySelector("circle.mark");
      if (mark) mark.setAttribute("fill", f ? f[1] : data.nocolor);
      var t = g.querySelector("title");
      if (t) t.textContent = placeTitle(p[0], h, iso);
      setRing(g, ring);
    });

    // Each faction's latest area on or before the date, unless it ended
    // (a[2], its until) by then.
    var latest = {};
    data.areas.forEach(function (a, i) {
      if (stops[a[1]] <= iso) latest[a[0]] = i;
    });
    var on = {};
    Object.keys(latest).forEach(function (f) {
      var a = data.areas[latest[f]];
      if (a.length < 3 || iso < stops[a[2]]) on[latest[f]] = true;
    });
    data.areas.forEach(function (a, i) {
      // As maps.go keys it: faction and date.
      var key = "a-" + data.factions[a[0]][2] + "-" + stops[a[1]];
      var el = areas[key];
      if (el && (el.getAttribute("display") !== "none") !== !!on[i]) {
        if (on[i]) el.removeAttribute("display");
        else el.setAttribute("display", "none");
      }
      if (items[key]) items[key].hidden = !on[i];
    });

    // The key: factions by the places they hold, then by name (the
    // order of data.factions), before "No record".
    if (legend) {
      var sorted = data.factions.map(function (f, i) { return i; });
      sorted.sort(function (a, b) { return counts[b] - counts[a] || a - b; });
      var moved = order === null || sorted.some(function (f, k) { return order[k] !== f; });
      order = sorted;
      var anchor = items.none || null;
      sorted.forEach(function (i) {
        var li = items["f" + i];
        if (!li) return;
        li.hidden = counts[i] === 0;
        var c = li.querySelector(".count");
        var text = countText(counts[i]);
        if (c && c.textContent !== text) c.textContent = text;
        if (moved) legend.insertBefore(li, anchor);
      });
      if (items.none) {
        items.none.hidden = none === 0;
        var nc = items.none.querySelector(".count");
        if (nc) nc.textContent = countText(none);
      }
    }

    var text = dateText(iso);
    svg.querySelectorAll(".map-date").forEach(function (el) { el.textContent = text; });
    var note = iso > asof ? "after the " + dateText(asof) + " cutoff" : "";
    svg.querySelectorAll(".map-note").forEach(function (el) { el.textContent = note; });
    if (title) title.textContent = "Map: who holds each place on " + text;
    controls(iso);
  }

  // controls sets the slider, the date field and the buttons for a date.
  function controls(iso) {
    var text = dateText(iso);
    var note = iso > asof ? "after the " + dateText(asof) + " cutoff" : "";
    var at = 0;
    for (var k = 0; k < stops.length && stops[k] <= iso; k++) at = k;
    slider.value = String(at);
    slider.setAttribute("aria-valuetext", text);
    when.textContent = text + (note ? " (" + note + ")" : "");
    if (day) day.value = iso;
    prev.disabled = iso <= stops[0];
    next.disabled = iso >= stops[stops.length - 1];
  }

  function step(dir) {
    var target = null;
    if (dir < 0) {
      for (var i = stops.length - 1; i >= 0; i--) if (stops[i] < shown) { target = stops[i]; break; }
    } else {
      for (var j = 0; j < stops.length; j++) if (stops[j] > shown) { target = stops[j]; break; }
    }
    if (target) show(target);
    return target !== null;
  }

  var timer = null;
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.setAttribute("aria-pressed", "false");
    play.textContent = "Play";
  }
  play.addEventListener("click", function () {
    if (timer !== null) { stop(); return; }
    if (shown >= stops[stops.length - 1]) show(stops[0]);
    play.setAttribute("aria-pressed", "true");
    play.textContent = "Pause";
    timer = setInterval(function () { if (!step(1)) stop(); }, 1200);
  });
  slider.addEventListener("input", function () { stop(); show(stops[+slider.value]); });
  prev.addEventListener("click", function () { stop(); step(-1); });
  next.addEventListener("click", function () { stop(); step(1); });
  if (back) back.addEventListener("click", function () { stop(); show(asof); });
  if (day) {
    day.addEventListener("change", function () {
      if (/^\d{4}-\d{2}-\d{2}$/.test(day.value)) { stop(); show(day.value); }
    });
  }

  panel.hidden = false;
  controls(asof);
})();
