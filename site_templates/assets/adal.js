/* Recompute each deadline badge from the reader's current date, so that a static page that
   has aged still tells the truth. Same rules as generator/domain/status.py. Without JavaScript the
   build-time badges and their "as of" date stay. */
(function () {
  "use strict";
  var tpl = document.getElementById("adal-badge-templates");
  if (!tpl) return;
  var dueSoon = parseInt(tpl.dataset.dueSoonDays, 10);
  var parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: tpl.dataset.timezone, year: "numeric", month: "2-digit", day: "2-digit"
  }).formatToParts(new Date());
  var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
  var today = get("year") + "-" + get("month") + "-" + get("day");
  if (today === tpl.dataset.buildToday) return;

  function days(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }
  // words: the plan sets the deadline only in words (no date): "as-written", never "no-deadline".
  function status(deadline, completed, words) {
    if (completed) return deadline && days(completed) > days(deadline) ? "done-late" : "done";
    if (!deadline) return words ? "as-written" : "no-deadline";
    var left = days(deadline) - days(today);
    if (left < 0) return "overdue";
    return left <= dueSoon ? "due-soon" : "upcoming";
  }

  // Plan items and measures are counted apart; each once, though shown on several rows.
  var seen = {}, counts = { item: {}, measure: {} };
  document.querySelectorAll(".adal-badge[data-item], .adal-badge[data-measure]").forEach(function (badge) {
    var next = status(badge.dataset.deadline, badge.dataset.completed, badge.dataset.words);
    if (next !== badge.dataset.status) {
      var model = tpl.content.querySelector('[data-template="' + next + '"]');
      badge.innerHTML = model.innerHTML;
      badge.title = model.title;
      badge.className = "adal-badge adal-badge--" + next;
      badge.dataset.status = next;
    }
    var kind = badge.dataset.item ? "item" : "measure";
    var key = kind + (badge.dataset.item || badge.dataset.measure);
    if (!seen[key]) {
      seen[key] = true;
      counts[kind][next] = (counts[kind][next] || 0) + 1;
    }
  });
  [["item", "adalCount", "adalRow"], ["measure", "adalMeasureCount", "adalMeasureRow"]].forEach(function (k) {
    var attr = k[1].replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
    document.querySelectorAll("[data-" + attr + "]").forEach(function (el) {
      var n = counts[k[0]][el.dataset[k[1]]] || 0;
      el.textContent = String(n);
      var row = el.closest(".adal-progress__row");
      if (row) row.classList.toggle("adal-quiet", n === 0);
    });
  });
  // The overdue list: each open item with a deadline, shown when overdue, with its days.
  var overdue = 0;
  document.querySelectorAll("[data-overdue-item]").forEach(function (li) {
    var late = days(today) - days(li.dataset.deadline);
    li.hidden = late <= 0;
    if (late > 0) {
      overdue += 1;
      var list = li.closest(".adal-overdue");
      li.querySelector(".adal-overdue__days").textContent = list.dataset.days.replace("{days}", late);
    }
  });
  document.querySelectorAll(".adal-overdue__none").forEach(function (el) { el.hidden = overdue > 0; });
  // Written like the build writes dates (Babel's CLDR data): browsers lack Kazakh months.
  var months = tpl.dataset.months.split(",");
  var shown = tpl.dataset.datePattern.replace("{y}", get("year"))
    .replace("{d}", String(+get("day"))).replace("{m}", months[+get("month") - 1]);
  document.querySelectorAll(".adal-asof").forEach(function (el) {
    el.textContent = tpl.dataset.asOfBrowser.replace("{date}", shown);
    el.dataset.date = today;
  });
})();

/* The risk register: sort by a column (click its header), filter rows by a word. Without
   JavaScript the table is complete and in its built order. */
(function () {
  "use strict";
  var table = document.getElementById("adal-register");
  if (!table) return;
  // The filter box is made here: without JavaScript it could do nothing.
  var tools = document.querySelector(".adal-register__tools");
  var shown = tools.querySelector(".adal-register__shown");
  var label = document.createElement("label");
  var input = document.createElement("input");
  input.type = "search";
  input.className = "adal-register__filter";
  input.setAttribute("aria-controls", "adal-register");
  label.textContent = tools.dataset.label + ": ";
  label.appendChild(input);
  tools.insertBefore(label, shown);
  tools.insertBefore(document.createTextNode(" "), shown);
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  tools.hidden = false;

  function value(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    return kind === "number" ? parseFloat(raw) || 0 : raw.toLocaleLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var kind = th.dataset.sort;
    if (!kind) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "adal-sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
        if (c.dataset.sort) c.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = value(a, index, kind), y = value(b, index, kind);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  function filter() {
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var n = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLocaleLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !match;
      if (match) n += 1;
    });
    shown.textContent = shown.dataset.template.replace("{n}", n).replace("{total}", rows.length);
  }
  input.addEventListener("input", filter);
  filter();
})();
