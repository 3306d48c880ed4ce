// Starts Swagger UI on /docs. A file of its own rather than an inline script, so that the page's
// Content-Security-Policy (script-src 'self') can forbid inline scripts. The page's container carries
// the spec's URL and the OPENAPI_SWAGGER_UI_CONFIG settings as data-* attributes.
"use strict";

window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = JSON.parse(container.getAttribute("data-config") || "{}");
  config.url = container.getAttribute("data-spec-url");
  config.dom_id = "#swagger-ui-container";
  window.ui = SwaggerUIBundle(config);
});
