// Starts Swagger UI on /api/docs from the vendored bundle. No inline script and no CDN: the page
// works offline and under the site's Content-Security-Policy. The validator badge is off because
// it would send the document to an outside service.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
