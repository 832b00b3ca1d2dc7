/* Small helpers for the dossier screens; everything works without them. */
(function () {
  "use strict";
  function sync(root) {
    root = root || document;
    var kind = root.querySelector("input[name=kind]:checked");
    var idLabel = document.querySelector("label[for=id_id_number]");
    if (kind && idLabel) {
      idLabel.textContent = kind.value === "organisation"
        ? "Mã số thuế (10 hoặc 13 chữ số)"
        : "Số định danh cá nhân (12 chữ số)";
    }
    var channel = document.querySelector("input[name=channel]:checked");
    document.querySelectorAll(".postal").forEach(function (el) {
      el.hidden = !(channel && channel.value === "postal");
    });
    document.querySelectorAll(".checklist input[type=checkbox]").forEach(function (box) {
      var row = box.closest("tr");
      if (row) { row.classList.toggle("presented", box.checked); }
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches("input[name=kind], input[name=channel], .checklist input[type=checkbox]")) {
      sync();
    }
  });
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-tick-all]");
    if (!btn) { return; }
    e.preventDefault();
    document.querySelectorAll(".checklist input[type=checkbox]").forEach(function (box) {
      box.checked = true;
    });
    sync();
  });
  document.addEventListener("DOMContentLoaded", function () { sync(); });
  document.addEventListener("htmx:afterSwap", function () { sync(); });
})();
