// The service-centre desk: lock after the idle time, show the titles of typed project
// numbers, print the receipt. Every step also works without it.
(function () {
  "use strict";
  var desk = document.querySelector(".desk[data-idle-seconds]");
  if (desk) {
    // The server locks an idle session too; this also hides a screen left open.
    var idleMs = parseInt(desk.dataset.idleSeconds, 10) * 1000;
    var lockUrl = desk.dataset.lockUrl;
    var timer = null;
    var restart = function () {
      if (timer !== null) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { window.location.assign(lockUrl); }, idleMs);
    };
    ["keydown", "mousemove", "mousedown", "touchstart", "wheel"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    if (idleMs > 0 && lockUrl) { restart(); }
  }

  // Typed project numbers: the titles they stand for, so that a typo shows at once, and
  // the boxes (or points) below follow what is typed, so the counters stay right.
  var numbers = document.getElementById("desk-numbers");
  var preview = document.getElementById("desk-numbers-preview");
  if (numbers && preview) {
    var titles = {};
    var inputs = {};
    var setByTyping = {};
    document.querySelectorAll(".ballot-project[data-number]").forEach(function (row) {
      titles[row.dataset.number] = row.dataset.title;
      inputs[row.dataset.number] = row.querySelector("input");
    });
    var lang = (document.documentElement.lang || "uk").slice(0, 2);
    var unknown = lang === "uk" ? "немає в бюлетені" : "not on this ballot";
    var show = function () {
      var parts = [];
      var typed = {};
      numbers.value.split(/[\s,;]+/).forEach(function (token) {
        var match = /^№?(\d{1,6})(?:[:×xX*](\d{1,3}))?$/.exec(token);
        if (!match) { return; }
        var number = String(parseInt(match[1], 10));
        var points = match[2] ? parseInt(match[2], 10) : 1;
        typed[number] = (typed[number] || 0) + points;
        parts.push("№ " + number + (match[2] ? " (" + points + ")" : "") + " — " + (titles[number] || unknown));
      });
      preview.textContent = parts.join("; ");
      Object.keys(inputs).forEach(function (number) {
        var input = inputs[number];
        if (!input) { return; }
        if (typed[number]) {
          if (input.type === "checkbox") { input.checked = true; } else { input.value = typed[number]; }
          setByTyping[number] = true;
        } else if (setByTyping[number]) {
          if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
          delete setByTyping[number];
        }
      });
      if (numbers.form) { numbers.form.dispatchEvent(new Event("change")); }
    };
    numbers.addEventListener("input", show);
    show();
  }

  // Enter submits a desk form from a drop-down too, as it does from a text field.
  document.querySelectorAll("form.desk-form select").forEach(function (select) {
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.altKey && select.form) {
        event.preventDefault();
        if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
      }
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Browsers skip autofocus on pages reached with the back button; the desk is used
  // from the keyboard only, so put the cursor where the next key belongs.
  var first = document.querySelector("[autofocus]");
  if (first && document.activeElement === document.body) { first.focus(); }
})();
