// Keyboard moderation: j/k move, a approve, c approve collapsed, r reject, s spam + ban, x select, u undo, ? help. No mouse needed.
// After an action the server redirects back to the same page and filters with #item-<next>; the focus
// lands there, so the moderator keeps their place (without JavaScript the browser scrolls to it).
(function () {
  "use strict";
  var list = document.querySelector("[data-queue]");
  var help = document.getElementById("modq-help");
  if (!list) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-item]"));
  var current = -1;

  function select(index) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === current ? "true" : "false");
      item.tabIndex = i === current ? 0 : -1;
    });
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  function toggleHelp() {
    if (!help) { return; }
    if (help.open) { help.close(); } else { help.showModal(); }
  }

  function typing(target) {
    return /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName) && target.type !== "checkbox";
  }

  var actions = {
    j: function () { select(current + 1); },
    k: function () { select(current - 1); },
    a: function (item) { item.querySelector("[data-approve]").click(); },
    c: function (item) { item.querySelector("[data-approve-collapsed]").click(); },
    r: function (item) { item.querySelector("[data-reject-reason]").focus(); },
    s: function (item) {
      if (window.confirm("Mark this comment as spam and ban its author?")) {
        item.querySelector("[data-spam]").click();
      }
    },
    x: function (item) { var box = item.querySelector("[data-select]"); box.checked = !box.checked; }
  };

  function undoLast() {
    var button = document.querySelector("[data-undo]");
    if (button) { button.click(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    if (typing(event.target)) {
      if (event.key === "Escape" && current >= 0) { items[current].focus(); }
      return;
    }
    if (event.key === "u") { event.preventDefault(); undoLast(); return; }
    var action = actions[event.key];
    if (!action || !items.length) { return; }
    event.preventDefault();
    if (current < 0) { select(0); if (event.key === "j" || event.key === "k") { return; } }
    action(items[current]);
  });

  items.forEach(function (item, i) {
    item.addEventListener("focusin", function () { if (current !== i) { current = i; select(i); } });
  });
  // A reason chosen with the keyboard then Enter submits the reject form.
  list.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-reject-reason]") && event.target.value) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });
  document.querySelectorAll("[data-help-toggle]").forEach(function (button) {
    button.addEventListener("click", toggleHelp);
  });
  if (items.length) { items[0].tabIndex = 0; }
  var landing = /^#item-(\d+)$/.exec(window.location.hash);
  if (landing) {
    var index = items.findIndex(function (item) { return item.id === "item-" + landing[1]; });
    if (index >= 0) { select(index); }
  }
})();
