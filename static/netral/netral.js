// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A select marked data-autosubmit sends its form when changed.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // Menus built on <details data-close-outside> close on a click elsewhere or on Escape.
  function closeMenus(except) {
    document.querySelectorAll("details[data-close-outside][open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details[data-close-outside]") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var open = document.querySelector("details[data-close-outside][open]");
      if (open) {
        open.removeAttribute("open");
        var summary = open.querySelector("summary");
        if (summary) { summary.focus(); }
      }
    }
  });
})();

// A page that comes back with form errors puts the reader on the error summary.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});

// The same after a form sent with htmx by its button (or Enter): an answer that brings an error
// summary puts the reader on it, as the whole page would. A filter sent by changing a select
// (data-autosubmit: no submitter) leaves focus on the select.
document.addEventListener("htmx:afterSettle", function (event) {
  var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  if (!trigger || trigger.type !== "submit" || !trigger.submitter) { return; }
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
