// simpeg API documentation page. It reads the OpenAPI (swagger 2.0) document the gateway serves
// at /openapi.json and renders every operation with its parameters, body and response schemas,
// plus a small form to try the call. Plain DOM code, no libraries; text from the document is
// always inserted as text, never as HTML.
"use strict";

(function () {
  const TOKEN_KEY = "simpeg.docs.token";
  const METHODS = ["get", "post", "put", "patch", "delete"];
  const MAX_DEPTH = 6;
  let spec = null;

  // el builds an element: el("p", {class: "x"}, "text", childNode, ...).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  // prose renders a description: blank lines separate paragraphs, "- " lines form a list.
  function prose(text) {
    const box = el("div", {class: "prose"});
    if (!text) return box;
    for (const block of text.split(/\n\s*\n/)) {
      const lines = block.split("\n").map((l) => l.trim()).filter(Boolean);
      if (lines.length && lines.every((l) => l.startsWith("- "))) {
        box.append(el("ul", null, lines.map((l) => el("li", null, l.slice(2)))));
      } else {
        box.append(el("p", null, lines.join(" ")));
      }
    }
    return box;
  }

  function refName(ref) {
    return ref.replace(/^#\/definitions\//, "");
  }

  // resolve follows a "#/definitions/..." reference; other schemas are returned as they are.
  function resolve(schema) {
    if (schema && schema.$ref) {
      const def = (spec.definitions || {})[refName(schema.$ref)];
      return Object.assign({}, def || {}, schema.description ? {description: schema.description} : {});
    }
    return schema || {};
  }

  // typeLabel names a schema's type for a table cell: "string (date-time)", "v1Sex", "v1Assignment[]".
  function typeLabel(schema) {
    if (!schema) return "";
    if (schema.$ref) return refName(schema.$ref);
    if (schema.type === "array") return typeLabel(schema.items) + "[]";
    if (schema.type === "object" && schema.additionalProperties) return "map<string, " + (typeLabel(schema.additionalProperties) || "any") + ">";
    return (schema.type || "object") + (schema.format ? " (" + schema.format + ")" : "");
  }

  // schemaView renders an object schema as a table of its fields, nested objects folded.
  function schemaView(schema, depth, seen) {
    depth = depth || 0;
    seen = seen || [];
    const s = resolve(schema);
    const wrap = el("div", {class: "schema"});
    if (s.enum) {
      wrap.append(el("p", null, "One of: ", enumList(s.enum)));
      return wrap;
    }
    const props = s.properties || {};
    const names = Object.keys(props);
    if (!names.length) {
      wrap.append(el("p", {class: "muted"}, typeLabel(schema) + (s.additionalProperties ? ", any fields" : ", no fields")));
      return wrap;
    }
    const required = new Set(s.required || []);
    const rows = names.map((name) => {
      const p = props[name];
      const target = p.type === "array" ? p.items : p;
      const inner = resolve(target);
      const ref = target && target.$ref ? refName(target.$ref) : "";
      const info = el("td", null, prose(p.description || (inner.enum ? "" : inner.description)));
      if (inner.enum) {
        info.append(el("div", {class: "small"}, "One of: ", enumList(inner.enum)));
        const def = ref && (spec.definitions || {})[ref];
        if (def && def.description) info.append(el("details", null, el("summary", null, "Values"), prose(def.description)));
      }
      if (p.readOnly) info.append(el("span", {class: "tag"}, "output only"));
      if (p.pattern) info.append(el("div", {class: "small muted"}, "Pattern: ", el("code", null, p.pattern)));
      if (inner.properties && depth < MAX_DEPTH && !seen.includes(ref)) {
        const nested = el("details", null, el("summary", null, "Fields of " + (ref || name)));
        nested.append(schemaView(target, depth + 1, ref ? seen.concat(ref) : seen));
        info.append(nested);
      }
      return el("tr", null,
        el("td", null, el("code", null, name), required.has(name) ? el("span", {class: "req"}, " required") : null),
        el("td", null, el("code", {class: "type"}, typeLabel(p))),
        info);
    });
    wrap.append(el("table", null,
      el("thead", null, el("tr", null, el("th", null, "Field"), el("th", null, "Type"), el("th", null, "Description"))),
      el("tbody", null, rows)));
    return wrap;
  }

  function enumList(values) {
    return values.map((v, i) => [i ? ", " : "", el("code", null, v)]);
  }

  // example builds a JSON value that fits a schema, leaving out output-only fields.
  function example(schema, depth, seen) {
    depth = depth || 0;
    seen = seen || [];
    const ref = schema && schema.$ref ? refName(schema.$ref) : "";
    if (ref && seen.includes(ref)) return {};
    const s = resolve(schema);
    if (s.enum) return s.enum.find((v) => !/_UNSPECIFIED$/.test(v)) || s.enum[0];
    switch (s.type) {
      case "string": return s.format === "date-time" ? new Date().toISOString() : "";
      case "integer": case "number": return 0;
      case "boolean": return false;
      case "array": return depth < MAX_DEPTH ? [example(s.items, depth + 1, seen.concat(ref))] : [];
    }
    const out = {};
    if (depth >= MAX_DEPTH) return out;
    for (const [name, p] of Object.entries(s.properties || {})) {
      if (!p.readOnly) out[name] = example(p, depth + 1, ref ? seen.concat(ref) : seen);
    }
    return out;
  }

  // displayPath shows path parameters with their pattern the way google.api.http writes them:
  // "/v1/{name}" with pattern "employees/[^/]+" reads "/v1/{name=employees/*}".
  function displayPath(path, params) {
    return path.replace(/\{([^}]+)\}/g, (m, name) => {
      const p = params.find((x) => x.name === name && x.in === "path");
      if (!p || !p.pattern) return m;
      return "{" + name.replace(/_\d+$/, "") + "=" + p.pattern.replace(/\[\^\/\]\+/g, "*") + "}";
    });
  }

  function operations() {
    const byTag = new Map();
    for (const tag of spec.tags || []) byTag.set(tag.name, {tag, ops: []});
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const params = (item.parameters || []).concat(op.parameters || []);
        const entry = {path, method, op, params, shown: displayPath(path, params)};
        for (const name of op.tags && op.tags.length ? op.tags : ["Other"]) {
          if (!byTag.has(name)) byTag.set(name, {tag: {name}, ops: []});
          byTag.get(name).ops.push(entry);
        }
      }
    }
    // Sort by resource: "/v1/{name=employees/*}:retire" sorts as "/v1/employees/*:retire".
    const key = (e) => e.shown.replace(/\{[^=}]*=/g, "").replace(/[{}]/g, "");
    for (const group of byTag.values()) {
      group.ops.sort((a, b) => key(a).localeCompare(key(b)) || METHODS.indexOf(a.method) - METHODS.indexOf(b.method));
    }
    return [...byTag.values()].filter((g) => g.ops.length);
  }

  function operationView(entry) {
    const {op, method, params} = entry;
    const id = op.operationId || method + entry.path;
    const title = op.summary ? op.summary.split(/\.\s|\n/)[0] : id;
    const box = el("details", {class: "op", id, "data-search": [entry.shown, id, op.summary, op.description].join(" ").toLowerCase()},
      el("summary", null, el("span", {class: "method " + method}, method.toUpperCase()), el("code", {class: "path"}, entry.shown), el("span", {class: "title muted"}, title)));
    box.append(el("p", {class: "small muted"}, "Operation ", el("code", null, id)));
    box.append(prose([op.summary, op.description].filter(Boolean).join("\n\n")));

    const plain = params.filter((p) => p.in !== "body");
    if (plain.length) {
      box.append(el("h4", null, "Parameters"));
      box.append(el("table", null,
        el("thead", null, el("tr", null, el("th", null, "Name"), el("th", null, "In"), el("th", null, "Type"), el("th", null, "Description"))),
        el("tbody", null, plain.map((p) => el("tr", null,
          el("td", null, el("code", null, p.name), p.required ? el("span", {class: "req"}, " required") : null),
          el("td", null, p.in),
          el("td", null, el("code", {class: "type"}, typeLabel(p))),
          el("td", null, prose(p.description), p.pattern ? el("div", {class: "small muted"}, "Pattern: ", el("code", null, p.pattern)) : null,
            p.enum ? el("div", {class: "small"}, "One of: ", enumList(p.enum)) : null))))));
    }
    const body = params.find((p) => p.in === "body");
    if (body) {
      box.append(el("h4", null, "Request body ", el("code", {class: "type"}, typeLabel(body.schema))));
      if (body.description) box.append(prose(body.description));
      box.append(schemaView(body.schema));
    }
    box.append(el("h4", null, "Responses"));
    for (const [code, resp] of Object.entries(op.responses || {})) {
      const r = el("div", {class: "response"}, el("p", null, el("strong", null, code === "default" ? "Error" : code), " — ", resp.description || "",
        resp.schema ? [" ", el("code", {class: "type"}, typeLabel(resp.schema))] : null));
      if (resp.schema) r.append(el("details", null, el("summary", null, "Schema"), schemaView(resp.schema)));
      box.append(r);
    }
    if (op.responses && op.responses.default) {
      box.append(el("p", {class: "small muted"}, "Errors are a google.rpc.Status: {\"code\": 3, \"message\": \"...\", \"details\": [...]}, with HTTP status 400, 401, 403, 404, 409, 412, 413, 422, 429, 500, 503 or 504."));
    }
    box.append(tryIt(entry));
    return box;
  }

  // tryIt builds the form that sends the request with the saved token and shows the answer.
  function tryIt(entry) {
    const {op, method, params, path} = entry;
    const inputs = [];
    const form = el("form", {class: "try"}, el("h4", null, "Try it"));
    for (const p of params.filter((x) => x.in === "path" || x.in === "query")) {
      let input;
      if (p.enum) {
        input = el("select", null, el("option", {value: ""}, "(not set)"), p.enum.map((v) => el("option", {value: v}, v)));
      } else {
        const hint = p.pattern ? p.pattern.replace(/\[\^\/\]\+/g, "…") : p.type;
        input = el("input", {type: "text", placeholder: hint, required: p.required, spellcheck: "false"});
      }
      inputs.push({p, input});
      form.append(el("label", null, el("span", null, p.name + " (" + p.in + ")"), input));
    }
    let idem = null;
    if (method === "post") {
      idem = el("input", {type: "text", placeholder: "optional; repeat it to retry safely", spellcheck: "false"});
      form.append(el("label", null, el("span", null, "Idempotency-Key (header)"), idem));
    }
    const bodyParam = params.find((x) => x.in === "body");
    let bodyArea = null;
    if (bodyParam) {
      bodyArea = el("textarea", {rows: 12, spellcheck: "false"});
      bodyArea.value = JSON.stringify(example(bodyParam.schema), null, 2);
      form.append(el("label", {class: "wide"}, el("span", null, "JSON body"), bodyArea));
    }
    const out = el("div", {class: "result", hidden: true});
    form.append(el("button", {type: "submit"}, "Send " + method.toUpperCase()), out);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      let url = path;
      const query = new URLSearchParams();
      for (const {p, input} of inputs) {
        const v = input.value.trim();
        if (p.in === "path") {
          // A resource name ("employees/1986...") keeps its slashes.
          url = url.replace("{" + p.name + "}", v.split("/").map(encodeURIComponent).join("/"));
        } else if (v !== "") {
          query.append(p.name, v);
        }
      }
      if ([...query].length) url += "?" + query;
      const headers = {Accept: "application/json"};
      const token = localStorage.getItem(TOKEN_KEY);
      if (token) headers.Authorization = /^bearer\s/i.test(token) ? token : "Bearer " + token;
      if (idem && idem.value.trim()) headers["Idempotency-Key"] = idem.value.trim();
      const init = {method: method.toUpperCase(), headers};
      if (bodyArea) {
        headers["Content-Type"] = "application/json";
        init.body = bodyArea.value;
      }
      out.hidden = false;
      out.replaceChildren(el("p", {class: "muted"}, init.method + " " + url + " …"));
      const started = performance.now();
      try {
        const resp = await fetch(url, init);
        const text = await resp.text();
        let shown = text;
        try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: show as it is */ }
        out.replaceChildren(
          el("p", null, el("strong", {class: resp.ok ? "ok" : "bad"}, resp.status + " " + resp.statusText),
            " in " + Math.round(performance.now() - started) + " ms",
            resp.headers.get("X-Request-Id") ? ", request id " + resp.headers.get("X-Request-Id") : ""),
          el("p", {class: "small muted"}, init.method + " " + url),
          el("pre", null, shown || "(empty body)"));
      } catch (err) {
        out.replaceChildren(el("p", {class: "bad"}, "Request failed: " + err.message));
      }
    });
    return form;
  }

  function setupToken() {
    const input = document.getElementById("token");
    const state = document.getElementById("token-state");
    const show = () => { state.textContent = localStorage.getItem(TOKEN_KEY) ? "A token is saved." : "No token saved."; };
    input.value = localStorage.getItem(TOKEN_KEY) || "";
    document.getElementById("auth").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const v = input.value.trim();
      if (v) localStorage.setItem(TOKEN_KEY, v); else localStorage.removeItem(TOKEN_KEY);
      show();
    });
    document.getElementById("forget-token").addEventListener("click", () => {
      localStorage.removeItem(TOKEN_KEY);
      input.value = "";
      show();
    });
    show();
  }

  function setupFilter() {
    document.getElementById("filter").addEventListener("input", (ev) => {
      const words = ev.target.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const op of document.querySelectorAll(".op")) {
        const text = op.getAttribute("data-search");
        op.hidden = !words.every((w) => text.includes(w));
      }
      for (const section of document.querySelectorAll("section.tag")) {
        section.hidden = !section.querySelector(".op:not([hidden])");
      }
    });
  }

  function render() {
    const info = spec.info || {};
    document.title = (info.title || "API") + " — documentation";
    document.getElementById("api-title").textContent = info.title || "API";
    document.getElementById("api-version").textContent = "Version " + (info.version || "?") + " · OpenAPI " + (spec.swagger || spec.openapi || "");
    document.getElementById("api-description").replaceWith(prose(info.description));

    const toc = document.getElementById("toc");
    const main = document.getElementById("operations");
    toc.replaceChildren();
    main.replaceChildren();
    for (const {tag, ops} of operations()) {
      const anchor = "tag-" + tag.name;
      toc.append(el("h3", null, el("a", {href: "#" + anchor}, tag.name)),
        el("ul", null, ops.map((e) => el("li", null,
          el("a", {href: "#" + (e.op.operationId || e.method + e.path)}, el("span", {class: "method small " + e.method}, e.method.toUpperCase()), " ", e.shown)))));
      main.append(el("section", {class: "tag", id: anchor}, el("h2", null, tag.name), prose(tag.description), ops.map(operationView)));
    }
    // Open the operation a link points at.
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
    window.addEventListener("hashchange", () => {
      const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (t && t.tagName === "DETAILS") t.open = true;
    });
  }

  async function start() {
    setupToken();
    setupFilter();
    try {
      const resp = await fetch("/openapi.json", {headers: {Accept: "application/json"}});
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      spec = await resp.json();
      render();
    } catch (err) {
      document.getElementById("operations").replaceChildren(el("p", {class: "bad"}, "Could not load /openapi.json: " + err.message));
    }
  }

  start();
})();
