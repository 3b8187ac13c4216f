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
  function status(deadline, completed) {
    if (completed) return deadline && days(completed) > days(deadline) ? "done-late" : "done";
    if (!deadline) return "no-deadline";
    var left = days(deadline) - days(today);
    if (left < 0) return "overdue";
    return left <= dueSoon ? "due-soon" : "upcoming";
  }

  var seen = {}, counts = {};
  document.querySelectorAll(".adal-badge[data-item]").forEach(function (badge) {
    var next = status(badge.dataset.deadline, badge.dataset.completed);
    if (next !== badge.dataset.status) {
      var model = tpl.content.querySelector('[data-template="' + next + '"]');
      badge.innerHTML = model.innerHTML;
      badge.title = model.title;
      badge.className = "adal-badge adal-badge--" + next;
      badge.dataset.status = next;
    }
    if (!seen[badge.dataset.item]) {
      seen[badge.dataset.item] = true;
      counts[next] = (counts[next] || 0) + 1;
    }
  });
  document.querySelectorAll("[data-adal-count]").forEach(function (el) {
    el.textContent = String(counts[el.dataset.adalCount] || 0);
  });
  // Written like the build writes dates (Babel's CLDR data): browsers lack Kazakh months.
  var months = tpl.dataset.months.split(",");
  var shown = tpl.dataset.datePattern.replace("{y}", get("year"))
    .replace("{d}", String(+get("day"))).replace("{m}", months[+get("month") - 1]);
  document.querySelectorAll(".adal-asof").forEach(function (el) {
    el.textContent = tpl.dataset.asOfBrowser.replace("{date}", shown);
    el.dataset.date = today;
  });
})();
