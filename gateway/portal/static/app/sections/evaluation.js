// evaluation.js: "Kinerja saya" (/kinerja), the employee's own performance for a year (issue 11
// §5, PermenPANRB 6/2022): the SKP with its state, appraiser, work results with indicators,
// targets and the parent result each cascades from; creating a draft, editing it
// (evaluation-editor.js), proposing it, revising an approved one; the appraiser's return
// comment; realisation and evidence per indicator per period (evaluation-realisation.js); the
// feedback thread, newest first, with replies; the periodic ratings with their matrix cells and
// reasons; the annual rating with acknowledge or object (before the deadline) and the
// objection's outcome and history; and the peer-input forms others asked me to fill
// (evaluation-peer.js). ?skp= opens another of my SKPs of the year (one closed by a new
// supervisor).
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate } from '../i18n.js';
import { get, post } from '../api.js';
import { Page, Card, useAsync, Async, Button, TextArea, Dialog, toast } from '../ui.js';
import { navigate } from '../router.js';
import { YearSwitch, thisYear, SkpBadge, EvError, fieldErr, idOf, skpName, today, None } from './_shared/evaluation-common.js';
import { SkpHead, SkpResults, Behaviours, Thread, PeriodRatings, AnnualView, useParents, useAnnual, span } from './_shared/evaluation-skp.js';
import { SkpEditor } from './evaluation-editor.js';
import { Realisations } from './evaluation-realisation.js';
import { PeerForms } from './evaluation-peer.js';

addMessages({
  id: {
    'evm.title': 'Kinerja saya', 'evm.skp': 'SKP {year}', 'evm.noPeriod': 'Tahun kinerja {year} belum dibuka oleh BKPSDM Kota.',
    'evm.none': 'Anda belum memiliki SKP untuk tahun {year}.', 'evm.create': 'Buat SKP {year}', 'evm.created': 'Draf SKP dibuat. Isi hasil kerjanya.',
    'evm.edit': 'Ubah', 'evm.propose': 'Ajukan ke penilai', 'evm.proposed': 'SKP diajukan ke pejabat penilai.', 'evm.proposedWait': 'Menunggu persetujuan pejabat penilai.',
    'evm.revise': 'Revisi SKP', 'evm.revise.title': 'Revisi SKP yang sudah disetujui', 'evm.revise.text': 'SKP menjadi draf lagi; revisi yang disetujui tetap berlaku untuk penilaian sampai perubahan disetujui.',
    'evm.revise.yes': 'Ya, revisi', 'evm.revised': 'SKP dibuka sebagai draf untuk direvisi.',
    'evm.behaviours': 'Perilaku kerja', 'evm.real': 'Realisasi dan bukti dukung', 'evm.thread': 'Umpan balik', 'evm.ratings': 'Penilaian periodik',
    'evm.annual': 'Penilaian tahunan', 'evm.others': 'SKP lain tahun {year}', 'evm.open': 'Buka',
    'evm.ack': 'Terima penilaian', 'evm.acked': 'Penilaian tahunan diterima.', 'evm.object': 'Ajukan keberatan', 'evm.object.title': 'Keberatan atas penilaian tahunan',
    'evm.object.reason': 'Alasan keberatan', 'evm.object.hint': '10 sampai 4000 karakter. Keberatan diputuskan oleh atasan pejabat penilai (PP 30/2019 pasal 59).',
    'evm.object.deadline': 'Batas waktu: {d}.', 'evm.object.send': 'Kirim keberatan', 'evm.objected': 'Keberatan terkirim.',
    'evm.jump': 'Bagian halaman',
  },
  en: {
    'evm.title': 'My performance', 'evm.skp': 'SKP {year}', 'evm.noPeriod': 'The performance year {year} is not open yet (city HR opens it).',
    'evm.none': 'You have no SKP for {year} yet.', 'evm.create': 'Create the {year} SKP', 'evm.created': 'Draft SKP created. Fill in its work results.',
    'evm.edit': 'Edit', 'evm.propose': 'Propose to the appraiser', 'evm.proposed': 'SKP proposed to the appraiser.', 'evm.proposedWait': 'Waiting for the appraiser\'s approval.',
    'evm.revise': 'Revise the SKP', 'evm.revise.title': 'Revise an approved SKP', 'evm.revise.text': 'The SKP becomes a draft again; the approved revision stays in force for ratings until the change is approved.',
    'evm.revise.yes': 'Yes, revise', 'evm.revised': 'The SKP is a draft again for the revision.',
    'evm.behaviours': 'Work behaviour', 'evm.real': 'Realisation and evidence', 'evm.thread': 'Feedback', 'evm.ratings': 'Periodic ratings',
    'evm.annual': 'Annual rating', 'evm.others': 'Other SKPs of {year}', 'evm.open': 'Open',
    'evm.ack': 'Acknowledge the rating', 'evm.acked': 'Annual rating acknowledged.', 'evm.object': 'File an objection', 'evm.object.title': 'Objection to the annual rating',
    'evm.object.reason': 'Reasons', 'evm.object.hint': '10 to 4000 characters. The appraiser\'s own supervisor decides (PP 30/2019 art. 59).',
    'evm.object.deadline': 'Deadline: {d}.', 'evm.object.send': 'Send the objection', 'evm.objected': 'Objection sent.',
    'evm.jump': 'Page sections',
  },
});

const EDITABLE = new Set(['SKP_STATE_DRAFT', 'SKP_STATE_RETURNED']);

/** pick is the SKP to show: the one asked for, else the open one, else the latest. */
function pick(list, wanted) {
  if (wanted) return list.find((s) => s.name === wanted) || null;
  return list.find((s) => s.state !== 'SKP_STATE_CLOSED') || list[list.length - 1] || null;
}

function CreateSkp({ year, onDone }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = async () => {
    setBusy(true); setError(null);
    try {
      const skp = await post('/v1/skps', { year });
      toast(t('evm.created'), 'ok');
      onDone(skp);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<div class="ev-stack"><p>${t('evm.none', { year })}</p>
    <${EvError} error=${error} test="skp-create-error" />
    <div class="actions"><${Button} busy=${busy} onClick=${go} data-test="skp-create">${t('evm.create', { year })}</${Button}></div></div>`;
}

/** SkpActions: the holder's workflow buttons for the SKP's state. */
function SkpActions({ skp, onEdit, onChanged }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const [confirm, setConfirm] = useState(false);
  const call = async (what, msg) => {
    setBusy(what); setError(null);
    try {
      const out = await post(`/v1/${skp.name}:${what}`, { etag: skp.etag });
      toast(t(msg), 'ok');
      setConfirm(false);
      onChanged(out);
    } catch (x) { setError(x); } finally { setBusy(''); }
  };
  return html`<div class="ev-stack">
    ${skp.state === 'SKP_STATE_PROPOSED' ? html`<p class="muted" data-test="skp-waiting">${t('evm.proposedWait')}</p>` : null}
    <div class="actions">
      ${EDITABLE.has(skp.state) ? html`<${Button} kind="secondary" onClick=${onEdit} data-test="skp-edit">${t('evm.edit')}</${Button}>
        <${Button} busy=${busy === 'propose'} onClick=${() => call('propose', 'evm.proposed')} data-test="skp-propose">${t('evm.propose')}</${Button}>` : null}
      ${skp.state === 'SKP_STATE_APPROVED' ? html`<${Button} kind="secondary" onClick=${() => setConfirm(true)} data-test="skp-revise">${t('evm.revise')}</${Button}>` : null}
    </div>
    <${EvError} error=${error} test="skp-action-error" />
    <${Dialog} title=${t('evm.revise.title')} open=${confirm} onClose=${() => setConfirm(false)}>
      <div class="ev-stack"><p>${t('evm.revise.text')}</p>
        <${EvError} error=${error} />
        <div class="actions"><${Button} busy=${busy === 'revise'} onClick=${() => call('revise', 'evm.revised')} data-test="skp-revise-confirm">${t('evm.revise.yes')}</${Button}>
          <${Button} kind="ghost" onClick=${() => setConfirm(false)}>${t('common.cancel')}</${Button}></div></div>
    </${Dialog}>
  </div>`;
}

function ObjectDialog({ a, open, onClose, onDone }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      onDone(await post(`/v1/${a.name}:object`, { reason: reason.trim() }));
      toast(t('evm.objected'), 'ok');
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Dialog} title=${t('evm.object.title')} open=${open} onClose=${onClose}>
    <form onSubmit=${send} novalidate data-test="objection-form">
      ${a.objectionDeadline ? html`<p>${t('evm.object.deadline', { d: fmtDate(a.objectionDeadline) })}</p>` : null}
      <${TextArea} label=${t('evm.object.reason')} name="reason" value=${reason} onValue=${setReason} required maxlength="4000" hint=${t('evm.object.hint')}
        error=${fieldErr(error, 'reason')} data-test="objection-reason" />
      <${EvError} error=${error} fields=${['reason']} test="objection-error" />
      <div class="actions"><${Button} type="submit" busy=${busy} data-test="objection-send">${t('evm.object.send')}</${Button}>
        <${Button} kind="ghost" onClick=${onClose}>${t('common.cancel')}</${Button}></div>
    </form>
  </${Dialog}>`;
}

/** Annual is the annual rating card: the rating and its history, and the holder's answer. */
function Annual({ skp, mine }) {
  const state = useAnnual(skp);
  const [objecting, setObjecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ack = async (a) => {
    setBusy(true); setError(null);
    try { state.set(await post(`/v1/${a.name}:acknowledge`, {})); toast(t('evm.acked'), 'ok'); } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Async} state=${state}>${(a) => (!a ? html`<${None}>${t('evs.annual.none')}</${None}>` : html`<div class="ev-stack">
    <${AnnualView} a=${a} />
    ${mine && a.state === 'ANNUAL_RATING_STATE_FINALISED' && (!a.objectionDeadline || today() <= a.objectionDeadline) ? html`<div class="actions">
      <${Button} busy=${busy} onClick=${() => ack(a)} data-test="annual-ack">${t('evm.ack')}</${Button}>
      <${Button} kind="secondary" onClick=${() => setObjecting(true)} data-test="annual-object">${t('evm.object')}</${Button}></div>` : null}
    <${EvError} error=${error} test="annual-error" />
    <${ObjectDialog} a=${a} open=${objecting} onClose=${() => setObjecting(false)} onDone=${(x) => { setObjecting(false); state.set(x); }} />
  </div>`)}</${Async}>`;
}

/** MySkp is one SKP of mine with everything about it. */
function MySkp({ skp, periods, onChanged, mine }) {
  const [editing, setEditing] = useState(false);
  const parents = useParents(skp);
  const map = parents.data?.map || {};
  const inForce = skp.state === 'SKP_STATE_APPROVED' || skp.revision > 0;
  return html`<div class="ev-stack" data-test="my-skp" data-name=${skp.name} data-state=${skp.state}>
    <nav class="ev-jump" aria-label=${t('evm.jump')}><a href="#ev-skp">SKP</a><a href="#ev-real">${t('evm.real')}</a><a href="#ev-thread">${t('evm.thread')}</a>
      <a href="#ev-ratings">${t('evm.ratings')}</a><a href="#ev-annual">${t('evm.annual')}</a></nav>
    <${Card} id="ev-skp" title=${t('evm.skp', { year: skp.year })} actions=${html`<${SkpBadge} s=${skp.state} />`}>
      <${SkpHead} skp=${skp} />
      ${editing
        ? html`<${SkpEditor} skp=${skp} parents=${parents.data} onSaved=${(s) => { setEditing(false); onChanged(s); }} onCancel=${() => setEditing(false)} />`
        : html`<h3 class="h3">${t('evs.results')}</h3><${SkpResults} skp=${skp} parents=${map} />
          ${mine ? html`<${SkpActions} skp=${skp} onEdit=${() => setEditing(true)} onChanged=${onChanged} />` : null}`}
    </${Card}>
    <${Card} title=${t('evm.behaviours')}><${Behaviours} skp=${skp} /></${Card}>
    ${inForce && periods.length ? html`<${Card} id="ev-real" title=${t('evm.real')}>
      <${Realisations} skp=${skp} periods=${periods} parents=${map} canEdit=${mine && skp.state === 'SKP_STATE_APPROVED'} /></${Card}>` : html`<span id="ev-real"></span>`}
    <${Card} id="ev-thread" title=${t('evm.thread')}><${Thread} skp=${skp} canReply=${mine} /></${Card}>
    <${Card} id="ev-ratings" title=${t('evm.ratings')}><${PeriodRatings} skp=${skp} /></${Card}>
    <${Card} id="ev-annual" title=${t('evm.annual')}><${Annual} skp=${skp} mine=${mine} /></${Card}>
  </div>`;
}

export default function Evaluation({ session, query }) {
  useLang();
  const [year, setYear] = useState(thisYear());
  const [version, setVersion] = useState(0);
  const wanted = skpName(query.get('skp'));
  const period = useAsync(() => get('/v1/periods').then((d) => (d.periods || []).find((p) => p.year === year) || null), [year]);
  const mine = useAsync(() => get('/v1/skps', { employee: session.subject, year, pageSize: 50 }).then((d) => d.skps || []), [session.subject, year, version]);
  const changed = (s) => { setVersion((v) => v + 1); if (s?.name && wanted && s.name !== wanted) navigate(`/kinerja?skp=${idOf(s.name)}`); };
  return html`<${Page} title=${t('evm.title')} actions=${html`<${YearSwitch} year=${year} setYear=${(y) => { setYear(y); if (wanted) navigate('/kinerja'); }} />`}>
    <${Async} state=${period}>${(p) => (!p ? html`<${Card}><p data-test="period-missing">${t('evm.noPeriod', { year })}</p></${Card}>` : html`
      <${Async} state=${mine}>${(list) => {
        const skp = pick(list, wanted);
        const others = list.filter((s) => s !== skp);
        return html`<div class="ev-stack">
          ${skp ? html`<${MySkp} key=${skp.name} skp=${skp} periods=${p.periods || []} mine=${skp.employee === session.subject} onChanged=${changed} />`
            : html`<${Card} title=${t('evm.skp', { year })}><${CreateSkp} year=${year} onDone=${changed} /></${Card}>`}
          ${others.length ? html`<${Card} title=${t('evm.others', { year })}><ul class="ev-others">${others.map((s) => html`<li>
            <a href=${`/kinerja?skp=${idOf(s.name)}`} onClick=${(e) => { e.preventDefault(); navigate(`/kinerja?skp=${idOf(s.name)}`); }}>${span(s.startDate, s.endDate)}</a>
            <${SkpBadge} s=${s.state} /> <span class="muted">${s.appraiserName || ''}</span></li>`)}</ul></${Card}>` : null}
        </div>`;
      }}</${Async}>`)}</${Async}>
    <${PeerForms} />
  </${Page}>`;
}

