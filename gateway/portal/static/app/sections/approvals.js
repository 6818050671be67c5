// approvals.js: the approvals inbox (/persetujuan). A supervisor decides their subordinates'
// leave (GET /v1/leaveRequests?awaitingMe=true); agency HR gives the second approval of the long
// types; city HR records the PPK's decision on a top official's leave (no direct supervisor)
// with the decree's number. Each request shows the employee, the type, the dates and days
// counted, the reason, attachments, the employee's annual balance and the decisions so far.
// Approve, reject (with a reason) and defer (to new dates, annual and long leave) each ask for
// confirmation; the API's errors appear next to the field they name. The training requests
// waiting for the same person follow the leave (training-approvals.js).
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, todayIn } from '../i18n.js';
import { get, getAll, post, addErrorTranslations } from '../api.js';
import { Page, Card, useAsync, Async, Button, Badge, Dialog, Input, TextArea, FormError, fieldError, Empty, Table, toast } from '../ui.js';
import { hasRole, readOnly } from '../session.js';
import { useEmployees, displayName, leaveLabel, leaveKey, LeaveStateBadge } from './_shared/sv-common.js';
import { TrainingRequests } from './training-approvals.js';

addMessages({
  id: {
    'approvals.title': 'Persetujuan', 'approvals.waiting': 'Cuti menunggu keputusan Anda', 'approvals.none': 'Tidak ada permohonan yang menunggu keputusan Anda.',
    'approvals.top': 'Pejabat tanpa atasan langsung (keputusan PPK)', 'approvals.topHint': 'Cuti pejabat tertinggi diputuskan PPK (Wali Kota) atau pejabat yang didelegasikan; BKPSDM mencatat keputusan itu dengan nomor SK.',
    'approvals.recent': 'Keputusan terakhir Anda', 'approvals.recentNone': 'Belum ada keputusan.',
    'approvals.type': 'Jenis', 'approvals.dates': 'Tanggal', 'approvals.days': 'Lama', 'approvals.reason': 'Alasan pegawai',
    'approvals.attachments': 'Lampiran', 'approvals.noAttachments': 'Tidak ada lampiran', 'approvals.balance': 'Sisa cuti tahunan {year}',
    'approvals.balanceValue': '{available} hari (hak {granted}, sisa tahun lalu {carried}, diambil {taken})', 'approvals.balanceNone': 'tidak dapat dibaca', 'approvals.balanceAfter': 'Sisa {n} hari bila disetujui',
    'approvals.history': 'Riwayat keputusan', 'approvals.second': 'Perlu persetujuan kedua Kepegawaian Instansi',
    'approvals.working_days': '{n} hari kerja', 'approvals.calendar_days': '{n} hari kalender', 'approvals.submitted': 'Diajukan {date}',
    'approvals.approve': 'Setujui', 'approvals.reject': 'Tolak', 'approvals.defer': 'Tangguhkan',
    'approvals.confirmApprove': 'Setujui cuti ini?', 'approvals.confirmReject': 'Tolak cuti ini?', 'approvals.confirmDefer': 'Tangguhkan cuti ini ke tanggal lain?',
    'approvals.summary': '{type} untuk {name}, {dates} ({days}).',
    'approvals.rejectReason': 'Alasan penolakan', 'approvals.rejectHint': 'Alasan ini dikirim kepada pegawai.',
    'approvals.deferStart': 'Tanggal mulai baru', 'approvals.deferEnd': 'Tanggal selesai baru', 'approvals.deferReason': 'Alasan penangguhan (kepentingan dinas)',
    'approvals.decree': 'Nomor SK PPK', 'approvals.decreeHint': 'Mis. 800.1.6.2/1234/BKPSDM/2026',
    'approvals.done.approve': 'Cuti disetujui.', 'approvals.done.reject': 'Cuti ditolak.', 'approvals.done.defer': 'Cuti ditangguhkan.',
    'approvals.required': 'Wajib diisi.', 'approvals.decided': 'Diputuskan', 'approvals.employee': 'Pegawai', 'approvals.state': 'Status',
    'approvals.action.submitted': 'diajukan', 'approvals.action.noticed': 'diberitahukan', 'approvals.action.approved': 'disetujui',
    'approvals.action.second_approved': 'disetujui (kedua)', 'approvals.action.rejected': 'ditolak', 'approvals.action.deferred': 'ditangguhkan',
    'approvals.action.cancelled': 'dibatalkan', 'approvals.action.recounted': 'dihitung ulang', 'approvals.action.imported': 'diimpor',
    'approvals.by': 'oleh {name}', 'approvals.sk': 'SK {n}', 'approvals.readonly': 'Anda hanya dapat melihat.',
    'approvals.doc.doctors_note': 'Surat keterangan dokter', 'approvals.doc.government_doctor_certificate': 'Surat keterangan dokter pemerintah',
    'approvals.doc.medical_certificate': 'Surat keterangan medis', 'approvals.doc.supporting_document': 'Dokumen pendukung', 'approvals.doc.bkn_approval': 'Persetujuan BKN',
  },
  en: {
    'approvals.title': 'Approvals', 'approvals.waiting': 'Leave waiting for your decision', 'approvals.none': 'No requests are waiting for your decision.',
    'approvals.top': 'Officials without a direct supervisor (PPK decision)', 'approvals.topHint': 'A top official\'s leave is decided by the PPK (the mayor) or a delegated official; city HR records that decision with the decree number.',
    'approvals.recent': 'Your recent decisions', 'approvals.recentNone': 'No decisions yet.',
    'approvals.type': 'Type', 'approvals.dates': 'Dates', 'approvals.days': 'Length', 'approvals.reason': 'Employee\'s reason',
    'approvals.attachments': 'Attachments', 'approvals.noAttachments': 'No attachments', 'approvals.balance': 'Annual leave left in {year}',
    'approvals.balanceValue': '{available} days (granted {granted}, carried over {carried}, taken {taken})', 'approvals.balanceNone': 'could not be read', 'approvals.balanceAfter': '{n} days left if approved',
    'approvals.history': 'Decisions so far', 'approvals.second': 'Needs agency HR\'s second approval',
    'approvals.working_days': '{n} working days', 'approvals.calendar_days': '{n} calendar days', 'approvals.submitted': 'Submitted {date}',
    'approvals.approve': 'Approve', 'approvals.reject': 'Reject', 'approvals.defer': 'Defer',
    'approvals.confirmApprove': 'Approve this leave?', 'approvals.confirmReject': 'Reject this leave?', 'approvals.confirmDefer': 'Defer this leave to other dates?',
    'approvals.summary': '{type} for {name}, {dates} ({days}).',
    'approvals.rejectReason': 'Reason for rejecting', 'approvals.rejectHint': 'The employee is sent this reason.',
    'approvals.deferStart': 'New first day', 'approvals.deferEnd': 'New last day', 'approvals.deferReason': 'Reason for deferring (needs of the service)',
    'approvals.decree': 'PPK decree number', 'approvals.decreeHint': 'E.g. 800.1.6.2/1234/BKPSDM/2026',
    'approvals.done.approve': 'Leave approved.', 'approvals.done.reject': 'Leave rejected.', 'approvals.done.defer': 'Leave deferred.',
    'approvals.required': 'Required.', 'approvals.decided': 'Decided', 'approvals.employee': 'Employee', 'approvals.state': 'State',
    'approvals.action.submitted': 'submitted', 'approvals.action.noticed': 'notified', 'approvals.action.approved': 'approved',
    'approvals.action.second_approved': 'approved (second)', 'approvals.action.rejected': 'rejected', 'approvals.action.deferred': 'deferred',
    'approvals.action.cancelled': 'cancelled', 'approvals.action.recounted': 'recounted', 'approvals.action.imported': 'imported',
    'approvals.by': 'by {name}', 'approvals.sk': 'decree {n}', 'approvals.readonly': 'You can only view.',
    'approvals.doc.doctors_note': 'Doctor\'s note', 'approvals.doc.government_doctor_certificate': 'Government doctor\'s certificate',
    'approvals.doc.medical_certificate': 'Medical certificate', 'approvals.doc.supporting_document': 'Supporting document', 'approvals.doc.bkn_approval': 'BKN approval',
  },
});

// The API's texts for the fields these decisions can get wrong, in Indonesian.
addErrorTranslations([
  { re: /^is required: tell the employee why the leave is rejected$/, id: 'wajib diisi: sampaikan kepada pegawai mengapa cutinya ditolak' },
  { re: /^is required: a deferral sets new dates$/, id: 'wajib diisi: penangguhan menetapkan tanggal baru' },
  { re: /^(\S+) is not after the asked start (\S+); a deferral postpones the leave$/, id: '$1 tidak sesudah tanggal mulai yang diminta ($2); penangguhan memundurkan cuti' },
  { re: /^(\S+) is more than a year after the asked start (\S+); leave may be deferred for at most 1 year$/, id: '$1 lebih dari setahun sesudah tanggal mulai yang diminta ($2); cuti dapat ditangguhkan paling lama 1 tahun' },
  { re: /^(\S+) is before start_date (\S+)$/, id: '$1 sebelum tanggal mulai $2' },
  { re: /^is required: leave is deferred for the needs of the service; say which$/, id: 'wajib diisi: cuti ditangguhkan karena kepentingan dinas; sebutkan kepentingannya' },
  { re: /^is required: employee (\d+) has no direct supervisor/, id: 'wajib diisi: pegawai $1 tidak memiliki atasan langsung (pejabat tertinggi), jadi BKPSDM mencatat keputusan PPK dengan nomor SK' },
  { re: /^"(.*)" has (\d+) characters; a decree number/, id: '"$1" terdiri atas $2 karakter; nomor SK terdiri atas 3 sampai 100 karakter' },
  { re: /^has .*; a decree number \(nomor SK\) is written with/, id: 'nomor SK hanya memuat huruf A–Z, angka, spasi dan . / - _ ( ) : ,' },
  { re: /^"(.*)" has no digit; give the decree's number/, id: '"$1" tidak memuat angka; isi nomor SK, mis. 800.1.6.2/1234/BKPSDM/2026' },
  { re: /^is only for recording the PPK's decision/, id: 'hanya untuk mencatat keputusan PPK atas cuti pejabat tanpa atasan langsung; kosongkan' },
  { re: /^(\S+) overlaps leave request /, id: '$1 bertumpang tindih dengan permohonan cuti lain pegawai ini' },
  { re: /^leave request \S+ is \w+; only a submitted, deferred or awaiting_second_approval request can be \w+$/, id: 'Permohonan ini sudah diputuskan. Muat ulang daftar.' },
  { re: /^leave request \S+ is deferred already/, id: 'Permohonan ini sudah pernah ditangguhkan; setujui atau tolak.' },
  { re: /^leave request \S+ is .*; only annual and long leave can be deferred/, id: 'Hanya cuti tahunan dan cuti besar yang dapat ditangguhkan; setujui atau tolak.' },
  { re: /^leave request \S+ is \w+; only a submitted request can be deferred$/, id: 'Hanya permohonan yang baru diajukan yang dapat ditangguhkan.' },
  { re: /^employee (\d+) has no direct supervisor in the directory/, id: 'Pegawai $1 belum memiliki atasan langsung di data kepegawaian.' },
]);

const DEFERRABLE = new Set(['annual', 'long']);
const DECIDED = new Set(['approved', 'second_approved', 'rejected', 'deferred']);

/** dateRange: "3 Des 2026" or "3 Des 2026 – 7 Des 2026". */
const dateRange = (a, b) => (a === b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);
const daysText = (r) => t(r.counting === 'calendar_days' ? 'approvals.calendar_days' : 'approvals.working_days', { n: r.days ?? 0 });

/** Balance shows the employee's annual leave left in the year the request starts. */
function Balance({ nip, year, spend }) {
  const b = useAsync(() => get(`/v1/employees/${nip}/leaveBalances/${year}`), [nip, year]);
  let v;
  if (b.loading) v = t('common.loading');
  else if (b.error) v = t('approvals.balanceNone');
  else v = t('approvals.balanceValue', { available: b.data.available ?? 0, granted: b.data.granted ?? 0, carried: b.data.carriedOver ?? 0, taken: b.data.taken ?? 0 });
  const after = spend && b.data ? (b.data.available ?? 0) - spend : null;
  return html`<div><dt>${t('approvals.balance', { year })}</dt><dd>${v}${after !== null ? html`<br /><strong>${t('approvals.balanceAfter', { n: after })}</strong>` : null}</dd></div>`;
}

/** Attachment links a document the API serves (documents/{id}, a URL) and names the rest. */
function Attachment({ a }) {
  const ref = a.reference || '';
  const href = ref.startsWith('documents/') ? `/v1/${ref}` : /^https?:\/\//.test(ref) ? ref : null;
  const key = 'approvals.doc.' + a.kind;
  const kind = !a.kind ? '' : t(key) === key ? a.kind.replace(/_/g, ' ') : t(key);
  return html`<li>${href ? html`<a href=${href} target="_blank" rel="noopener">${kind || ref}</a>` : html`${kind}${kind && ref ? ': ' : ''}${ref}`}</li>`;
}

/** History lists the decisions so far, oldest first. */
function History({ decisions, names }) {
  if (!decisions?.length) return null;
  return html`<details class="sv-history"><summary>${t('approvals.history')} (${decisions.length})</summary><ol>
    ${decisions.map((d) => html`<li><span class="muted">${fmtDate(d.date, { style: 'short' })}</span> · <strong>${t('approvals.action.' + d.action)}</strong>
      ${d.actor ? html` ${t('approvals.by', { name: displayName(names, d.actor) })}` : null}${d.role ? html` <${Badge}>${t('role.' + d.role)}</${Badge}>` : null}
      ${d.decreeNumber ? html` · ${t('approvals.sk', { n: d.decreeNumber })}` : null}${d.reason ? html` — ${d.reason}` : null}</li>`)}
  </ol></details>`;
}

/** Item is one request waiting for a decision, with its actions. */
function Item({ r, names, onDecide, canDecide }) {
  const nip = r.employee;
  const year = (r.startDate || '').slice(0, 4);
  const type = leaveKey(r.type);
  return html`<article class="sv-item" data-test="approval-item" data-name=${r.name} aria-labelledby=${'h-' + r.name.replace(/\W/g, '')}>
    <header class="sv-item-head">
      <h3 id=${'h-' + r.name.replace(/\W/g, '')}>${displayName(names, nip)}</h3>
      <span class="muted">NIP ${nip}</span>
      <${LeaveStateBadge} state=${r.state} />
    </header>
    <dl class="sv-dl">
      <div><dt>${t('approvals.type')}</dt><dd>${leaveLabel(r.type)}</dd></div>
      <div><dt>${t('approvals.dates')}</dt><dd>${dateRange(r.startDate, r.endDate)}</dd></div>
      <div><dt>${t('approvals.days')}</dt><dd>${daysText(r)}</dd></div>
      ${year ? html`<${Balance} nip=${nip} year=${year} spend=${type === 'annual' ? r.days : 0} />` : null}
      ${r.reason ? html`<div class="sv-wide"><dt>${t('approvals.reason')}</dt><dd>${r.reason}</dd></div>` : null}
      <div class="sv-wide"><dt>${t('approvals.attachments')}</dt><dd>${r.attachments?.length ? html`<ul class="sv-plain">${r.attachments.map((a) => html`<${Attachment} a=${a} />`)}</ul>` : t('approvals.noAttachments')}</dd></div>
    </dl>
    ${r.needsSecondApproval && r.state !== 'LEAVE_STATE_AWAITING_SECOND_APPROVAL' ? html`<p class="hint">${t('approvals.second')}</p>` : null}
    <${History} decisions=${r.decisions} names=${names} />
    ${canDecide ? html`<div class="actions">
      <${Button} data-test="approve" onClick=${() => onDecide(r, 'approve')}>${t('approvals.approve')}</${Button}>
      <${Button} kind="danger" data-test="reject" onClick=${() => onDecide(r, 'reject')}>${t('approvals.reject')}</${Button}>
      ${DEFERRABLE.has(type) && r.state === 'LEAVE_STATE_SUBMITTED' ? html`<${Button} kind="secondary" data-test="defer" onClick=${() => onDecide(r, 'defer')}>${t('approvals.defer')}</${Button}>` : null}
    </div>` : null}
  </article>`;
}

/** Decide is the confirmation dialog's form for one decision. */
function Decide({ r, action, names, onDone, onCancel }) {
  const topOfficial = !r.supervisor && hasRole('city-hr');
  const [reason, setReason] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [decree, setDecree] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState({});
  const askDecree = topOfficial || !!fieldError(error, 'decree_number');
  const submit = async (e) => {
    e.preventDefault();
    const miss = {};
    if (action === 'reject' && !reason.trim()) miss.reason = t('approvals.required');
    if (action === 'defer') {
      if (!start) miss.start = t('approvals.required');
      if (!end) miss.end = t('approvals.required');
      if (!reason.trim()) miss.reason = t('approvals.required');
    }
    setLocal(miss);
    if (Object.keys(miss).length) return;
    const body = {};
    if (action !== 'approve') body.reason = reason.trim();
    if (action === 'defer') { body.startDate = start; body.endDate = end; }
    if (askDecree && decree.trim()) body.decreeNumber = decree.trim();
    setBusy(true); setError(null);
    try {
      const out = await post(`/v1/${r.name}:${action}`, body);
      toast(t('approvals.done.' + action), 'ok');
      onDone(out);
    } catch (err) {
      setError(err);
    } finally { setBusy(false); }
  };
  const today = todayIn();
  return html`<form onSubmit=${submit} novalidate>
    <p>${t('approvals.summary', { type: leaveLabel(r.type), name: displayName(names, r.employee), dates: dateRange(r.startDate, r.endDate), days: daysText(r) })}</p>
    ${action === 'defer' ? html`<div class="form-row">
      <${Input} type="date" label=${t('approvals.deferStart')} name="start_date" value=${start} onValue=${setStart} min=${r.startDate > today ? r.startDate : today} required
        error=${local.start || fieldError(error, 'start_date')} />
      <${Input} type="date" label=${t('approvals.deferEnd')} name="end_date" value=${end} onValue=${setEnd} min=${start || undefined} required
        error=${local.end || fieldError(error, 'end_date')} />
    </div>` : null}
    ${action !== 'approve' ? html`<${TextArea} label=${t(action === 'reject' ? 'approvals.rejectReason' : 'approvals.deferReason')} name="reason" value=${reason} onValue=${setReason}
      required maxlength="1000" hint=${action === 'reject' ? t('approvals.rejectHint') : undefined} error=${local.reason || fieldError(error, 'reason')}
      data-test=${action === 'reject' ? 'reject-reason' : 'defer-reason'} />` : null}
    ${askDecree ? html`<${Input} label=${t('approvals.decree')} name="decree_number" value=${decree} onValue=${setDecree} required maxlength="100"
      hint=${t('approvals.decreeHint')} error=${fieldError(error, 'decree_number')} data-test="decree-number" autocomplete="off" />` : null}
    <${FormError} error=${error} fields=${['reason', 'start_date', 'end_date', 'decree_number']} />
    <div class="actions">
      <${Button} type="submit" kind=${action === 'reject' ? 'danger' : 'primary'} busy=${busy} data-test="decision-confirm">${t('approvals.' + action)}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

/** Recent lists the requests the signed-in person decided lately. */
function Recent({ subject, version, names }) {
  const state = useAsync(async () => {
    const page = await get('/v1/leaveRequests', { pageSize: 200 });
    return (page.leaveRequests || []).filter((r) => r.employee !== subject && (r.decisions || []).some((d) => d.actor === subject && DECIDED.has(d.action))).slice(0, 20);
  }, [subject, version]);
  const nips = (state.data || []).map((r) => r.employee);
  const more = useEmployees(nips);
  const all = { ...names, ...more };
  const mine = (r) => [...(r.decisions || [])].reverse().find((d) => d.actor === subject && DECIDED.has(d.action));
  return html`<${Card} title=${t('approvals.recent')}>
    <${Async} state=${state}>${(rows) => html`<${Table} rows=${rows} rowKey=${(r) => r.name} empty=${t('approvals.recentNone')} columns=${[
      { key: 'employee', label: t('approvals.employee'), render: (r) => displayName(all, r.employee) },
      { key: 'type', label: t('approvals.type'), render: (r) => leaveLabel(r.type) },
      { key: 'dates', label: t('approvals.dates'), render: (r) => dateRange(r.startDate, r.endDate) },
      { key: 'state', label: t('approvals.state'), render: (r) => html`<${LeaveStateBadge} state=${r.state} />` },
      { key: 'decided', label: t('approvals.decided'), render: (r) => { const d = mine(r); return d ? `${t('approvals.action.' + d.action)}, ${fmtDate(d.date, { style: 'short' })}` : ''; } },
    ]} />`}</${Async}>
  </${Card}>`;
}

/** Approvals is the /persetujuan screen. */
export default function Approvals({ session }) {
  useLang();
  const [version, setVersion] = useState(0);
  const cityHR = hasRole('city-hr');
  const canDecide = !readOnly() && hasRole('supervisor', 'agency-hr', 'city-hr');
  const waiting = useAsync(() => getAll('/v1/leaveRequests', { awaitingMe: true }, 'leaveRequests', 1000), [version]);
  // A top official has no direct supervisor: no one's inbox holds their request but city HR's,
  // who records the PPK's decision. The API lists submitted and deferred requests to city HR;
  // those without a supervisor are the PPK's.
  const top = useAsync(async () => {
    if (!cityHR) return [];
    const lists = await Promise.all(['LEAVE_STATE_SUBMITTED', 'LEAVE_STATE_DEFERRED'].map((s) => getAll('/v1/leaveRequests', { state: s }, 'leaveRequests', 2000)));
    return lists.flat().filter((r) => !r.supervisor);
  }, [version, cityHR]);
  const [open, setOpen] = useState(null); // { r, action }
  const list = [...(waiting.data || []), ...(top.data || [])];
  const nips = list.flatMap((r) => [r.employee, ...(r.decisions || []).map((d) => d.actor)]);
  const names = useEmployees(nips);
  const done = () => { setOpen(null); setVersion((v) => v + 1); };
  const titles = { approve: t('approvals.confirmApprove'), reject: t('approvals.confirmReject'), defer: t('approvals.confirmDefer') };
  return html`<${Page} title=${t('approvals.title')}>
    ${!canDecide ? html`<p class="alert alert-info">${t('approvals.readonly')}</p>` : null}
    <${Card} title=${`${t('approvals.waiting')}${waiting.data ? ` (${waiting.data.length})` : ''}`}>
      <${Async} state=${waiting}>${(rows) => rows.length
        ? html`<div class="sv-items">${rows.map((r) => html`<${Item} key=${r.name} r=${r} names=${names} canDecide=${canDecide} onDecide=${(x, a) => setOpen({ r: x, action: a })} />`)}</div>`
        : html`<${Empty}>${t('approvals.none')}</${Empty}>`}</${Async}>
    </${Card}>
    <${TrainingRequests} canDecide=${canDecide} />
    ${cityHR ? html`<${Card} title=${`${t('approvals.top')}${top.data ? ` (${top.data.length})` : ''}`}>
      <p class="hint">${t('approvals.topHint')}</p>
      <${Async} state=${top}>${(rows) => rows.length
        ? html`<div class="sv-items">${rows.map((r) => html`<${Item} key=${r.name} r=${r} names=${names} canDecide=${canDecide} onDecide=${(x, a) => setOpen({ r: x, action: a })} />`)}</div>`
        : html`<${Empty}>${t('approvals.none')}</${Empty}>`}</${Async}>
    </${Card}>` : null}
    <${Recent} subject=${session.subject} version=${version} names=${names} />
    <${Dialog} title=${open ? titles[open.action] : ''} open=${!!open} onClose=${() => setOpen(null)}>
      ${open ? html`<${Decide} key=${open.r.name + open.action} r=${open.r} action=${open.action} names=${names} onDone=${done} onCancel=${() => setOpen(null)} />` : null}
    </${Dialog}>
  </${Page}>`;
}
