// training.js: "Pelatihan", the employee's own competency development (/pelatihan). (a) The
// year's JP toward the 20 JP every PNS is due (GET /v1/jpLedger): earned solid, projected
// (enrolled, not finished) hatched, and the ledger's entries — JP is never typed, it comes from
// completions. (b) My enrolments (GET /v1/enrolments?employee=): where each stands (waiting for
// the supervisor, enrolled, waitlist position N, passed with the certificate's number, …), a
// withdrawal before the start, and the feedback form once an attended session has ended
// (1–5 stars for the trainer, the material and the usefulness, and a text; the API decides who
// attended and says so when refusing). (c) My certificates with the public check's link.
// (d) "Pelatihan mandiri": training attended on one's own, recorded with evidence
// (training-external.js). The catalogue to enrol from is /katalog-pelatihan.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber } from '../i18n.js';
import { get, getAll, post } from '../api.js';
import { Page, Card, useAsync, Async, Button, Badge, Dialog, TextArea, Empty, toast, fieldError } from '../ui.js';
import { Link } from '../router.js';
import {
  TrTable as Table, JPBar, EnrolmentBadge, TrError, label, num, thisYear, sessionWhen, started, ended, verifyHref, idOf,
  SEAT_STATES, OPEN_STATES, JP_TARGET,
} from './_shared/training-common.js';
import { ExternalTrainings } from './training-external.js';

addMessages({
  id: {
    'training.title': 'Pelatihan', 'training.jump': 'Bagian halaman', 'training.jp': 'JP tahun {year}', 'training.year': 'Tahun',
    'training.ledger': 'Rincian JP {year}', 'training.ledger.none': 'Belum ada JP tahun ini. Daftar pelatihan dari katalog.',
    'training.ledger.title': 'Kegiatan', 'training.ledger.source': 'Sumber', 'training.ledger.end': 'Selesai', 'training.ledger.jp': 'JP', 'training.ledger.state': 'Status',
    'training.source.session': 'Pelatihan', 'training.source.external': 'Pelatihan mandiri', 'training.source.internship': 'Magang',
    'training.earned': 'Diperoleh', 'training.projected': 'Terjadwal',
    'training.mine': 'Pelatihan saya', 'training.mine.none': 'Anda belum terdaftar di pelatihan apa pun.', 'training.catalogue': 'Lihat katalog pelatihan',
    'training.withdraw': 'Mundur', 'training.withdraw.title': 'Mundur dari pelatihan', 'training.withdraw.confirm': 'Mundur dari {title} ({when})?',
    'training.withdraw.hint': 'Kursi Anda diberikan kepada peserta pertama di daftar tunggu.', 'training.withdraw.reason': 'Alasan (tidak wajib)',
    'training.withdraw.yes': 'Ya, mundur', 'training.withdrawn': 'Anda mundur dari pelatihan.',
    'training.reason': 'Alasan: {reason}', 'training.score': 'Nilai {n}', 'training.certNo': 'Sertifikat {n}',
    'training.feedback': 'Beri penilaian', 'training.feedback.title': 'Penilaian pelatihan', 'training.feedback.intro': 'Penilaian tidak mencantumkan nama Anda; hasilnya baru ditampilkan bila paling sedikit 3 peserta menilai.',
    'training.feedback.trainer': 'Pengajar', 'training.feedback.material': 'Materi', 'training.feedback.usefulness': 'Manfaat bagi pekerjaan',
    'training.feedback.star': '{n} dari 5 bintang', 'training.feedback.comment': 'Saran atau komentar (tidak wajib)', 'training.feedback.send': 'Kirim penilaian',
    'training.feedback.pick': 'Pilih 1 sampai 5 bintang.', 'training.feedback.sent': 'Terima kasih, penilaian Anda tersimpan.',
    'training.certs': 'Sertifikat saya', 'training.certs.none': 'Belum ada sertifikat.', 'training.cert.number': 'Nomor', 'training.cert.programme': 'Pelatihan',
    'training.cert.dates': 'Tanggal', 'training.cert.jp': 'JP', 'training.cert.check': 'Periksa keaslian', 'training.cert.revoked': 'Dicabut',
  },
  en: {
    'training.title': 'Training', 'training.jump': 'Page sections', 'training.jp': 'JP in {year}', 'training.year': 'Year',
    'training.ledger': 'JP details {year}', 'training.ledger.none': 'No JP this year yet. Enrol from the catalogue.',
    'training.ledger.title': 'Activity', 'training.ledger.source': 'Source', 'training.ledger.end': 'Ends', 'training.ledger.jp': 'JP', 'training.ledger.state': 'State',
    'training.source.session': 'Training', 'training.source.external': 'Own training', 'training.source.internship': 'Internship',
    'training.earned': 'Earned', 'training.projected': 'Scheduled',
    'training.mine': 'My training', 'training.mine.none': 'You are not enrolled in any training.', 'training.catalogue': 'Open the training catalogue',
    'training.withdraw': 'Withdraw', 'training.withdraw.title': 'Withdraw from training', 'training.withdraw.confirm': 'Withdraw from {title} ({when})?',
    'training.withdraw.hint': 'Your seat goes to the first person on the waitlist.', 'training.withdraw.reason': 'Reason (optional)',
    'training.withdraw.yes': 'Yes, withdraw', 'training.withdrawn': 'You withdrew from the training.',
    'training.reason': 'Reason: {reason}', 'training.score': 'Score {n}', 'training.certNo': 'Certificate {n}',
    'training.feedback': 'Rate it', 'training.feedback.title': 'Rate the training', 'training.feedback.intro': 'Ratings do not carry your name; results are shown once at least 3 participants have rated.',
    'training.feedback.trainer': 'Trainer', 'training.feedback.material': 'Material', 'training.feedback.usefulness': 'Usefulness for your work',
    'training.feedback.star': '{n} of 5 stars', 'training.feedback.comment': 'Suggestions or comments (optional)', 'training.feedback.send': 'Send rating',
    'training.feedback.pick': 'Choose 1 to 5 stars.', 'training.feedback.sent': 'Thank you, your rating is saved.',
    'training.certs': 'My certificates', 'training.certs.none': 'No certificates yet.', 'training.cert.number': 'Number', 'training.cert.programme': 'Training',
    'training.cert.dates': 'Dates', 'training.cert.jp': 'JP', 'training.cert.check': 'Check it', 'training.cert.revoked': 'Revoked',
  },
});

const range = (a, b) => (a === b || !b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);

// ---- (a) JP this year ----

function JPCard({ nip, year, setYear, version }) {
  useLang();
  const state = useAsync(() => get('/v1/jpLedger', { year }), [nip, year, version]);
  const years = [thisYear(), thisYear() - 1];
  return html`<${Card} title=${t('training.jp', { year })} id="training-jp" actions=${html`<div class="tr-years" role="group" aria-label=${t('training.year')}>
    ${years.map((y) => html`<${Button} kind=${y === year ? 'primary' : 'ghost'} aria-pressed=${y === year ? 'true' : 'false'} onClick=${() => setYear(y)}>${y}</${Button}>`)}</div>`}>
    <${Async} state=${state}>${(d) => html`<div class="tr-stack">
      <${JPBar} earned=${d.totals?.earned} projected=${d.totals?.projected} target=${JP_TARGET} test="jp-progress" />
      <div data-test="jp-ledger"><${Table} caption=${t('training.ledger', { year })} rows=${d.entries || []} rowKey=${(e) => e.reference + e.source}
        empty=${t('training.ledger.none')} columns=${[
          { key: 'title', label: t('training.ledger.title') },
          { key: 'source', label: t('training.ledger.source'), render: (e) => t('training.source.' + e.source) === 'training.source.' + e.source ? e.source : t('training.source.' + e.source) },
          { key: 'endDate', label: t('training.ledger.end'), render: (e) => (e.endDate ? fmtDate(e.endDate, { style: 'short' }) : '—') },
          { key: 'jp', label: t('training.ledger.jp'), num: true, render: (e) => fmtNumber(num(e.jp)) },
          { key: 'earned', label: t('training.ledger.state'), render: (e) => html`<${Badge} kind=${e.earned ? 'ok' : 'info'}>${t(e.earned ? 'training.earned' : 'training.projected')}</${Badge}>` },
        ]} /></div>
    </div>`}</${Async}>
  </${Card}>`;
}

// ---- (b) my enrolments ----

function EnrolmentItem({ e, onWithdraw, onFeedback }) {
  const s = { startTime: e.startTime, endTime: e.endTime };
  const canWithdraw = OPEN_STATES.has(e.state) && !started(s);
  const canRate = SEAT_STATES.has(e.state) && ended(s);
  return html`<li class="tr-item card" data-test="my-enrolment" data-name=${e.name} data-state=${e.state} data-session=${e.session}>
    <div class="tr-item-head"><strong>${e.programmeTitle || idOf(e.session)}</strong><${EnrolmentBadge} e=${e} /></div>
    <p class="muted">${sessionWhen(s)} · ${label('origin', e.origin)}</p>
    ${e.reason ? html`<p class="muted">${t('training.reason', { reason: e.reason })}</p>` : null}
    ${e.score || e.certificateNumber ? html`<p>${e.score ? t('training.score', { n: fmtNumber(num(e.score)) }) : null}${e.score && e.certificateNumber ? ' · ' : ''}
      ${e.certificateNumber ? html`<a href=${verifyHref(e.certificateNumber)} data-test="my-certificate-link">${t('training.certNo', { n: e.certificateNumber })}</a>` : null}</p>` : null}
    ${canWithdraw || canRate ? html`<div class="actions">
      ${canWithdraw ? html`<${Button} kind="secondary" data-test="enrolment-withdraw" onClick=${() => onWithdraw(e)}>${t('training.withdraw')}</${Button}>` : null}
      ${canRate ? html`<${Button} kind="secondary" data-test="feedback-open" onClick=${() => onFeedback(e)}>${t('training.feedback')}</${Button}>` : null}
    </div>` : null}
  </li>`;
}

function WithdrawDialog({ e, onClose, onDone }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = async () => {
    setBusy(true); setError(null);
    try {
      await post(`/v1/${e.name}:withdraw`, { reason: reason.trim() || undefined, etag: e.etag || undefined });
      toast(t('training.withdrawn'), 'info');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Dialog} title=${t('training.withdraw.title')} open=${!!e} onClose=${onClose}>
    ${e ? html`<div class="tr-stack">
      <p>${t('training.withdraw.confirm', { title: e.programmeTitle || idOf(e.session), when: sessionWhen(e) })}</p>
      ${e.state === 'ENROLMENT_STATE_ENROLLED' ? html`<p class="muted">${t('training.withdraw.hint')}</p>` : null}
      <${TextArea} label=${t('training.withdraw.reason')} name="reason" value=${reason} onValue=${setReason} maxlength="1000" error=${fieldError(error, 'reason')} />
      <${TrError} error=${error} fields=${['reason']} />
      <div class="actions">
        <${Button} kind="danger" busy=${busy} onClick=${go} data-test="enrolment-withdraw-confirm">${t('training.withdraw.yes')}</${Button}>
        <${Button} kind="ghost" onClick=${onClose}>${t('common.cancel')}</${Button}>
      </div></div>` : null}
  </${Dialog}>`;
}

/** Stars is one 1–5 rating as a radio group drawn as stars. */
function Stars({ name, legend, value, onValue, error }) {
  return html`<fieldset class=${'tr-stars' + (error ? ' field-invalid' : '')} data-field=${name}>
    <legend>${legend}<span class="req" aria-hidden="true"> *</span></legend>
    <div class="tr-stars-row">${[1, 2, 3, 4, 5].map((n) => html`<label class=${'tr-star' + (value >= n ? ' on' : '')}>
      <input type="radio" class="tr-sr" name=${name} value=${n} checked=${value === n} onChange=${() => onValue(n)} data-test=${`feedback-${name}-${n}`} />
      <span aria-hidden="true">★</span><span class="tr-sr">${t('training.feedback.star', { n })}</span></label>`)}</div>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </fieldset>`;
}

function FeedbackDialog({ e, onClose, onDone }) {
  const [r, setR] = useState({ trainer: 0, material: 0, usefulness: 0, comment: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState({});
  const set = (k) => (v) => { setR((x) => ({ ...x, [k]: v })); setLocal((l) => ({ ...l, [k]: undefined })); };
  const submit = async (ev) => {
    ev.preventDefault();
    const miss = {};
    for (const k of ['trainer', 'material', 'usefulness']) if (!r[k]) miss[k] = t('training.feedback.pick');
    setLocal(miss);
    if (Object.keys(miss).length) return;
    setBusy(true); setError(null);
    try {
      await post(`/v1/${e.session}/feedback`, { trainer: r.trainer, material: r.material, usefulness: r.usefulness, comment: r.comment.trim() || undefined });
      toast(t('training.feedback.sent'), 'ok');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Dialog} title=${t('training.feedback.title')} open=${!!e} onClose=${onClose}>
    ${e ? html`<form onSubmit=${submit} novalidate data-test="feedback-form">
      <p><strong>${e.programmeTitle}</strong><br /><span class="muted">${sessionWhen(e)}</span></p>
      <p class="hint">${t('training.feedback.intro')}</p>
      ${['trainer', 'material', 'usefulness'].map((k) => html`<${Stars} name=${k} legend=${t('training.feedback.' + k)} value=${r[k]} onValue=${set(k)}
        error=${local[k] || fieldError(error, k)} />`)}
      <${TextArea} label=${t('training.feedback.comment')} name="comment" value=${r.comment} onValue=${set('comment')} maxlength="2000"
        error=${fieldError(error, 'comment')} data-test="feedback-comment" />
      <${TrError} error=${error} fields=${['trainer', 'material', 'usefulness', 'comment']} test="feedback-error" />
      <div class="actions">
        <${Button} type="submit" busy=${busy} data-test="feedback-submit">${t('training.feedback.send')}</${Button}>
        <${Button} kind="ghost" onClick=${onClose}>${t('common.cancel')}</${Button}>
      </div>
    </form>` : null}
  </${Dialog}>`;
}

function MyEnrolments({ state, onWithdraw, onFeedback }) {
  return html`<div data-test="my-enrolments"><${Async} state=${state}>${(list) => (list.length === 0
    ? html`<${Empty}>${t('training.mine.none')}</${Empty}>`
    : html`<ul class="tr-list">${list.map((e) => html`<${EnrolmentItem} key=${e.name} e=${e} onWithdraw=${onWithdraw} onFeedback=${onFeedback} />`)}</ul>`)}</${Async}></div>`;
}

// ---- (c) certificates ----

function Certificates({ nip, version }) {
  const state = useAsync(() => getAll('/v1/certificates', { employee: nip, pageSize: 200 }, 'certificates', 1000), [nip, version]);
  return html`<div data-test="certificates"><${Async} state=${state}>${(list) => html`<${Table} rows=${list} rowKey=${(c) => c.number} empty=${t('training.certs.none')} columns=${[
    { key: 'number', label: t('training.cert.number'), render: (c) => html`<span class="tr-cert-no" data-test="certificate" data-number=${c.number}>${c.number}</span>
      ${c.revoked ? html` <${Badge} kind="bad">${t('training.cert.revoked')}</${Badge}>` : null}` },
    { key: 'programmeTitle', label: t('training.cert.programme') },
    { key: 'dates', label: t('training.cert.dates'), render: (c) => range(c.startDate, c.endDate) },
    { key: 'jp', label: t('training.cert.jp'), num: true, render: (c) => fmtNumber(num(c.jp)) },
    { key: 'check', label: t('training.cert.check'), render: (c) => html`<a href=${verifyHref(c.number)} data-test="certificate-verify-link">${t('training.cert.check')}</a>` },
  ]} />`}</${Async}></div>`;
}

/** Training is the /pelatihan screen. */
export default function Training({ session }) {
  useLang();
  const nip = session.subject;
  const [year, setYear] = useState(thisYear);
  const [version, setVersion] = useState(0);
  const [withdrawing, setWithdrawing] = useState(null);
  const [rating, setRating] = useState(null);
  const mine = useAsync(() => getAll('/v1/enrolments', { employee: nip, pageSize: 200 }, 'enrolments', 1000), [nip, version]);
  const changed = () => setVersion((v) => v + 1);
  return html`<${Page} title=${t('training.title')} actions=${html`<${Link} class="btn btn-secondary" href="/katalog-pelatihan" data-test="open-catalogue">${t('training.catalogue')}</${Link}>`}>
    <nav class="leave-jump" aria-label=${t('training.jump')}>
      <a href="#training-jp">${t('training.jp', { year })}</a><a href="#training-mine">${t('training.mine')}</a>
      <a href="#training-certs">${t('training.certs')}</a><a href="#training-external">${t('trx.title')}</a>
    </nav>
    <div class="grid grid-2 tr-grid">
      <${JPCard} nip=${nip} year=${year} setYear=${setYear} version=${version} />
      <${Card} title=${t('training.mine')} id="training-mine">
        <${MyEnrolments} state=${mine} onWithdraw=${setWithdrawing} onFeedback=${setRating} />
      </${Card}>
    </div>
    <${Card} title=${t('training.certs')} id="training-certs"><${Certificates} nip=${nip} version=${version} /></${Card}>
    <${ExternalTrainings} nip=${nip} onChange=${changed} />
    <${WithdrawDialog} e=${withdrawing} onClose=${() => setWithdrawing(null)} onDone=${() => { setWithdrawing(null); changed(); }} />
    <${FeedbackDialog} key=${rating?.name || 'none'} e=${rating} onClose=${() => setRating(null)} onDone=${() => { setRating(null); changed(); }} />
  </${Page}>`;
}
