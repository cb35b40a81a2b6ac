// Check-in desk: scan delegate cards with the device's camera (vendored jsQR decodes the
// frames in the browser). The decoded text goes into the desk's scan field and the form is
// submitted, exactly as a hand scanner would do. Loaded from the check-in page (CSP: no
// inline code). Cameras need a secure context (HTTPS, or localhost).
(function () {
  "use strict";

  var stream = null;
  var last = "";
  var lastAt = 0;

  function el(id) { return document.getElementById(id); }

  function say(text) {
    var status = el("scan-camera-status");
    if (status) { status.textContent = text || ""; }
  }

  function submitCode(text) {
    var form = document.querySelector("#scan-panel form");
    if (!form) { return; }
    form.querySelector("[name=code]").value = text;
    form.requestSubmit();
  }

  function tick() {
    var video = el("scan-video");
    if (!stream || !video) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA && video.videoWidth) {
      var canvas = el("scan-canvas");
      var width = video.videoWidth;
      var height = video.videoHeight;
      canvas.width = width;
      canvas.height = height;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, width, height);
      var image = context.getImageData(0, 0, width, height);
      var code = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same card held in front of the camera is sent once every few seconds at most
      // (the server would answer "already checked in" anyway).
      if (code && code.data && (code.data !== last || now - lastAt > 4000)) {
        last = code.data;
        lastAt = now;
        submitCode(code.data);
      }
    }
    window.requestAnimationFrame(tick);
  }

  function start(button) {
    var video = el("scan-video");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.classList.remove("d-none");
        video.play();
        button.textContent = button.getAttribute("data-stop-label");
        say("");
        window.requestAnimationFrame(tick);
      })
      .catch(function () { say(button.getAttribute("data-error-label")); });
  }

  function stop(button) {
    stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    el("scan-video").classList.add("d-none");
    button.textContent = button.getAttribute("data-start-label");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-camera-scan]");
    if (!button) { return; }
    if (stream) { stop(button); } else { start(button); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-camera-scan]");
    if (button && window.jsQR && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      button.classList.remove("d-none");
    }
  });
})();
