// docs.js starts Swagger UI (served from /vendor/swagger-ui/, nothing from other sites) on the
// suite's OpenAPI document. It is a file of its own because the page's Content-Security-Policy
// allows no inline script.
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  const mount = document.getElementById("swagger-ui");
  if (typeof window.SwaggerUIBundle !== "function") {
    mount.textContent = "Swagger UI did not load; the API description is at /openapi.json.";
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    domNode: mount,
    deepLinking: true,
    docExpansion: "none",
    filter: true,
    displayRequestDuration: true,
    // Keep a pasted token across reloads, in this browser only.
    persistAuthorization: true,
    // No badge from validator.swagger.io: the page talks to this server only.
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: (req) => {
      const h = req.headers || (req.headers = {});
      // The Authorize dialog takes the header's value: add "Bearer " to a bare token.
      const auth = h.Authorization || h.authorization;
      if (auth && !/^Bearer\s/i.test(auth)) {
        delete h.authorization;
        h.Authorization = "Bearer " + auth.trim();
      }
      // A change sent with the portal's session cookie must say it comes from this site's pages.
      const url = new URL(req.url, window.location.href);
      if (url.origin === window.location.origin) h["X-Simpeg-Client"] = "portal";
      return req;
    },
  });
});
