// Visible errors for htmx requests. 409 and 422 are swapped in place (see the htmx-config meta
// tag); any other 4xx/5xx from this server carries an alert fragment aimed at #alerts.
(function () {
  "use strict";

  function alertsRegion() { return document.getElementById("alerts"); }

  function showAlert(html) {
    var region = alertsRegion();
    if (region) { htmx.swap(region, html, { swapStyle: "innerHTML" }); region.scrollIntoView({ block: "nearest" }); }
  }

  function plainAlert(message) {
    var region = alertsRegion();
    if (!region) { return; }
    var box = document.createElement("div");
    box.className = "alert alert-danger";
    box.setAttribute("role", "alert");
    box.textContent = message;
    region.replaceChildren(box);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.getResponseHeader("HX-Retarget") === "#alerts" && xhr.responseText) {
      showAlert(xhr.responseText);
    } else {
      plainAlert(alertsRegion().dataset.errorMessage);
    }
  });

  document.addEventListener("htmx:sendError", function () {
    plainAlert(alertsRegion().dataset.offlineMessage);
  });
})();
