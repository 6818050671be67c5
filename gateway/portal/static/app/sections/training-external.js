// training-external.js: "Pelatihan mandiri" on the employee's training screen — training
// attended on one's own (a course, a webinar, a degree), recorded with evidence and counted in
// the JP ledger once agency HR verifies it (POST /v1/externalTrainings; GET …?employee=). The
// evidence is a document uploaded as the leave form's attachments are (POST /v1/documents: PDF,
// JPEG or PNG, at most 2 MB; referenced as "documents/{id}") or an https link. A form counted in
// hours takes the minutes (the service computes the JP: 45 minutes each); the others state JP.
import { html, useState, useRef } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, todayIn } from '../i18n.js';
import { getAll, post, ApiError } from '../api.js';
import { Card, useAsync, Async, Input, Select, Field, Button, Badge, Empty, toast, fieldError } from '../ui.js';
import { TrError, label, options, num, newKey, FORMS, HOUR_FORMS } from './_shared/training-common.js';

addMessages({
  id: {
    'trx.title': 'Pelatihan mandiri', 'trx.intro': 'Pelatihan yang Anda ikuti sendiri (kursus, webinar, sertifikasi) dihitung JP-nya setelah diverifikasi bagian kepegawaian instansi.',
    'trx.list': 'Catatan saya', 'trx.none': 'Belum ada pelatihan mandiri.', 'trx.new': 'Catat pelatihan mandiri',
    'trx.f.title': 'Nama pelatihan', 'trx.f.provider': 'Penyelenggara', 'trx.f.form': 'Bentuk', 'trx.f.start': 'Tanggal mulai', 'trx.f.end': 'Tanggal selesai',
    'trx.f.minutes': 'Lama (menit)', 'trx.f.minutes.hint': '1 JP = 45 menit; mis. 900 menit = 20 JP.', 'trx.f.jp': 'JP', 'trx.f.jp.hint': 'JP yang tercantum pada sertifikat atau surat keterangan.',
    'trx.f.file': 'Unggah bukti', 'trx.f.file.hint': 'Sertifikat atau surat keterangan: PDF, JPEG, atau PNG, paling besar 2 MB.',
    'trx.f.link': 'Atau tautan bukti (https)', 'trx.f.uploading': 'Mengunggah…', 'trx.f.uploaded': 'Terunggah', 'trx.f.remove': 'Ganti berkas',
    'trx.f.toolarge': 'Berkas {size} terlalu besar; paling besar 2 MB.', 'trx.submit': 'Kirim untuk diverifikasi',
    'trx.sent': '{title} tercatat dan menunggu verifikasi kepegawaian.', 'trx.jpValue': '{n} JP', 'trx.evidence': 'Bukti', 'trx.open': 'Lihat bukti',
    'trx.reason': 'Alasan penolakan: {reason}', 'trx.pendingJp': 'JP dihitung setelah diverifikasi.',
  },
  en: {
    'trx.title': 'Own training', 'trx.intro': 'Training you attended on your own (a course, a webinar, a certification) counts toward your JP once agency HR verifies it.',
    'trx.list': 'My records', 'trx.none': 'No own training recorded yet.', 'trx.new': 'Record own training',
    'trx.f.title': 'Training title', 'trx.f.provider': 'Provider', 'trx.f.form': 'Form', 'trx.f.start': 'First day', 'trx.f.end': 'Last day',
    'trx.f.minutes': 'Length (minutes)', 'trx.f.minutes.hint': '1 JP = 45 minutes; e.g. 900 minutes = 20 JP.', 'trx.f.jp': 'JP', 'trx.f.jp.hint': 'The JP the certificate or letter states.',
    'trx.f.file': 'Upload evidence', 'trx.f.file.hint': 'The certificate or letter: PDF, JPEG or PNG, at most 2 MB.',
    'trx.f.link': 'Or a link to the evidence (https)', 'trx.f.uploading': 'Uploading…', 'trx.f.uploaded': 'Uploaded', 'trx.f.remove': 'Choose another file',
    'trx.f.toolarge': 'The file ({size}) is too large; at most 2 MB.', 'trx.submit': 'Send for verification',
    'trx.sent': '{title} is recorded and awaits HR\'s verification.', 'trx.jpValue': '{n} JP', 'trx.evidence': 'Evidence', 'trx.open': 'Open the evidence',
    'trx.reason': 'Reason for rejecting: {reason}', 'trx.pendingJp': 'The JP counts once verified.',
  },
});

const STATE_KIND = { EXTERNAL_TRAINING_STATE_SUBMITTED: 'warn', EXTERNAL_TRAINING_STATE_VERIFIED: 'ok', EXTERNAL_TRAINING_STATE_REJECTED: 'bad' };
const MAX_UPLOAD = 2 << 20;
const FIELDS = ['title', 'provider', 'form', 'start_date', 'end_date', 'minutes', 'jp', 'evidence'];
const fmtSize = (n) => (n >= 1 << 20 ? `${fmtNumber(n / (1 << 20), 1)} MB` : `${fmtNumber(Math.max(1, Math.round(n / 1024)))} KB`);
const range = (a, b) => (a === b || !b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);
const empty = () => ({ title: '', provider: '', form: 'PROGRAMME_FORM_E_LEARNING', startDate: '', endDate: '', minutes: '', jp: '', link: '', doc: null });

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Evidence is the upload (or the link) proving the training. */
function Evidence({ f, set, error }) {
  const [busy, setBusy] = useState(false);
  const [upErr, setUpErr] = useState(null);
  const upload = async (e) => {
    const file = e.currentTarget.files && e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!file) return;
    setUpErr(null);
    if (file.size > MAX_UPLOAD) { setUpErr(t('trx.f.toolarge', { size: fmtSize(file.size) })); return; }
    setBusy(true);
    try {
      const content = await readBase64(file);
      const contentType = ['application/pdf', 'image/jpeg', 'image/png'].includes(file.type) ? file.type : undefined;
      const doc = await post('/v1/documents', { fileName: file.name, contentType, content });
      set({ doc: { name: doc.name, fileName: doc.fileName || file.name, sizeBytes: num(doc.sizeBytes) || file.size } });
    } catch (x) {
      setUpErr(x instanceof ApiError ? Object.values(x.fields).join('; ') || x.text : t('error.generic'));
    } finally { setBusy(false); }
  };
  return html`<fieldset class=${'tr-evidence' + (error ? ' field-invalid' : '')} data-field="evidence">
    <legend>${t('trx.evidence')}<span class="req" aria-hidden="true"> *</span></legend>
    ${f.doc ? html`<p class="leave-att-doc" data-test="external-evidence-doc">
        <a href=${'/v1/' + f.doc.name} target="_blank" rel="noopener">${f.doc.fileName}</a>
        <span class="muted">(${fmtSize(f.doc.sizeBytes)})</span> <${Badge} kind="ok">${t('trx.f.uploaded')}</${Badge}>
        <${Button} kind="ghost" onClick=${() => set({ doc: null })}>${t('trx.f.remove')}</${Button}></p>`
      : html`<${Field} label=${t('trx.f.file')} hint=${t('trx.f.file.hint')} error=${upErr}>
        ${(p) => html`<input ...${p} type="file" accept="application/pdf,image/jpeg,image/png" onChange=${upload} disabled=${busy} data-test="external-evidence-file" />`}
      </${Field}>
      ${busy ? html`<p class="muted" role="status">${t('trx.f.uploading')}</p>` : null}
      <${Input} label=${t('trx.f.link')} type="url" name="evidence_link" value=${f.link} onValue=${(v) => set({ link: v })} placeholder="https://" data-test="external-evidence-link" />`}
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </fieldset>`;
}

function ExternalForm({ onDone }) {
  useLang();
  const [f, setF] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const key = useRef(newKey());
  const set = (patch) => { setF((x) => ({ ...x, ...patch })); setDone(null); key.current = newKey(); };
  const hours = HOUR_FORMS.has(f.form);
  const today = todayIn();
  const submit = async (e) => {
    e.preventDefault();
    const body = {
      title: f.title.trim(), provider: f.provider.trim(), form: f.form, startDate: f.startDate || undefined, endDate: f.endDate || undefined,
      evidence: f.doc ? f.doc.name : f.link.trim(),
    };
    if (hours) body.minutes = f.minutes === '' ? undefined : Number(f.minutes);
    else body.jp = f.jp === '' ? undefined : Number(f.jp);
    setBusy(true); setError(null);
    try {
      const x = await post('/v1/externalTrainings', body, { headers: { 'Idempotency-Key': key.current } });
      key.current = newKey();
      setDone(x); setF(empty());
      toast(t('trx.sent', { title: x.title || body.title }), 'ok');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const fe = (n) => fieldError(error, n);
  return html`<form onSubmit=${submit} novalidate data-test="external-form">
    <${Input} label=${t('trx.f.title')} name="title" value=${f.title} onValue=${(v) => set({ title: v })} required maxlength="200" error=${fe('title')} data-test="external-title" />
    <${Input} label=${t('trx.f.provider')} name="provider" value=${f.provider} onValue=${(v) => set({ provider: v })} required maxlength="200" error=${fe('provider')} data-test="external-provider" />
    <${Select} label=${t('trx.f.form')} name="form" value=${f.form} onValue=${(v) => set({ form: v })} options=${options('form', FORMS.filter((x) => x !== 'PROGRAMME_FORM_INTERNSHIP'))} error=${fe('form')} data-test="external-form-kind" />
    <div class="form-row">
      <${Input} type="date" label=${t('trx.f.start')} name="start_date" value=${f.startDate} max=${today} onValue=${(v) => set({ startDate: v, endDate: f.endDate && f.endDate >= v ? f.endDate : v })} required error=${fe('start_date')} data-test="external-start" />
      <${Input} type="date" label=${t('trx.f.end')} name="end_date" value=${f.endDate} min=${f.startDate || undefined} max=${today} onValue=${(v) => set({ endDate: v })} required error=${fe('end_date')} data-test="external-end" />
    </div>
    ${hours ? html`<${Input} type="number" label=${t('trx.f.minutes')} name="minutes" value=${f.minutes} min="1" inputmode="numeric" hint=${t('trx.f.minutes.hint')}
        onValue=${(v) => set({ minutes: v })} required error=${fe('minutes') || fe('jp')} data-test="external-minutes" />`
      : html`<${Input} type="number" label=${t('trx.f.jp')} name="jp" value=${f.jp} min="1" inputmode="numeric" hint=${t('trx.f.jp.hint')}
        onValue=${(v) => set({ jp: v })} required error=${fe('jp')} data-test="external-jp" />`}
    <${Evidence} f=${f} set=${set} error=${fe('evidence')} />
    <${TrError} error=${error} fields=${FIELDS} />
    ${done ? html`<div class="alert alert-ok" role="status" data-test="external-sent"><p>${t('trx.sent', { title: done.title })}</p></div>` : null}
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="external-submit">${t('trx.submit')}</${Button}></div>
  </form>`;
}

/** ExternalTrainings is the "Pelatihan mandiri" card: the records and the form. */
export function ExternalTrainings({ nip, onChange }) {
  useLang();
  const [version, setVersion] = useState(0);
  const list = useAsync(() => getAll('/v1/externalTrainings', { employee: nip, pageSize: 200 }, 'externalTrainings', 1000), [nip, version]);
  return html`<${Card} title=${t('trx.title')} id="training-external">
    <p class="hint">${t('trx.intro')}</p>
    <div class="grid grid-2 tr-grid">
      <section aria-label=${t('trx.new')}><h3 class="h3">${t('trx.new')}</h3>
        <${ExternalForm} onDone=${() => { setVersion((v) => v + 1); onChange?.(); }} /></section>
      <section aria-label=${t('trx.list')}><h3 class="h3">${t('trx.list')}</h3>
        <${Async} state=${list}>${(xs) => (xs.length === 0 ? html`<${Empty}>${t('trx.none')}</${Empty}>` : html`<ul class="tr-list" data-test="external-list">
          ${xs.map((x) => html`<li class="tr-item card" key=${x.name} data-test="external-item" data-name=${x.name} data-state=${x.state}>
            <div class="tr-item-head"><strong>${x.title}</strong>
              <${Badge} kind=${STATE_KIND[x.state] || 'neutral'}>${label('ext', x.state)}</${Badge}></div>
            <p class="muted">${x.provider} · ${label('form', x.form)} · ${range(x.startDate, x.endDate)} · ${t('trx.jpValue', { n: fmtNumber(num(x.jp)) })}</p>
            ${x.state === 'EXTERNAL_TRAINING_STATE_SUBMITTED' ? html`<p class="hint">${t('trx.pendingJp')}</p>` : null}
            ${x.reason ? html`<p class="muted">${t('trx.reason', { reason: x.reason })}</p>` : null}
            ${x.evidence ? html`<p>${String(x.evidence).startsWith('documents/')
              ? html`<a href=${'/v1/' + x.evidence} target="_blank" rel="noopener">${t('trx.open')}</a>`
              : /^https:\/\//.test(x.evidence) ? html`<a href=${x.evidence} target="_blank" rel="noopener noreferrer">${t('trx.open')}</a>` : x.evidence}</p>` : null}
          </li>`)}</ul>`)}</${Async}>
      </section>
    </div>
  </${Card}>`;
}
