// evaluation-skp.js: the parts of an SKP both the holder (/kinerja) and the appraiser
// (/kinerja-tim) see: its heading, its work results with indicators and targets and the parent
// result each cascades from (intervensi), the seven behaviours with the appraiser's
// expectations, the realisations with their evidence, the feedback thread (newest first, each
// entry's replies under it), the periodic ratings with their matrix cells, and the annual
// rating with its objection and history.
import { html, useState } from '../../../vendor/preact-htm.js';
import { t, addMessages, fmtDate, fmtTime } from '../../i18n.js';
import { get, post, ApiError } from '../../api.js';
import { Badge, Button, TextArea, toast, useAsync, Async } from '../../ui.js';
import { ev, person, periodLabel, PredicateBadge, RatingView, EvError, fieldErr, None, today } from './evaluation-common.js';

addMessages({
  id: {
    'evs.appraiser': 'Pejabat penilai', 'evs.appraiser.head': 'BKPSDM Kota (kepala instansi)', 'evs.position': 'Jabatan', 'evs.unit': 'Unit',
    'evs.dates': 'Masa berlaku', 'evs.revision': 'Revisi ke-{n}', 'evs.level': 'Jenjang fungsional', 'evs.returned': 'Dikembalikan oleh penilai:',
    'evs.closed': 'Ditutup: {r}', 'evs.previous': 'Lanjutan dari {p}',
    'evs.results': 'Hasil kerja', 'evs.results.none': 'Belum ada hasil kerja.', 'evs.parent': 'Intervensi dari hasil kerja atasan:',
    'evs.parent.unknown': 'Hasil kerja atasan {p}', 'evs.plan': 'Dari rencana instansi: {p}', 'evs.indicator': 'Indikator', 'evs.targets': 'Target',
    'evs.behaviours': 'Perilaku kerja (BerAKHLAK) dan ekspektasi khusus penilai', 'evs.expectation.none': 'Belum ada ekspektasi khusus.',
    'evs.real': 'Realisasi', 'evs.real.none': 'Belum diisi.', 'evs.evidence': 'Bukti dukung',
    'evs.thread': 'Umpan balik dan dialog', 'evs.thread.none': 'Belum ada umpan balik.', 'evs.thread.about': 'Tentang: {x}', 'evs.thread.general': 'pekerjaan secara umum',
    'evs.thread.result': 'hasil kerja {id}', 'evs.thread.actions': 'Tindak lanjut yang disepakati', 'evs.thread.held': 'Dialog pada {d}',
    'evs.reply': 'Tanggapi', 'evs.reply.label': 'Tanggapan Anda', 'evs.reply.send': 'Kirim tanggapan', 'evs.reply.sent': 'Tanggapan terkirim.',
    'evs.ratings': 'Penilaian periodik', 'evs.ratings.none': 'Belum ada penilaian periodik.', 'evs.ratedBy': 'Dinilai {when}',
    'evs.annual': 'Penilaian tahunan', 'evs.annual.none': 'Penilaian tahunan belum ditetapkan.',
    'evs.deadline': 'Batas pengajuan keberatan: {d}',
    'evs.objection': 'Keberatan', 'evs.objection.reason': 'Alasan keberatan: {r}', 'evs.objection.decider': 'Diputuskan oleh: {x}', 'evs.objection.cityhr': 'BKPSDM Kota',
    'evs.objection.waiting': 'Menunggu keputusan atasan penilai.', 'evs.objection.upheld': 'Penilaian dipertahankan', 'evs.objection.changed': 'Penilaian diubah',
    'evs.objection.decision': 'Alasan keputusan: {r}', 'evs.history': 'Riwayat',
    'evs.h.finalised': 'Ditetapkan', 'evs.h.acknowledged': 'Diterima', 'evs.h.objected': 'Keberatan diajukan', 'evs.h.upheld': 'Keberatan ditolak, penilaian tetap', 'evs.h.changed': 'Keberatan diterima, penilaian diubah',
  },
  en: {
    'evs.appraiser': 'Appraiser', 'evs.appraiser.head': 'City HR (agency head)', 'evs.position': 'Position', 'evs.unit': 'Unit',
    'evs.dates': 'Covers', 'evs.revision': 'Revision {n}', 'evs.level': 'Functional level', 'evs.returned': 'Returned by the appraiser:',
    'evs.closed': 'Closed: {r}', 'evs.previous': 'Continues {p}',
    'evs.results': 'Work results', 'evs.results.none': 'No work results yet.', 'evs.parent': 'Cascaded from the supervisor\'s result:',
    'evs.parent.unknown': 'Supervisor\'s result {p}', 'evs.plan': 'From the agency\'s plan: {p}', 'evs.indicator': 'Indicator', 'evs.targets': 'Targets',
    'evs.behaviours': 'Work behaviour (BerAKHLAK) and the appraiser\'s expectations', 'evs.expectation.none': 'No specific expectation yet.',
    'evs.real': 'Realisation', 'evs.real.none': 'Not recorded.', 'evs.evidence': 'Evidence',
    'evs.thread': 'Feedback and dialogue', 'evs.thread.none': 'No feedback yet.', 'evs.thread.about': 'About: {x}', 'evs.thread.general': 'the work in general',
    'evs.thread.result': 'work result {id}', 'evs.thread.actions': 'Actions agreed', 'evs.thread.held': 'Dialogue on {d}',
    'evs.reply': 'Reply', 'evs.reply.label': 'Your reply', 'evs.reply.send': 'Send reply', 'evs.reply.sent': 'Reply sent.',
    'evs.ratings': 'Periodic ratings', 'evs.ratings.none': 'No periodic rating yet.', 'evs.ratedBy': 'Rated {when}',
    'evs.annual': 'Annual rating', 'evs.annual.none': 'The annual rating is not finalised yet.',
    'evs.deadline': 'Objections until: {d}',
    'evs.objection': 'Objection', 'evs.objection.reason': 'Reasons: {r}', 'evs.objection.decider': 'Decided by: {x}', 'evs.objection.cityhr': 'City HR',
    'evs.objection.waiting': 'Waiting for the appraiser\'s supervisor.', 'evs.objection.upheld': 'Rating upheld', 'evs.objection.changed': 'Rating changed',
    'evs.objection.decision': 'Reasons for the decision: {r}', 'evs.history': 'History',
    'evs.h.finalised': 'Finalised', 'evs.h.acknowledged': 'Acknowledged', 'evs.h.objected': 'Objection filed', 'evs.h.upheld': 'Objection refused, rating upheld', 'evs.h.changed': 'Objection granted, rating changed',
  },
});

const when = (ts) => (ts ? `${fmtDate(ts, { style: 'short' })} ${fmtTime(ts)}` : '');
const span = (a, b) => (a ? `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}` : '—');

/** SkpHead is an SKP's who, what and state. */
export function SkpHead({ skp }) {
  return html`<div class="ev-head">
    <dl class="ev-dl">
      <dt>${t('evs.appraiser')}</dt><dd data-test="skp-appraiser" data-nip=${skp.appraiser || ''}>${skp.agencyHead ? t('evs.appraiser.head') : person(skp.appraiserName, skp.appraiser)}</dd>
      <dt>${t('evs.position')}</dt><dd>${skp.position || '—'}${skp.unit ? html` · <span class="muted">${skp.unit}</span>` : null}</dd>
      <dt>${t('evs.dates')}</dt><dd>${span(skp.startDate, skp.endDate)}${skp.revision ? html` · ${t('evs.revision', { n: skp.revision })}` : null}</dd>
      ${skp.functionalLevel && skp.functionalLevel !== 'FUNCTIONAL_LEVEL_UNSPECIFIED' ? html`<dt>${t('evs.level')}</dt><dd>${ev('level', skp.functionalLevel)}</dd>` : null}
    </dl>
    ${skp.state === 'SKP_STATE_RETURNED' && skp.returnComment ? html`<div class="alert alert-warn" data-test="skp-return-comment"><p><strong>${t('evs.returned')}</strong> ${skp.returnComment}</p></div>` : null}
    ${skp.closedReason ? html`<p class="muted">${t('evs.closed', { r: skp.closedReason })}</p>` : null}
  </div>`;
}

/** Targets lists an indicator's targets: "Kuantitas: 12 laporan · Waktu: 12 bulan". */
export const Targets = ({ targets }) => html`<span class="ev-targets">${(targets || []).map((x, i) => html`${i ? ' · ' : ''}<span><span class="muted">${ev('aspect', x.aspect)}:</span> ${x.value}</span>`)}</span>`;

/** SkpResults lists the results, each with its parent result (from parents: name → text), its
 * indicators and their targets; realisation(resultId, indicatorId) may add a line under each. */
export function SkpResults({ skp, parents = {}, realisation }) {
  const rs = skp.results || [];
  if (!rs.length) return html`<${None}>${t('evs.results.none')}</${None}>`;
  return html`<ol class="ev-results" data-test="skp-results">${rs.map((r) => html`<li class="ev-result" data-test="skp-result" data-id=${r.id} data-parent=${r.parentResult || ''}>
    <p class="ev-result-text"><span class="ev-rid">${r.id}</span> ${r.text}</p>
    ${r.parentResult ? html`<p class="ev-parent" data-test="skp-result-parent"><span class="muted">${t('evs.parent')}</span> ${parents[r.parentResult] || t('evs.parent.unknown', { p: r.parentResult })}</p>` : null}
    ${r.planReference ? html`<p class="ev-parent"><span class="muted">${t('evs.plan', { p: r.planReference })}</span></p>` : null}
    <ul class="ev-indicators">${(r.indicators || []).map((i) => html`<li data-test="skp-indicator" data-id=${`${r.id}.${i.id}`}>
      <span class="ev-rid">${i.id}</span> ${i.text}<br /><${Targets} targets=${i.targets} />
      ${realisation ? realisation(r, i) : null}</li>`)}</ul>
  </li>`)}</ol>`;
}

/** Behaviours lists the seven behaviours with the appraiser's expectations. */
export const Behaviours = ({ skp }) => html`<dl class="ev-dl ev-behaviours" data-test="skp-behaviours">${(skp.behaviours || []).map((b) => html`
  <dt>${ev('beh', b.behaviour)}</dt><dd class=${b.expectation ? '' : 'muted'}>${b.expectation || t('evs.expectation.none')}</dd>`)}</dl>`;

/** Evidence lists a realisation's evidence as links (https) or references. */
export const EvidenceList = ({ items }) => (items?.length ? html`<ul class="ev-evidence">${items.map((e) => html`<li>
  ${/^https:\/\//.test(e.uri) ? html`<a href=${e.uri} rel="noopener noreferrer" target="_blank">${e.title}</a>` : html`${e.title} <code>${e.uri}</code>`}</li>`)}</ul>` : null);

/** aboutText says what a feedback entry is about. */
export function aboutText(f, skp) {
  if (f.resultId) {
    const r = (skp?.results || []).find((x) => x.id === f.resultId);
    return `${t('evs.thread.result', { id: f.resultId })}${r ? ` — ${r.text}` : ''}`;
  }
  if (f.behaviour && f.behaviour !== 'BEHAVIOUR_UNSPECIFIED') return ev('beh', f.behaviour);
  return t('evs.thread.general');
}

function ReplyForm({ entry, onDone }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await post(`/v1/${entry.name}:reply`, { text: text.trim() });
      toast(t('evs.reply.sent'), 'ok');
      setText('');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form class="ev-reply" onSubmit=${send} novalidate data-test="reply-form">
    <${TextArea} label=${t('evs.reply.label')} name="text" value=${text} onValue=${setText} required maxlength="4000" error=${fieldErr(error, 'text')} data-test="reply-text" />
    <${EvError} error=${error} fields=${['text']} test="reply-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="reply-send">${t('evs.reply.send')}</${Button}></div>
  </form>`;
}

function Entry({ f, skp, replies, canReply, onChanged }) {
  const [open, setOpen] = useState(false);
  const dialogue = f.kind === 'FEEDBACK_KIND_DIALOGUE';
  return html`<li class=${'ev-entry' + (dialogue ? ' ev-entry-dialogue' : '')} data-test="thread-entry" data-name=${f.name} data-kind=${f.kind}>
    <p class="ev-entry-head"><${Badge} kind=${dialogue ? 'info' : 'neutral'}>${ev('kind', f.kind)}</${Badge}>
      <strong>${f.authorName || f.author}</strong> <span class="muted">${when(f.createTime)} · ${periodLabel(f.period)}</span></p>
    ${dialogue ? html`<p class="muted">${t('evs.thread.held', { d: fmtDate(f.dialogueDate) })}</p>` : html`<p class="muted">${t('evs.thread.about', { x: aboutText(f, skp) })}</p>`}
    <p class="ev-entry-text" data-test="thread-text">${f.text}</p>
    ${f.agreedActions?.length ? html`<p class="ev-sub">${t('evs.thread.actions')}</p><ul>${f.agreedActions.map((a) => html`<li>${a}</li>`)}</ul>` : null}
    ${replies.length ? html`<ul class="ev-replies">${replies.map((r) => html`<li data-test="thread-reply" data-name=${r.name}>
      <p class="ev-entry-head"><strong>${r.authorName || r.author}</strong> <span class="muted">${when(r.createTime)}</span></p><p class="ev-entry-text">${r.text}</p></li>`)}</ul>` : null}
    ${canReply ? html`<div class="actions"><${Button} kind="ghost" aria-expanded=${open ? 'true' : 'false'} onClick=${() => setOpen(!open)} data-test="reply-open">${t('evs.reply')}</${Button}></div>
      ${open ? html`<${ReplyForm} entry=${f} onDone=${() => { setOpen(false); onChanged(); }} />` : null}` : null}
  </li>`;
}

/** Thread is an SKP's feedback thread: the entries newest first (so the latest is seen at once),
 * each entry's replies under it in order; the holder may reply to any entry. */
export function Thread({ skp, canReply, version = 0 }) {
  const [bump, setBump] = useState(0);
  const state = useAsync(() => get(`/v1/${skp.name}/feedback`), [skp.name, version, bump]);
  return html`<div data-test="thread"><${Async} state=${state}>${(d) => {
    const all = d.feedback || [];
    const top = all.filter((f) => f.kind !== 'FEEDBACK_KIND_REPLY').reverse();
    const repliesOf = (n) => all.filter((f) => f.kind === 'FEEDBACK_KIND_REPLY' && f.replyTo === n);
    if (!top.length) return html`<${None}>${t('evs.thread.none')}</${None}>`;
    return html`<ul class="ev-thread">${top.map((f) => html`<${Entry} key=${f.name} f=${f} skp=${skp} replies=${repliesOf(f.name)} canReply=${canReply} onChanged=${() => setBump((x) => x + 1)} />`)}</ul>`;
  }}</${Async}></div>`;
}

/** PeriodRatings lists the periodic ratings with their reasons and matrix cells. */
export function PeriodRatings({ skp, version = 0 }) {
  const state = useAsync(() => get(`/v1/${skp.name}/ratings`), [skp.name, version]);
  return html`<div data-test="period-ratings"><${Async} state=${state}>${(d) => (d.periodRatings?.length
    ? html`<ul class="ev-ratings">${d.periodRatings.map((r) => html`<li class="ev-period-rating" data-test="period-rating" data-period=${r.period} data-predicate=${r.rating?.predicate || ''}>
      <h3 class="h3">${periodLabel(r.period)} <span class="muted ev-small">${t('evs.ratedBy', { when: when(r.rateTime) })}</span></h3>
      <${RatingView} r=${r.rating} test="period-rating-view" /></li>`)}</ul>`
    : html`<${None}>${t('evs.ratings.none')}</${None}>`)}</${Async}></div>`;
}

/** AnnualView shows the annual rating in force, its state, the objection deadline, the
 * objection and its outcome, and the whole history. */
export function AnnualView({ a }) {
  const o = a.objection;
  return html`<div class="ev-annual" data-test="annual" data-state=${a.state} data-predicate=${a.rating?.predicate || ''}>
    <p><${Badge} kind=${a.state === 'ANNUAL_RATING_STATE_OBJECTED' ? 'warn' : 'info'}>${ev('annual', a.state)}</${Badge}>
      ${a.state === 'ANNUAL_RATING_STATE_FINALISED' && a.objectionDeadline ? html` <span data-test="annual-deadline" data-date=${a.objectionDeadline}>${t('evs.deadline', { d: fmtDate(a.objectionDeadline) })}</span>` : null}</p>
    <${RatingView} r=${a.rating} test="annual-rating" />
    ${o ? html`<div class="ev-objection" data-test="objection" data-changed=${o.decideTime ? String(!!o.changed) : ''}>
      <h3 class="h3">${t('evs.objection')}</h3>
      <p>${t('evs.objection.reason', { r: o.reason })} <span class="muted">(${when(o.fileTime)})</span></p>
      ${o.decideTime ? html`<p><${Badge} kind=${o.changed ? 'ok' : 'neutral'}>${t(o.changed ? 'evs.objection.changed' : 'evs.objection.upheld')}</${Badge}>
          ${t('evs.objection.decider', { x: o.decidedBy || (o.decider || t('evs.objection.cityhr')) })} · ${when(o.decideTime)}</p>
        <p data-test="objection-decision">${t('evs.objection.decision', { r: o.decisionReason })}</p>`
        : html`<p class="muted">${t('evs.objection.waiting')}</p>`}
    </div>` : null}
    ${a.history?.length ? html`<details class="ev-history"><summary>${t('evs.history')}</summary><ol>${a.history.map((h) => html`<li>
      <strong>${t('evs.h.' + h.action) === 'evs.h.' + h.action ? h.action : t('evs.h.' + h.action)}</strong> · ${h.actor} · ${when(h.time)}
      ${h.predicate ? html` · <${PredicateBadge} p=${h.predicate} />` : null}${h.note ? html`<br /><span class="muted">${h.note}</span>` : null}</li>`)}</ol></details>` : null}
  </div>`;
}

/** useParents maps an SKP's possible parent results ("skps/{id}/results/{r}") to their text,
 * from ListParentResults (the holder may not read the appraiser's SKP itself). */
export function useParents(skp) {
  return useAsync(async () => {
    if (!skp?.name || skp.agencyHead) return { results: [], map: {} };
    const d = await get(`/v1/${skp.name}/parentResults`);
    const results = (d.results || []).map((r) => ({ ...r, ref: r.id?.startsWith('skps/') ? r.id : `${d.appraiserSkp}/results/${r.id}` }));
    return { ...d, results, map: Object.fromEntries(results.map((r) => [r.ref, `${r.id?.startsWith('skps/') ? r.id.split('/').pop() : r.id}: ${r.text}`])) };
  }, [skp?.name, skp?.state, skp?.revision]);
}

/** annualPossible tells whether SKP skp may have an annual rating: approved once, and 1 December
 * of its year reached (domain.AnnualFrom) or closed before today. */
export const annualPossible = (skp) => skp.revision > 0 && (today() >= `${skp.year}-12-01` || (skp.state === 'SKP_STATE_CLOSED' && skp.endDate < today()));

/** useAnnual reads SKP skp's annual rating when the SKP says it has one (annualState): null
 * otherwise, without asking the API for a rating that is not there. */
export function useAnnual(skp) {
  const has = !!skp.annualState && skp.annualState !== 'ANNUAL_RATING_STATE_UNSPECIFIED';
  return useAsync(() => (!has ? Promise.resolve(null) : get(`/v1/${skp.name}/annualRating`)), [skp.name, skp.etag, skp.annualState]);
}

/** PeriodName is an SKP period's long label with its dates. */
export const PeriodDates = ({ p }) => html`${periodLabel(p.id)} <span class="muted">(${span(p.startDate, p.endDate)})</span>`;

/** when and span are the evaluation screens' short date-time and date-range formats. */
export { when, span };
export { EvError };
