/* Live preview only (adal serve): reload the page when the site has been rebuilt, and show the
   problems of a broken edit over the page until they are fixed. live.json, at the site's root:
   {"build": "…", "problems": {"kk": ["path:line: message", …], "ru": […]},
    "title": {"kk": …, "ru": …}}: the page shows those of its own language (<html lang>).
   Problems are shown as text (textContent), never as HTML. Each request names the page
   (?page=/kk/directions/…/): after an edit the preview builds the open pages first. */
(function () {
  "use strict";
  var url = new URL("../../live.json", document.currentScript.src).href;
  var last = null;

  function inLanguage(texts) {
    texts = texts || {};
    var lang = document.documentElement.lang;
    return lang in texts ? texts[lang] : texts[Object.keys(texts)[0]];
  }

  function show(state) {
    var box = document.getElementById("adal-problems");
    var problems = inLanguage(state.problems) || [];
    if (!problems.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "adal-problems";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = inLanguage(state.title) || "";
    box.appendChild(title);
    problems.forEach(function (problem) {
      var line = document.createElement("pre");
      line.textContent = problem;
      box.appendChild(line);
    });
  }

  setInterval(function () {
    // The page's own address: the preview builds the open pages first after an edit.
    fetch(url + "?page=" + encodeURIComponent(location.pathname), { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
      if (last !== null && state.build !== last) {
        location.reload();
        return;
      }
      last = state.build;
      show(state);
    }).catch(function () {});
  }, 250);
})();
