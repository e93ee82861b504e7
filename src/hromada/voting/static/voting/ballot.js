// Live "what is left" on the ballot, and one cast per click. The ballot works without it.
(function () {
  "use strict";
  var form = document.querySelector("form.ballot");
  if (form) {
    var kind = form.dataset.kind;
    var perPool = form.dataset.scope === "per_pool";
    var allowance = parseInt(form.dataset.allowance, 10);
    var lang = document.documentElement.lang || "uk";
    var money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var texts = {
      uk: { left: "Залишок коштів: ", chosen: "Обрано: ", of: " з ", points: "Розподілено балів: " },
      en: { left: "Money left: ", chosen: "Chosen: ", of: " of ", points: "Points given: " }
    }[lang.slice(0, 2)] || null;
    var currency = lang.slice(0, 2) === "uk" ? " грн" : " UAH";
    var update = function () {
      if (!texts) { return; }
      var pools = form.querySelectorAll(".ballot-pool");
      var total = 0;
      var counts = [];
      pools.forEach(function (pool) {
        var used = 0;
        var spent = 0;
        pool.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
          used += 1;
          spent += parseFloat(box.dataset.cost);
        });
        pool.querySelectorAll("input[type=number]").forEach(function (field) {
          var value = parseInt(field.value, 10);
          if (value > 0) { used += value; }
        });
        total += used;
        counts.push([pool, used, spent]);
      });
      counts.forEach(function (entry) {
        var pool = entry[0];
        var line = pool.querySelector(".ballot-left");
        var over;
        if (kind === "knapsack") {
          var left = parseFloat(pool.dataset.money) - entry[2];
          over = left < 0;
          line.textContent = texts.left + money.format(left) + currency;
        } else {
          var used = perPool ? entry[1] : total;
          over = used > allowance;
          line.textContent = (kind === "cumulative" ? texts.points : texts.chosen) + used + texts.of + allowance;
        }
        line.classList.toggle("is-over", over);
      });
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }
  var errors = document.getElementById("ballot-errors");
  if (errors) { errors.focus(); }
  document.querySelectorAll("form.cast-form").forEach(function (cast) {
    cast.addEventListener("submit", function () {
      // A second click would be harmless (same receipt) but confusing.
      var button = cast.querySelector("button");
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();
