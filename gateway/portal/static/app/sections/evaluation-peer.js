// evaluation-peer.js: peer input (360) on behaviour (issue 11 §2). PeerForms lists the forms
// an appraiser asked me to fill (GET /v1/peerForms?state=PEER_FORM_STATE_PENDING) and sends
// one, once, with a score of 1–5 for each of the seven BerAKHLAK behaviours and an optional
// comment nobody else sees; PeerSummary shows an SKP's aggregate in a period, which the API
// gives only from 3 respondents and never with a name.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, fmtNumber } from '../i18n.js';
import { get, post } from '../api.js';
import { Card, Button, TextArea, toast, useAsync, Async } from '../ui.js';
import { ev, BEHAVIOURS, periodLabel, EvError, fieldErr } from './_shared/evaluation-common.js';

addMessages({
  id: {
    'evp.title': 'Penilaian rekan kerja yang diminta dari Anda', 'evp.none': 'Tidak ada formulir yang menunggu Anda.',
    'evp.about': 'Perilaku kerja {name} · {period}', 'evp.fill': 'Isi formulir', 'evp.intro': 'Nilai 1 (jauh di bawah ekspektasi) sampai 5 (jauh di atas). Nama dan komentar Anda tidak ditampilkan kepada siapa pun; hasilnya hanya ditampilkan sebagai rata-rata dari paling sedikit 3 penilai.',
    'evp.score': '{n} dari 5', 'evp.comment': 'Komentar (tidak wajib)', 'evp.send': 'Kirim penilaian', 'evp.sent': 'Penilaian rekan kerja terkirim.', 'evp.pick': 'Pilih 1 sampai 5 untuk setiap perilaku.',
    'evp.summary': 'Penilaian rekan kerja {period}', 'evp.summary.hidden': '{n} dari {asked} rekan telah menjawab; rata-rata ditampilkan mulai 3 jawaban.',
    'evp.summary.shown': 'Rata-rata dari {n} rekan (dari {asked} yang diminta).', 'evp.summary.none': 'Belum ada permintaan penilaian rekan untuk periode ini.',
  },
  en: {
    'evp.title': 'Peer input asked of you', 'evp.none': 'No form is waiting for you.',
    'evp.about': 'Work behaviour of {name} · {period}', 'evp.fill': 'Fill in the form', 'evp.intro': 'Score 1 (far below expectations) to 5 (far above). Your name and comment are shown to nobody; results are shown only as the mean of at least 3 raters.',
    'evp.score': '{n} of 5', 'evp.comment': 'Comment (optional)', 'evp.send': 'Send', 'evp.sent': 'Peer input sent.', 'evp.pick': 'Choose 1 to 5 for each behaviour.',
    'evp.summary': 'Peer input, {period}', 'evp.summary.hidden': '{n} of {asked} colleagues answered; means are shown from 3 answers.',
    'evp.summary.shown': 'Mean of {n} colleagues ({asked} asked).', 'evp.summary.none': 'No peer input was asked for this period.',
  },
});

function Scale({ b, value, onValue, error }) {
  return html`<fieldset class=${'ev-scale' + (error ? ' field-invalid' : '')} data-field=${b}>
    <legend>${ev('beh', b)}</legend>
    <div class="ev-scale-row">${[1, 2, 3, 4, 5].map((n) => html`<label class=${'ev-scale-n' + (value === n ? ' on' : '')}>
      <input type="radio" name=${b} value=${n} checked=${value === n} onChange=${() => onValue(n)} data-test=${`peer-${b}-${n}`} />
      <span aria-hidden="true">${n}</span><span class="ev-sr">${t('evp.score', { n })}</span></label>`)}</div>
  </fieldset>`;
}

function PeerForm({ f, onDone }) {
  const [scores, setScores] = useState({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(false);
  const send = async (e) => {
    e.preventDefault();
    if (BEHAVIOURS.some((b) => !scores[b])) { setMissing(true); return; }
    setMissing(false); setBusy(true); setError(null);
    try {
      await post(`/v1/${f.name}:submit`, { scores: BEHAVIOURS.map((b) => ({ behaviour: b, score: scores[b] })), comment: comment.trim() || undefined });
      toast(t('evp.sent'), 'ok');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${send} novalidate data-test="peer-form" data-name=${f.name}>
    <p class="hint">${t('evp.intro')}</p>
    ${BEHAVIOURS.map((b) => html`<${Scale} b=${b} value=${scores[b]} onValue=${(n) => setScores({ ...scores, [b]: n })} error=${missing && !scores[b]} />`)}
    ${missing ? html`<p class="field-error" role="alert">${t('evp.pick')}</p>` : null}
    <${TextArea} label=${t('evp.comment')} name="comment" value=${comment} onValue=${setComment} maxlength="2000" error=${fieldErr(error, 'comment')} />
    <${EvError} error=${error} fields=${['comment']} test="peer-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="peer-send">${t('evp.send')}</${Button}></div>
  </form>`;
}

/** PeerForms is the card of the forms waiting for me; it stays out of the way when there are none. */
export function PeerForms() {
  const state = useAsync(() => get('/v1/peerForms', { state: 'PEER_FORM_STATE_PENDING' }).then((d) => d.peerForms || []), []);
  const [open, setOpen] = useState('');
  return html`<${Card} title=${t('evp.title')} id="ev-peer"><div data-test="peer-forms"><${Async} state=${state}>${(list) => (!list.length
    ? html`<p class="muted">${t('evp.none')}</p>`
    : html`<ul class="ev-peer-list">${list.map((f) => html`<li data-test="peer-form-item" data-name=${f.name}>
      <p><strong>${t('evp.about', { name: f.employeeName, period: periodLabel(f.period) })}</strong></p>
      ${open === f.name ? html`<${PeerForm} f=${f} onDone=${() => { setOpen(''); state.reload(); }} />`
        : html`<${Button} kind="secondary" onClick=${() => setOpen(f.name)} data-test="peer-open">${t('evp.fill')}</${Button}>`}</li>`)}</ul>`)}</${Async}></div></${Card}>`;
}

/** PeerSummary is an SKP's peer input in a period: the means per behaviour from 3 answers on. */
export function PeerSummary({ skp, period, version = 0 }) {
  const state = useAsync(() => get(`/v1/${skp.name}/peerSummary`, { period }), [skp.name, period, version]);
  return html`<div data-test="peer-summary" data-period=${period}><${Async} state=${state}>${(s) => (!s.asked
    ? html`<p class="muted">${t('evp.summary.none')}</p>`
    : html`<p data-test="peer-summary-count" data-respondents=${s.respondents} data-shown=${String(!!s.shown)}>
        ${t(s.shown ? 'evp.summary.shown' : 'evp.summary.hidden', { n: s.respondents || 0, asked: s.asked })}</p>
      ${s.shown ? html`<dl class="ev-dl">${(s.averages || []).map((a) => html`<dt>${ev('beh', a.behaviour)}</dt><dd>${fmtNumber(a.average, 2)} / 5</dd>`)}</dl>` : null}`)}</${Async}></div>`;
}
