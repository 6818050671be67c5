// training-verify.js: "Cek sertifikat" (/sertifikat?nomor=STTPP/2026/000042-K7Q2XM), the public check
// of a training certificate (STTPP) that anyone can open without signing in — an employer, a
// selection committee, the holder. It calls GET /v1/certificates:verify?number=… (no token; the
// service limits the calls per client) and says whether the certificate is valid — issued by
// the city, signed (Ed25519) and not revoked — with who, what, when and the JP it credits, or
// why it is not. Signed out, the shell shows this page alone (main.js, `public` in sections.js).
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, getLang, setLang, fmtDate, fmtNumber } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, Input, Button, Badge } from '../ui.js';
import { navigate } from '../router.js';
import { TrError, num } from './_shared/training-common.js';

addMessages({
  id: {
    'trv.title': 'Cek keaslian sertifikat pelatihan', 'trv.intro': 'Masukkan nomor sertifikat (STTPP) yang diterbitkan Pemerintah Kota untuk memeriksa keasliannya. Tidak perlu masuk.',
    'trv.number': 'Nomor sertifikat', 'trv.number.hint': 'Seperti tercetak pada sertifikat, mis. STTPP/2026/000042-K7Q2XM', 'trv.check': 'Periksa', 'trv.checking': 'Memeriksa…',
    'trv.valid': 'Sertifikat sah', 'trv.validText': 'Sertifikat ini diterbitkan Pemerintah Kota dan tanda tangan digitalnya cocok.',
    'trv.invalid': 'Sertifikat tidak sah', 'trv.notFound': 'Tidak ada sertifikat dengan nomor ini.', 'trv.revoked': 'Sertifikat ini telah dicabut.',
    'trv.forged': 'Tanda tangan digitalnya tidak cocok: isi sertifikat ini tidak sama dengan yang diterbitkan.',
    'trv.holder': 'Pemegang', 'trv.programme': 'Pelatihan', 'trv.dates': 'Tanggal pelatihan', 'trv.jp': 'Jam pelajaran', 'trv.issued': 'Tanggal terbit', 'trv.key': 'Kunci tanda tangan',
    'trv.jpValue': '{n} JP', 'trv.signin': 'Masuk', 'trv.reason': 'Keterangan: {reason}',
  },
  en: {
    'trv.title': 'Check a training certificate', 'trv.intro': 'Enter the number of a training certificate (STTPP) the city issued to check it. No sign-in needed.',
    'trv.number': 'Certificate number', 'trv.number.hint': 'As printed on the certificate, e.g. STTPP/2026/000042-K7Q2XM', 'trv.check': 'Check', 'trv.checking': 'Checking…',
    'trv.valid': 'Valid certificate', 'trv.validText': 'The city issued this certificate and its digital signature matches.',
    'trv.invalid': 'Not a valid certificate', 'trv.notFound': 'There is no certificate with this number.', 'trv.revoked': 'This certificate was revoked.',
    'trv.forged': 'Its digital signature does not match: this is not the certificate that was issued.',
    'trv.holder': 'Holder', 'trv.programme': 'Training', 'trv.dates': 'Training dates', 'trv.jp': 'Lesson hours', 'trv.issued': 'Issued', 'trv.key': 'Signing key',
    'trv.jpValue': '{n} JP', 'trv.signin': 'Sign in', 'trv.reason': 'Details: {reason}',
  },
});

const range = (a, b) => (a === b || !b ? fmtDate(a) : `${fmtDate(a)} – ${fmtDate(b)}`);

function Result({ r }) {
  const c = r.certificate;
  if (!r.valid) {
    const reason = r.reason || '';
    const why = c?.revoked || reason.startsWith('revoked') ? t('trv.revoked') : !c || reason === 'not found' ? t('trv.notFound')
      : reason.startsWith('signature') ? t('trv.forged') : '';
    return html`<div class="alert alert-error tr-verdict" role="status" data-test="verify-result" data-valid="false">
      <p><strong>${t('trv.invalid')}</strong></p>${why ? html`<p>${why}</p>` : null}
      ${r.reason && getLang() === 'en' ? html`<p>${t('trv.reason', { reason: r.reason })}</p>` : null}</div>`;
  }
  return html`<div class="alert alert-ok tr-verdict" role="status" data-test="verify-result" data-valid="true" data-number=${c.number}>
    <p><strong>${t('trv.valid')}</strong> <${Badge} kind="ok">${c.number}</${Badge}></p><p>${t('trv.validText')}</p>
    <dl class="sv-dl tr-verify-dl">
      <div class="sv-wide"><dt>${t('trv.holder')}</dt><dd data-test="verify-holder">${c.employeeName}${c.employee ? html` <span class="muted ch-nip">(NIP ${c.employee})</span>` : null}</dd></div>
      <div class="sv-wide"><dt>${t('trv.programme')}</dt><dd data-test="verify-programme">${c.programmeTitle}</dd></div>
      <div class="sv-wide"><dt>${t('trv.dates')}</dt><dd>${range(c.startDate, c.endDate)}</dd></div>
      <div><dt>${t('trv.jp')}</dt><dd data-test="verify-jp" data-jp=${num(c.jp)}>${t('trv.jpValue', { n: fmtNumber(num(c.jp)) })}</dd></div>
      <div><dt>${t('trv.issued')}</dt><dd>${c.issueDate ? fmtDate(c.issueDate, { style: 'short' }) : '—'}</dd></div>
      ${c.keyId ? html`<div class="sv-wide"><dt>${t('trv.key')}</dt><dd class="ch-nip">Ed25519 ${c.keyId}</dd></div>` : null}
    </dl>
  </div>`;
}

/** Verify is the /sertifikat screen, open to anyone. */
export default function Verify({ query, session }) {
  useLang();
  const asked = (query.get('nomor') || '').trim();
  const [number, setNumber] = useState(asked);
  const [state, setState] = useState({ busy: false, result: null, error: null });
  useEffect(() => {
    setNumber(asked);
    if (!asked) { setState({ busy: false, result: null, error: null }); return undefined; }
    let live = true;
    setState({ busy: true, result: null, error: null });
    get('/v1/certificates:verify', { number: asked })
      .then((result) => live && setState({ busy: false, result, error: null }), (error) => live && setState({ busy: false, result: null, error }));
    return () => { live = false; };
  }, [asked]);
  const submit = (e) => {
    e.preventDefault();
    navigate(`/sertifikat?nomor=${encodeURIComponent(number.trim().toUpperCase())}`, { replace: true });
  };
  const signedOut = !session?.signedIn;
  const body = html`<${Page} title=${t('trv.title')}>
    <${Card}><div class="tr-stack">
      <p>${t('trv.intro')}</p>
      <form onSubmit=${submit} novalidate role="search" data-test="verify-form">
        <${Input} label=${t('trv.number')} name="number" value=${number} onValue=${setNumber} hint=${t('trv.number.hint')} required maxlength="40"
          autocomplete="off" autocapitalize="characters" spellcheck="false" data-test="verify-number" />
        <div class="actions"><${Button} type="submit" busy=${state.busy} disabled=${!number.trim()} data-test="verify-submit">${state.busy ? t('trv.checking') : t('trv.check')}</${Button}></div>
      </form>
      <div aria-live="polite">
        ${state.result ? html`<${Result} r=${state.result} />` : null}
        <${TrError} error=${state.error} fields=${['number']} test="verify-error" />
      </div>
    </div></${Card}>
  </${Page}>`;
  if (!signedOut) return body;
  return html`<div class="tr-public">
    <div class="signin-top"><a href="/" class="tr-public-brand"><img src="/icons/icon.svg" alt="" width="40" height="40" /><span>SIMPEG</span></a>
      <span class="actions"><button type="button" class="btn btn-ghost" lang=${getLang() === 'id' ? 'en' : 'id'} onClick=${() => setLang(getLang() === 'id' ? 'en' : 'id')}>${t('nav.lang')}</button>
        <a class="btn btn-secondary" href="/">${t('trv.signin')}</a></span></div>
    ${body}
  </div>`;
}
