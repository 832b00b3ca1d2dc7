// Kiosk (máy tính bảng tại quầy): go back to the start screen when a half-finished rating is
// left alone, and keep the code field focused for the barcode / QR scanner.
(function () {
  "use strict";
  var body = document.body;
  var startUrl = body.dataset.startUrl;
  var idleMs = (parseInt(body.dataset.idleSeconds, 10) || 120) * 1000;
  var timer = null;

  function reset() {
    if (document.querySelector("#kiosk [data-idle]") && window.htmx) {
      window.htmx.ajax("GET", startUrl, { target: "#kiosk", swap: "innerHTML" });
    }
  }
  function touch() {
    clearTimeout(timer);
    timer = setTimeout(reset, idleMs);
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, touch, true);
  });
  document.addEventListener("htmx:afterSettle", function () {
    touch();
    var first = document.querySelector("#kiosk [autofocus]");
    if (first) first.focus();
  });
  touch();
})();
