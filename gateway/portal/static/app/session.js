// session.js: who is signed in, as the gateway's /auth/session says (the token itself stays in
// an HttpOnly cookie). Screens read it to show only what the role allows; the API enforces it.
import { useState, useEffect } from '../vendor/preact-htm.js';
import { session as api } from './api.js';

let current = null;
const listeners = new Set();
const KEY = 'simpeg.session';

/** embedded is the session the gateway put in the page (gateway/portal ServePage), if any. */
function embedded() {
  try { return JSON.parse(document.getElementById('simpeg-session')?.textContent || 'null'); } catch { return null; }
}

/** loadSession learns who is signed in without waiting for the network when it can: from the
 * session the gateway put in the page, else from the last one this device knew (who and which
 * roles, never a token). It then asks /auth/session in the background and takes its answer (a
 * page served from the service worker's cache may carry an old one). Offline, the last known
 * session keeps the shell and queued check-ins working. */
export async function loadSession() {
  let last = null;
  try { last = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { /* unreadable */ }
  const fresh = api.get().then(setSession, (e) => {
    // Offline, or the identity provider unreachable to renew the token (503): keep who we knew.
    if (e.status !== 0 && e.status !== 503) throw e;
    setSession(last ? { ...last, offline: true } : { signedIn: false, mode: 'unknown', offline: true });
  });
  const early = embedded() || (last && last.signedIn ? last : null);
  if (early) {
    setSession(early);
    fresh.catch(() => { if (!current?.signedIn) return; setSession({ signedIn: false, mode: early.mode }); });
    return current;
  }
  await fresh;
  return current;
}
export const getSession = () => current;
export function setSession(s) {
  current = s;
  try {
    if (s?.signedIn) localStorage.setItem(KEY, JSON.stringify({ ...s, offline: undefined }));
    else if (s && !s.offline) localStorage.removeItem(KEY);
  } catch { /* private mode */ }
  listeners.forEach((f) => f(s));
}

/** hasRole reports whether the signed-in person holds any of roles. */
export const hasRole = (...roles) => !!current?.signedIn && roles.some((r) => current.roles.includes(r));
/** readOnly is true for the inspectorate: it sees what city HR sees and changes nothing. */
export const readOnly = () => hasRole('auditor') && !hasRole('city-hr', 'agency-hr');

export function useSession() {
  const [s, set] = useState(current);
  useEffect(() => { listeners.add(set); return () => listeners.delete(set); }, []);
  return s;
}
