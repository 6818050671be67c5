// main.js: the portal's shell. It asks the gateway who is signed in, shows the sign-in screen
// or the menu of the sections the person's roles may open (sections.js), routes between them,
// loads each section's module only when opened, and keeps the cross-cutting bits: language
// switch, offline banner, the service worker and its update notice, and the offline check-in
// queue's background upload (queue.js).
import { html, render, useState, useEffect } from '../vendor/preact-htm.js';
import { t, getLang, setLang, useLang, addMessages } from './i18n.js';
import { onSignedOut, session as sessionApi } from './api.js';
import { loadSession, useSession, setSession, getSession } from './session.js';
import { sections, homeFor } from './sections.js';
import { useLocation, match, Link, navigate } from './router.js';
import { Loading, ErrorBox, Toasts, Badge } from './ui.js';
import { SignIn } from './signin.js';
import { Icon } from './icons.js';

addMessages({
  id: { 'shell.nav': 'Navigasi utama', 'shell.user': 'Pengguna', 'shell.switch': 'Ganti pengguna' },
  en: { 'shell.nav': 'Main navigation', 'shell.user': 'User', 'shell.switch': 'Switch user' },
});

document.documentElement.lang = getLang();

const allowed = (s, roles) => s.roles.some((r) => roles.includes(r));
const modules = new Map();

function Section({ entry, params, query, session }) {
  const [state, set] = useState(() => ({ mod: modules.get(entry.key), error: null }));
  useEffect(() => {
    if (modules.has(entry.key)) { set({ mod: modules.get(entry.key), error: null }); return; }
    let live = true;
    set({ mod: null, error: null });
    entry.load().then((mod) => { modules.set(entry.key, mod); if (live) set({ mod, error: null }); })
      .catch((error) => live && set({ mod: null, error }));
    return () => { live = false; };
  }, [entry.key]);
  if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${() => location.reload()} />`;
  if (!state.mod) return html`<${Loading} />`;
  const C = state.mod.default;
  return html`<${C} params=${params} query=${query} session=${session} />`;
}

function Route({ session }) {
  const loc = useLocation();
  for (const entry of sections) {
    const params = match(entry.path, loc.path);
    if (!params) continue;
    if (!allowed(entry, session.roles)) {
      return html`<section class="page"><h1 tabindex="-1">${entry.title[getLang()]}</h1><div class="alert alert-error" role="alert"><p>${t('page.forbidden')}</p></div>
        <p><${Link} href=${homeFor(session.roles)}>${t('common.back')}</${Link}></p></section>`;
    }
    return html`<${Section} key=${entry.key} entry=${entry} params=${params} query=${loc.query} session=${session} />`;
  }
  return html`<section class="page"><h1 tabindex="-1">${t('page.notfound')}</h1><p><${Link} href=${homeFor(session.roles)}>${t('common.back')}</${Link}></p></section>`;
}

function Nav({ session }) {
  const loc = useLocation();
  const lang = useLang();
  const items = sections.filter((s) => s.nav !== false && allowed(s, session.roles));
  return html`<nav class="nav" aria-label=${t('shell.nav')}><ul>
    ${items.map((s) => {
      const active = s.path === '/' ? loc.path === '/' : loc.path === s.path || loc.path.startsWith(s.path + '/');
      return html`<li><${Link} href=${s.path} class=${active ? 'active' : ''} aria-current=${active ? 'page' : undefined}>
        <${Icon} name=${s.icon} /><span>${s.title[lang]}</span></${Link}></li>`;
    })}
  </ul></nav>`;
}

function OfflineBanner() {
  const [online, set] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => set(true), off = () => set(false);
    addEventListener('online', on); addEventListener('offline', off);
    return () => { removeEventListener('online', on); removeEventListener('offline', off); };
  }, []);
  return online ? null : html`<div class="banner banner-offline" role="status">${t('net.offline')}</div>`;
}

function UpdateBanner() {
  const [waiting, set] = useState(false);
  useEffect(() => {
    const f = () => set(true);
    addEventListener('simpeg:update', f);
    return () => removeEventListener('simpeg:update', f);
  }, []);
  return waiting ? html`<div class="banner banner-update" role="status">${t('update.ready')}
    <button type="button" class="btn btn-secondary" onClick=${() => location.reload()}>${t('update.reload')}</button></div>` : null;
}

function Header({ session }) {
  useLang();
  const signOut = async () => {
    try {
      const r = await sessionApi.signOut();
      if (r && r.logoutUrl) { location.assign(r.logoutUrl); return; }
    } catch { /* the cookie is cleared anyway on the next sign-in */ }
    setSession({ ...session, signedIn: false });
    navigate('/', { replace: true });
  };
  return html`<header class="top">
    <${Link} href=${homeFor(session.roles)} class="brand"><img src="/icons/icon.svg" alt="" width="28" height="28" /><span>${t('app.name')}</span></${Link}>
    <div class="who" aria-label=${t('shell.user')}>
      <span class="who-name">${session.name || session.subject}</span>
      ${session.roles.map((r) => html`<${Badge} kind="role">${t('role.' + r)}</${Badge}>`)}
    </div>
    <div class="top-actions">
      <button type="button" class="btn btn-ghost" lang=${getLang() === 'id' ? 'en' : 'id'} onClick=${() => setLang(getLang() === 'id' ? 'en' : 'id')}>${t('nav.lang')}</button>
      <button type="button" class="btn btn-ghost" onClick=${signOut}>${session.mode === 'local' ? t('shell.switch') : t('nav.signout')}</button>
    </div>
  </header>`;
}

function App() {
  const s = useSession();
  const loc = useLocation();
  useLang();
  if (!s) return html`<${Loading} />`;
  if (!s.signedIn) {
    // A page anyone may open (public in sections.js: the certificate check) needs no sign-in.
    const open = sections.find((e) => e.public && match(e.path, loc.path));
    if (open) return html`<main id="main" class="main" tabindex="-1"><${Section} key=${open.key} entry=${open} params=${{}} query=${loc.query} session=${s} /></main><${Toasts} />`;
    return html`<${SignIn} session=${s} /><${Toasts} />`;
  }
  return html`<div class="shell">
    <${Header} session=${s} />
    <${OfflineBanner} /><${UpdateBanner} />
    <${Nav} session=${s} />
    <main id="main" class="main" tabindex="-1"><${Route} session=${s} /></main>
    <${Toasts} />
  </div>`;
}

/** boot starts the portal: app/start.js calls it, or the page's inline script (gateway/portal). */
export async function boot() {
  const root = document.getElementById('app');
  onSignedOut(() => { const s = getSession(); if (s?.signedIn) setSession({ ...s, signedIn: false }); });
  try {
    await loadSession();
  } catch {
    setSession({ signedIn: false, mode: 'unknown' });
  }
  root.textContent = '';
  render(html`<${App} />`, root);
  registerServiceWorker();
  import('./queue.js').then((q) => q.start?.()).catch(() => { /* no queue module: nothing queued */ });
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      w?.addEventListener('statechange', () => {
        if (w.state === 'installed' && navigator.serviceWorker.controller) dispatchEvent(new Event('simpeg:update'));
      });
    });
  }).catch(() => { /* no service worker (private mode, http on a non-local host): still works online */ });
}
