/* The countdown to the next deadline on the phase calendar, kept current every minute.
   Progressive enhancement: the server renders the same text (campaign.countdown_text)
   and it stays as it is without JavaScript. The deadline comes from the datetime
   attribute of the <time> element, the translated words from data-countdown-forms
   (one pattern per unit and plural category of the page's language). */
(function () {
  "use strict";
  var MINUTE = 60 * 1000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var boxes = document.querySelectorAll("[data-countdown-forms]");
  if (!boxes.length || typeof Intl === "undefined" || !Intl.PluralRules) {
    return;
  }
  var plurals = new Intl.PluralRules(document.documentElement.lang || "uk");

  function unit(forms, name, count) {
    var patterns = forms.units[name];
    var pattern = patterns[plurals.select(count)] || patterns.other;
    return pattern.replace("%(count)s", String(count));
  }

  // The same rules as campaign.duration_text: the two largest units, rounded down,
  // a zero second unit left out.
  function text(forms, remaining) {
    if (remaining <= 0) {
      return forms.passed;
    }
    if (remaining < MINUTE) {
      return forms.soon;
    }
    var days = Math.floor(remaining / DAY);
    var hours = Math.floor((remaining % DAY) / HOUR);
    var minutes = Math.floor((remaining % HOUR) / MINUTE);
    var counts = days ? [["day", days], ["hour", hours]]
      : hours ? [["hour", hours], ["minute", minutes]]
      : [["minute", minutes]];
    var parts = [];
    counts.forEach(function (pair) {
      if (pair[1]) {
        parts.push(unit(forms, pair[0], pair[1]));
      }
    });
    return forms.left.replace("%(duration)s", parts.join(" "));
  }

  var countdowns = [];
  boxes.forEach(function (box) {
    var time = box.querySelector("time[datetime]");
    var deadline = time ? Date.parse(time.getAttribute("datetime")) : NaN;
    var forms;
    try {
      forms = JSON.parse(box.getAttribute("data-countdown-forms"));
    } catch (error) {
      return;
    }
    if (!isNaN(deadline) && forms && forms.units) {
      countdowns.push({ time: time, deadline: deadline, forms: forms });
    }
  });

  function update() {
    var now = Date.now();
    countdowns.forEach(function (countdown) {
      var value = text(countdown.forms, countdown.deadline - now);
      if (countdown.time.textContent !== value) {
        countdown.time.textContent = value;
      }
    });
  }

  if (countdowns.length) {
    update();
    window.setInterval(update, MINUTE);
  }
})();
