/* Live preview only (adal serve): reload the page when the site has been rebuilt. */
(function () {
  "use strict";
  var stamp = new URL("../../build-id.txt", document.currentScript.src).href;
  var last = null;
  setInterval(function () {
    fetch(stamp, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (id) {
      if (last !== null && id !== last) location.reload();
      last = id;
    }).catch(function () {});
  }, 250);
})();
