// Briefing preview: reloads the page after each rebuild. Only "briefing
// serve" adds this script to the pages it serves; built sites never have it.
(function () {
  "use strict";
  var script = document.currentScript;
  // The generation this page was built from; the server announces the
  // current one on connecting and after every build.
  var gen = script ? script.getAttribute("data-gen") : "";
  var source = null;
  // The waiting page shown during the first build, if this is it.
  var panel = document.getElementById("briefing-progress");

  function connect() {
    if (source || !window.EventSource) {
      return;
    }
    source = new EventSource("/__briefing/events");
    source.addEventListener("build", function (e) {
      if (!gen) {
        // No generation to compare with: take this one rather than
        // reload for ever.
        gen = e.data;
      } else if (e.data !== gen) {
        disconnect();
        location.reload();
      }
    });
    source.addEventListener("progress", function (e) {
      var p;
      try {
        p = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (panel && p) {
        showProgress(p);
      }
    });
  }

  // showProgress puts where the first build is on the waiting page: the
  // stages done, current and to come, the count and the time elapsed.
  function showProgress(p) {
    var text = document.getElementById("briefing-progress-text");
    var time = document.getElementById("briefing-progress-time");
    var bar = document.getElementById("briefing-progress-bar");
    if (text) {
      text.textContent = p.text;
    }
    if (time) {
      time.textContent = p.elapsed;
    }
    if (bar) {
      if (p.total > 0) {
        bar.max = p.total;
        bar.value = p.done;
      } else {
        // Not counted: a bar that says work goes on.
        bar.removeAttribute("value");
      }
    }
    var items = panel.querySelectorAll("[data-stage]");
    var current = -1;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-stage") === p.stage) {
        current = i;
      }
    }
    if (current < 0) {
      return;
    }
    for (var j = 0; j < items.length; j++) {
      var state = j < current ? "done" : j === current ? "current" : "pending";
      items[j].setAttribute("data-state", state);
      if (state === "current") {
        items[j].setAttribute("aria-current", "step");
      } else {
        items[j].removeAttribute("aria-current");
      }
    }
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  // Browsers open about six connections per host over HTTP/1.1: a stream
  // held by every background tab would soon leave none to load pages.
  // Hidden tabs let theirs go and catch up (reload if stale) when shown.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      disconnect();
    } else {
      connect();
    }
  });
  // An open stream keeps a page out of the back-forward cache; a page
  // restored from it asks again whether it is stale.
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) {
      connect();
    }
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t && t.closest && t.closest("[data-briefing-dismiss]")) {
      var overlay = document.getElementById("briefing-overlay");
      if (overlay) {
        overlay.hidden = true;
      }
    }
  });

  if (document.visibilityState !== "hidden") {
    connect();
  }
})();
