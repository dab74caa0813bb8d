// Briefing preview: reloads the page after each rebuild. Only "briefing
// serve" adds this script to the pages it serves; built sites never have it.
(function () {
  "use strict";
  var script = document.currentScript;
  // The generation this page was built from; the server announces the
  // current one on connecting and after every build.
  var gen = script ? script.getAttribute("data-gen") : "";
  var source = null;

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
