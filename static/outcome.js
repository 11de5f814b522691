// After posting, the reader's own comments still being checked carry data-outcome-url. Ask the server
// what became of each, a few times with growing pauses, and show the outcome in place (the note is a
// role="status" region, so screen readers announce it). Without JavaScript, "Check again" reloads.
(function () {
  "use strict";
  var DELAYS_MS = [400, 600, 1000, 1000, 2000, 2000, 3000, 5000, 5000, 10000, 10000, 20000, 30000];

  function show(item, outcome) {
    var shown = outcome.state === "collapsed" ? "published" : outcome.state;
    item.className = item.className.replace(/\bstatus-[a-z]+/, "status-" + shown);
    var badge = item.querySelector("[data-outcome-badge]");
    if (badge) {
      badge.textContent = outcome.badge;
      badge.className = "badge badge-" + outcome.state;
    }
    var note = item.querySelector("[data-outcome-note]");
    if (note) {
      note.textContent = outcome.message;
      note.className = "status-note status-note-" + outcome.state;
    }
    item.removeAttribute("data-outcome-url");
  }

  function poll(item, attempt) {
    if (attempt >= DELAYS_MS.length) {
      return;
    }
    window.setTimeout(function () {
      fetch(item.getAttribute("data-outcome-url"), {
        credentials: "same-origin",
        headers: {Accept: "application/json"},
      }).then(function (response) {
        if (response.status === 404) {
          return null;  // deleted meanwhile: nothing more to tell
        }
        return response.ok ? response.json() : {final: false};
      }).then(function (outcome) {
        if (outcome && outcome.final) {
          show(item, outcome);
        } else if (outcome) {
          poll(item, attempt + 1);
        }
      }).catch(function () {
        poll(item, attempt + 1);
      });
    }, DELAYS_MS[attempt]);
  }

  document.querySelectorAll("[data-outcome-url]").forEach(function (item) {
    poll(item, 0);
  });
})();
