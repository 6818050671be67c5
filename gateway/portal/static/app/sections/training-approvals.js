// training-approvals.js: the training requests in the approvals inbox (/persetujuan, shown by
// approvals.js under the leave requests). An employee's own request for a seat waits for their
// supervisor (GET /v1/enrolments?awaitingMe=true; agency and city HR may decide too): each shows
// the employee, the programme, the session's dates and JP, and is approved (a seat when one is
// free, the waitlist otherwise — said in words) or rejected with a reason the employee reads.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber } from '../i18n.js';
import { getAll, post } from '../api.js';
import { Card, useAsync, Async, Button, Dialog, TextArea, Empty, toast, fieldError } from '../ui.js';
import { EnrolmentBadge, TrError, label, num, sessionWhen, idOf } from './_shared/training-common.js';

addMessages({
  id: {
    'tra.title': 'Permohonan pelatihan menunggu keputusan Anda', 'tra.none': 'Tidak ada permohonan pelatihan yang menunggu keputusan Anda.',
    'tra.programme': 'Pelatihan', 'tra.when': 'Waktu', 'tra.jp': 'JP', 'tra.seats': 'Kursi', 'tra.origin': 'Asal',
    'tra.approve': 'Setujui', 'tra.reject': 'Tolak', 'tra.confirmApprove': 'Setujui permohonan pelatihan ini?', 'tra.confirmReject': 'Tolak permohonan pelatihan ini?',
    'tra.summary': '{name} meminta ikut {title} ({when}).', 'tra.reason': 'Alasan penolakan', 'tra.reasonHint': 'Alasan ini dikirim kepada pegawai.',
    'tra.required': 'Wajib diisi.', 'tra.done.ENROLMENT_STATE_ENROLLED': 'Disetujui: {name} mendapat kursi.',
    'tra.done.ENROLMENT_STATE_WAITLISTED': 'Disetujui: sesi penuh, {name} di daftar tunggu ke-{n}.', 'tra.done.ENROLMENT_STATE_REJECTED': 'Permohonan {name} ditolak.',
  },
  en: {
    'tra.title': 'Training requests waiting for your decision', 'tra.none': 'No training requests are waiting for your decision.',
    'tra.programme': 'Training', 'tra.when': 'When', 'tra.jp': 'JP', 'tra.seats': 'Seats', 'tra.origin': 'Origin',
    'tra.approve': 'Approve', 'tra.reject': 'Reject', 'tra.confirmApprove': 'Approve this training request?', 'tra.confirmReject': 'Reject this training request?',
    'tra.summary': '{name} asks to attend {title} ({when}).', 'tra.reason': 'Reason for rejecting', 'tra.reasonHint': 'The employee is sent this reason.',
    'tra.required': 'Required.', 'tra.done.ENROLMENT_STATE_ENROLLED': 'Approved: {name} has a seat.',
    'tra.done.ENROLMENT_STATE_WAITLISTED': 'Approved: the session is full, {name} is number {n} on the waitlist.', 'tra.done.ENROLMENT_STATE_REJECTED': '{name}\'s request is rejected.',
  },
});

const who = (e) => e.employeeName || e.employee;

function Decide({ e, action, onDone, onCancel }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState(null);
  const submit = async (ev) => {
    ev.preventDefault();
    if (action === 'reject' && !reason.trim()) { setLocal(t('tra.required')); return; }
    setLocal(null); setBusy(true); setError(null);
    try {
      const out = await post(`/v1/${e.name}:${action}`, { reason: action === 'reject' ? reason.trim() : undefined, etag: e.etag || undefined });
      const key = 'tra.done.' + out.state;
      toast(t(key, { name: who(e), n: fmtNumber(num(out.waitlistPosition)) }) === key ? label('enrol', out.state) : t(key, { name: who(e), n: fmtNumber(num(out.waitlistPosition)) }), 'ok');
      onDone(out);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} novalidate>
    <p>${t('tra.summary', { name: who(e), title: e.programmeTitle || idOf(e.session), when: sessionWhen(e) })}</p>
    ${action === 'reject' ? html`<${TextArea} label=${t('tra.reason')} name="reason" value=${reason} onValue=${setReason} required maxlength="1000"
      hint=${t('tra.reasonHint')} error=${local || fieldError(error, 'reason')} data-test="training-reject-reason" />` : null}
    <${TrError} error=${error} fields=${['reason']} />
    <div class="actions">
      <${Button} type="submit" kind=${action === 'reject' ? 'danger' : 'primary'} busy=${busy} data-test="training-decision-confirm">${t('tra.' + action)}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

/** TrainingRequests is the inbox's list of training requests awaiting the signed-in person. */
export function TrainingRequests({ canDecide }) {
  useLang();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(null); // { e, action }
  const waiting = useAsync(() => getAll('/v1/enrolments', { awaitingMe: true, pageSize: 500 }, 'enrolments', 2000), [version]);
  const done = () => { setOpen(null); setVersion((v) => v + 1); };
  return html`<${Card} title=${`${t('tra.title')}${waiting.data ? ` (${waiting.data.length})` : ''}`}>
    <div data-test="training-requests"><${Async} state=${waiting}>${(rows) => (rows.length ? html`<div class="sv-items">${rows.map((e) => html`
      <article class="sv-item" key=${e.name} data-test="training-request" data-name=${e.name} aria-labelledby=${'tra-' + idOf(e.name)}>
        <header class="sv-item-head"><h3 id=${'tra-' + idOf(e.name)}>${who(e)}</h3><span class="muted">NIP ${e.employee}</span><${EnrolmentBadge} e=${e} /></header>
        <dl class="sv-dl">
          <div class="sv-wide"><dt>${t('tra.programme')}</dt><dd>${e.programmeTitle || idOf(e.session)}</dd></div>
          <div class="sv-wide"><dt>${t('tra.when')}</dt><dd>${sessionWhen(e)}</dd></div>
        </dl>
        ${canDecide ? html`<div class="actions">
          <${Button} data-test="training-approve" onClick=${() => setOpen({ e, action: 'approve' })}>${t('tra.approve')}</${Button}>
          <${Button} kind="danger" data-test="training-reject" onClick=${() => setOpen({ e, action: 'reject' })}>${t('tra.reject')}</${Button}>
        </div>` : null}
      </article>`)}</div>` : html`<${Empty}>${t('tra.none')}</${Empty}>`)}</${Async}></div>
    <${Dialog} title=${open ? t(open.action === 'approve' ? 'tra.confirmApprove' : 'tra.confirmReject') : ''} open=${!!open} onClose=${() => setOpen(null)}>
      ${open ? html`<${Decide} key=${open.e.name + open.action} e=${open.e} action=${open.action} onDone=${done} onCancel=${() => setOpen(null)} />` : null}
    </${Dialog}>
  </${Card}>`;
}
