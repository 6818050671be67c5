// api.js: the portal's only way to the suite's REST API (/v1, same origin). The session cookie
// carries the caller's token (the gateway adds the Authorization header; page scripts never see
// the token). Non-GET calls send X-Simpeg-Client, which the gateway requires of a
// cookie-authenticated change (CSRF). Errors become ApiError: the HTTP status, the gRPC code,
// the message, and the google.rpc.BadRequest field violations keyed by field, translated.
import { t, getLang } from './i18n.js';

/** ApiError is a failed call: status (HTTP, 0 when offline), code (gRPC), fields {path: text}. */
export class ApiError extends Error {
  constructor(status, code, message, fields = {}, reason = '') {
    super(message);
    this.status = status; this.code = code; this.fields = fields; this.reason = reason;
  }
  /** offline is true when the request never reached simpeg. */
  get offline() { return this.status === 0; }
  /** text is what to tell the user about the whole call, in their language. */
  get text() {
    if (this.status === 0) return t('error.offline');
    if (this.status === 401) return t('error.signedout');
    if (this.status === 403) return t('error.forbidden');
    if (this.status === 404) return t('error.notfound');
    if (this.status === 412 || this.code === 10) return t('error.conflict');
    if (this.status === 503 || this.status === 504) return t('error.unavailable');
    if (Object.keys(this.fields).length) return t('error.invalid');
    return translate(this.message) || t('error.generic');
  }
}

const listeners = new Set();
/** onSignedOut registers f to run when a call answers 401 (the session ended). */
export const onSignedOut = (f) => { listeners.add(f); return () => listeners.delete(f); };

// Translations of the API's English error texts, registered by the screens that can meet them:
// [{ re: /^end_date must not be before start_date$/, id: 'Tanggal selesai …', en?: '…' }]. The
// API names the field; the portal says why in the user's language. An unknown text is shown as
// the API wrote it (English), next to the right field all the same.
const translations = [];
export const addErrorTranslations = (list) => translations.push(...list);
function translate(msg) {
  if (!msg || getLang() === 'en') return msg;
  for (const tr of translations) {
    const m = tr.re.exec(msg);
    if (m) return typeof tr.id === 'function' ? tr.id(m) : tr.id.replace(/\$(\d)/g, (_, i) => m[i] ?? '');
  }
  return msg;
}

function fieldsOf(details = []) {
  const out = {};
  for (const d of details) {
    if (!String(d['@type'] || '').endsWith('google.rpc.BadRequest')) continue;
    for (const v of d.fieldViolations || []) {
      const f = v.field || '';
      out[f] = out[f] ? `${out[f]}; ${translate(v.description)}` : translate(v.description);
    }
  }
  return out;
}

function reasonOf(details = []) {
  const info = details.find((d) => String(d['@type'] || '').endsWith('google.rpc.ErrorInfo'));
  return info ? info.reason : '';
}

/** request calls the API. body (an object) is sent as JSON; opts.headers adds headers. */
export async function request(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': getLang(), ...(opts.headers || {}) };
  if (method !== 'GET' && method !== 'HEAD') headers['X-Simpeg-Client'] = 'portal';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body), signal: opts.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 14, 'network', {});
  }
  if (res.status === 401) listeners.forEach((f) => f());
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : await res.text();
  if (!res.ok) {
    const d = typeof data === 'object' ? data : {};
    throw new ApiError(res.status, d.code ?? 0, d.message || res.statusText, fieldsOf(d.details), reasonOf(d.details));
  }
  return data;
}

/** qs builds "?a=1&b=2" from an object, leaving out empty values. */
export function qs(params = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const get = (path, params, opts) => request('GET', path + qs(params), undefined, opts);
export const post = (path, body, opts) => request('POST', path, body ?? {}, opts);
export const patch = (path, body, opts) => request('PATCH', path, body, opts);
export const del = (path, opts) => request('DELETE', path, undefined, opts);

/** getAll follows next_page_token until the end (or max items), for lists a screen shows whole. */
export async function getAll(path, params = {}, key, max = 5000) {
  const out = [];
  let token = '';
  do {
    const page = await get(path, { ...params, pageSize: params.pageSize || 1000, pageToken: token });
    out.push(...(page[key] || []));
    token = page.nextPageToken || '';
  } while (token && out.length < max);
  return out;
}

/** Session calls (the gateway's /auth endpoints, not the API). */
export const session = {
  get: () => request('GET', '/auth/session'),
  people: (agency) => request('GET', '/auth/local/people' + qs({ agency })),
  signInLocal: (nip, role) => request('POST', '/auth/local', { nip, role }),
  signOut: () => request('POST', '/auth/logout', {}),
};
