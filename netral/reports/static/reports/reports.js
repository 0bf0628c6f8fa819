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

  // The election list follows the region: when a level of the cascade changes, ask the server
  // for the list of that region (the levels above and the changed one; the lower ones reset).
  function refreshElections(form, changed) {
    var box = document.getElementById("election-field");
    var select = box && box.querySelector("select");
    if (!select) { return; }
    var level = parseInt((changed.name.match(/_(\d)$/) || [0, 9])[1], 10);
    var params = new URLSearchParams();
    form.querySelectorAll(".region-cascade select").forEach(function (s) {
      var own = parseInt((s.name.match(/_(\d)$/) || [0, 9])[1], 10);
      if (own <= level) { params.append(s.name, s.value); }
    });
    params.append("election", select.value);
    fetch(box.getAttribute("data-election-url") + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("select");
        if (fresh) { select.innerHTML = fresh.innerHTML; }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("report-form");
    if (form) {
      syncTrack(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "track") { syncTrack(form); }
        if (event.target.closest && event.target.closest(".region-cascade")) { refreshElections(form, event.target); }
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
