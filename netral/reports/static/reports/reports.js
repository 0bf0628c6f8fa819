// Progressive enhancement for the report pages; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function syncTrack(form) {
    var checked = form.querySelector("input[name=track]:checked");
    var formal = checked && checked.value === "formal";
    form.querySelectorAll("[data-formal-only]").forEach(function (el) {
      el.hidden = !formal;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("report-form");
    if (form) {
      syncTrack(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "track") { syncTrack(form); }
      });
      var summary = document.getElementById("error-summary");
      if (summary) { summary.focus(); }
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-locate]").forEach(function (button) {
      if (!navigator.geolocation) { button.hidden = true; return; }
      button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          // Two decimals (about 1 km), the same coarsening the server applies.
          document.getElementById("id_latitude").value = position.coords.latitude.toFixed(2);
          document.getElementById("id_longitude").value = position.coords.longitude.toFixed(2);
        });
      });
    });
  });
})();
