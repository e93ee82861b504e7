/* Live check of the cost estimate: line totals, the total with contingency and VAT, and
   the pool's limits, recomputed as the author types. Progressive enhancement: the server
   computes the same on saving (estimate.py), and says so without JavaScript. */
(function () {
  "use strict";
  var table = document.querySelector("table.estimate");
  var live = document.getElementById("estimate-live");
  if (!table || !live) {
    return;
  }
  function number(text) {
    var cleaned = String(text || "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (cleaned === "" || !/^-?\d*(\.\d*)?$/.test(cleaned)) {
      return null;
    }
    return parseFloat(cleaned);
  }
  function money(value) {
    return value.toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "uk-UA", {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  }
  function percent(name) {
    var input = document.querySelector('[name="' + name + '"]');
    var value = input ? number(input.value) : 0;
    return value === null ? 0 : value;
  }
  var english = document.documentElement.lang === "en";
  function update() {
    var subtotal = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var quantity = number(row.querySelector("[data-quantity]").value);
      var price = number(row.querySelector("[data-price]").value);
      var cell = row.querySelector("[data-line-total]");
      if (quantity !== null && price !== null && quantity > 0 && price >= 0) {
        var line = Math.round(quantity * price * 100) / 100;
        subtotal += line;
        cell.textContent = money(line);
      } else {
        cell.textContent = "";
      }
    });
    var contingency = Math.round(subtotal * percent("contingency_percent")) / 100;
    var vat = Math.round((subtotal + contingency) * percent("vat_percent")) / 100;
    var total = subtotal + contingency + vat;
    var max = number(table.dataset.max);
    var min = number(table.dataset.min);
    var text = (english ? "Total: " : "Разом: ") + money(total) + (english ? " UAH" : " грн");
    if (max !== null && total > max) {
      text += english
        ? " — above the pool's maximum of " + money(max) + " UAH"
        : " — більше за максимум пулу " + money(max) + " грн";
    } else if (min !== null && total < min && total > 0) {
      text += english
        ? " — below the pool's minimum of " + money(min) + " UAH"
        : " — менше за мінімум пулу " + money(min) + " грн";
    }
    live.textContent = text;
  }
  table.closest("form").addEventListener("input", update);
  update();
})();
