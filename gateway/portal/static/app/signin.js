// signin.js: the sign-in screen. In production (mode "oidc") it sends the person to the city's
// identity provider (authorization code + PKCE, handled by the gateway). In the embedded default
// (mode "local", only while simpeg signs its own tokens) it lets you pick a demo person and a
// role, and says plainly that this is not how production signs in.
import { html, useState } from '../vendor/preact-htm.js';
import { t, addMessages, getLang, setLang, useLang } from './i18n.js';
import { session as api } from './api.js';
import { setSession } from './session.js';
import { homeFor } from './sections.js';
import { navigate } from './router.js';
import { useAsync, Async, Select, Input, Button, FormError, fieldError, Card } from './ui.js';

addMessages({
  id: {
    'signin.title': 'Masuk ke SIMPEG',
    'signin.oidc': 'Masuk dengan akun Pemerintah Kota',
    'signin.local.notice': 'Mode lokal: simpeg menandatangani tokennya sendiri. Pilih orang dan peran untuk mencoba. Di produksi, pegawai masuk melalui penyedia identitas kota (OpenID Connect).',
    'signin.none': 'Gateway ini tidak dikonfigurasi untuk masuk lewat peramban. Gunakan token API, atau minta admin mengatur SIMPEG_OIDC_*.',
    'signin.agency': 'Instansi', 'signin.people': 'Contoh pengguna', 'signin.manual': 'Atau masukkan NIP dan peran',
    'signin.nip': 'NIP (18 digit)', 'signin.role': 'Peran', 'signin.submit': 'Masuk', 'signin.as': 'Masuk sebagai {name}',
    'signin.error': 'Gagal masuk: {code}', 'signin.offline': 'Anda luring; masuk memerlukan jaringan.',
  },
  en: {
    'signin.title': 'Sign in to SIMPEG',
    'signin.oidc': 'Sign in with your city account',
    'signin.local.notice': 'Local mode: simpeg signs its own tokens. Pick a person and a role to try it. In production, employees sign in through the city\'s identity provider (OpenID Connect).',
    'signin.none': 'This gateway is not set up for browser sign-in. Use an API token, or ask the administrator to set SIMPEG_OIDC_*.',
    'signin.agency': 'Agency', 'signin.people': 'Sample users', 'signin.manual': 'Or enter a NIP and a role',
    'signin.nip': 'NIP (18 digits)', 'signin.role': 'Role', 'signin.submit': 'Sign in', 'signin.as': 'Sign in as {name}',
    'signin.error': 'Sign-in failed: {code}', 'signin.offline': 'You are offline; signing in needs the network.',
  },
});

const ROLES = ['employee', 'supervisor', 'agency-hr', 'city-hr', 'auditor'];

function done(s) {
  setSession(s);
  const back = new URLSearchParams(location.search).get('return');
  navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : homeFor(s.roles), { replace: true });
}

function LocalSignIn() {
  const [agency, setAgency] = useState('');
  const people = useAsync(() => api.people(agency), [agency]);
  const [nip, setNip] = useState('');
  const [role, setRole] = useState('employee');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = async (n, r) => {
    setBusy(true); setError(null);
    try { done(await api.signInLocal(n, r)); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return html`<${Async} state=${people}>${(d) => html`
    <${Select} label=${t('signin.agency')} name="agency" value=${agency || d.agency || (d.people[0] && d.people[0].agency)} onValue=${setAgency}
      options=${d.agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))} />
    <h2 class="h3">${t('signin.people')}</h2>
    <ul class="people">${d.people.map((p) => html`<li>
      <button type="button" class="person" disabled=${busy} onClick=${() => go(p.nip, p.role)} aria-label=${t('signin.as', { name: `${p.name}, ${t('role.' + p.role)}` })}>
        <span class="person-name">${p.name}</span><span class="person-role">${t('role.' + p.role)}</span>
        <span class="person-meta">${(p.label || '').replace(p.name + ' — ', '')} · NIP ${p.nip}</span>
      </button></li>`)}</ul>
    <details class="manual"><summary>${t('signin.manual')}</summary>
      <form onSubmit=${(e) => { e.preventDefault(); go(nip.trim(), role); }}>
        <${Input} label=${t('signin.nip')} name="nip" value=${nip} onValue=${setNip} inputmode="numeric" autocomplete="username" required error=${fieldError(error, 'nip')} />
        <${Select} label=${t('signin.role')} name="role" value=${role} onValue=${setRole} options=${ROLES.map((r) => ({ value: r, label: t('role.' + r) }))} error=${fieldError(error, 'role')} />
        <${Button} type="submit" busy=${busy}>${t('signin.submit')}</${Button}>
      </form>
    </details>
    <${FormError} error=${error} fields=${['nip', 'role']} />`}
  </${Async}>`;
}

/** SignIn is shown whenever nobody is signed in. */
export function SignIn({ session }) {
  useLang();
  const q = new URLSearchParams(location.search);
  const err = q.get('signin_error');
  let body;
  if (session.offline) body = html`<p class="alert alert-warn" role="status">${t('signin.offline')}</p>`;
  else if (session.mode === 'oidc') {
    const ret = location.pathname + location.search;
    body = html`<a class="btn btn-primary btn-block" href=${'/auth/login?return=' + encodeURIComponent(ret)}>${t('signin.oidc')}</a>`;
  } else if (session.mode === 'local') {
    body = html`<p class="alert alert-warn" role="note">${t('signin.local.notice')}</p><${LocalSignIn} />`;
  } else body = html`<p class="alert alert-warn" role="note">${t('signin.none')}</p>`;
  return html`<main id="main" class="signin" tabindex="-1">
    <div class="signin-top"><img src="/icons/icon.svg" alt="" width="48" height="48" />
      <button type="button" class="btn btn-ghost" onClick=${() => setLang(getLang() === 'id' ? 'en' : 'id')}>${t('nav.lang')}</button></div>
    <${Card}><h1>${t('signin.title')}</h1><p class="muted">${t('app.tagline')}</p>
      ${err ? html`<p class="alert alert-error" role="alert">${t('signin.error', { code: err })}</p>` : null}
      ${body}
    </${Card}>
  </main>`;
}
