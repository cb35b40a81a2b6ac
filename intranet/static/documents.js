// Documents pages: print buttons, "select all" for the bulk form, confirmations.
// Loaded from the area's templates (CSP: no inline code).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var print = event.target.closest("[data-print]");
    if (print) { window.print(); return; }
    var all = event.target.closest("[data-select-all]");
    if (all) {
      var boxes = document.querySelectorAll(all.getAttribute("data-select-all"));
      var check = Array.prototype.some.call(boxes, function (b) { return !b.checked; });
      boxes.forEach(function (b) { b.checked = check; });
    }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
