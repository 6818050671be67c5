// router.js: client-side routes over the History API (the gateway serves index.html for every
// extension-less path), so each screen has a real, shareable, bookmarkable address.
import { html, useState, useEffect } from '../vendor/preact-htm.js';

const listeners = new Set();
const current = () => ({ path: location.pathname, query: new URLSearchParams(location.search) });

/** navigate goes to path (with an optional query string) without reloading the page. */
export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState']({}, '', to);
  listeners.forEach((f) => f(current()));
}
addEventListener('popstate', () => listeners.forEach((f) => f(current())));

/** useLocation re-renders on navigation and returns { path, query }. */
export function useLocation() {
  const [loc, set] = useState(current());
  useEffect(() => { listeners.add(set); return () => listeners.delete(set); }, []);
  return loc;
}

/** match tests a pattern like "/tim/:nip" against path and returns the params or null. */
export function match(pattern, path) {
  const a = pattern.split('/').filter(Boolean), b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** Link is an <a> that navigates in-page on a plain click. */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} onClick=${onClick} ...${rest}>${children}</a>`;
}
