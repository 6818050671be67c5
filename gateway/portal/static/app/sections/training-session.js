// training-session.js: one training session for HR (/sesi-pelatihan/{id}). The session's
// programme, dates in its own zone, place, trainers, seats, capacity and waitlist; before the
// start: nominating employees (planning's employee search; a nomination takes a seat or joins
// the waitlist at once), changing the capacity (raising it moves the waitlist up) and
// cancelling; the enrolments in arrival order, where a request waiting for approval can be
// approved or rejected. Once the session has begun: attendance per day (a checklist of the seat
// holders for each day held so far; recording a day again replaces it) with each one's tally,
// and completion — an outcome (passed, failed, did not finish) and score per seat holder; a pass
// credits the programme's JP and, where the programme certifies, issues the signed certificate
// whose number is shown. When every seat holder has an outcome the session is closed. After it
// ends, the attendees' feedback without names (figures only from three responses on).
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, todayIn, DEFAULT_TZ } from '../i18n.js';
import { get, getAll, post, patch } from '../api.js';
import { Page, Card, useAsync, Async, Input, Select, TextArea, Button, Badge, Stat, Dialog, Empty, ErrorBox, toast, fieldError } from '../ui.js';
import { Link } from '../router.js';
import { hasRole, readOnly } from '../session.js';
import { EmployeePicker } from './_shared/ch-common.js';
import {
  TrTable as Table, SessionBadge, EnrolmentBadge, TrError, errText, label, options, num, sessionWhen, sessionDates, started, ended, idOf, validId, verifyHref, newKey,
  SEAT_STATES, OPEN_STATES,
} from './_shared/training-common.js';

addMessages({
  id: {
    'trn.title': 'Sesi pelatihan', 'trn.back': 'Semua sesi', 'trn.notFound': 'Sesi ini tidak ditemukan. Pilih sesi dari daftar.',
    'trn.when': 'Waktu', 'trn.place': 'Tempat', 'trn.online': 'Kelas daring', 'trn.trainers': 'Pengajar', 'trn.provider': 'Penyedia', 'trn.owner': 'Penyelenggara',
    'trn.capacity': 'Kapasitas', 'trn.seated': 'Kursi terisi', 'trn.waitlisted': 'Daftar tunggu', 'trn.jp': 'JP bila lulus',
    'trn.manage': 'Kelola sebelum sesi dimulai', 'trn.nominate': 'Nominasikan pegawai', 'trn.nominate.submit': 'Nominasikan',
    'trn.nominated.ENROLMENT_STATE_ENROLLED': '{name} dinominasikan dan mendapat kursi.', 'trn.nominated.ENROLMENT_STATE_WAITLISTED': '{name} dinominasikan; sesi penuh, daftar tunggu ke-{n}.',
    'trn.nominated.other': '{name}: {state}.', 'trn.capacity.save': 'Ubah kapasitas', 'trn.capacity.saved': 'Kapasitas menjadi {n} kursi.',
    'trn.cancel': 'Batalkan sesi', 'trn.cancel.title': 'Batalkan sesi ini?', 'trn.cancel.hint': 'Semua pendaftaran ditarik dan peserta diberi tahu.',
    'trn.cancelled': 'Sesi dibatalkan.', 'trn.reason': 'Alasan', 'trn.required': 'Wajib diisi.',
    'trn.enrolments': 'Peserta dan pendaftar ({n})', 'trn.enrolments.none': 'Belum ada pendaftar.',
    'trn.col.no': 'Urutan', 'trn.col.who': 'Pegawai', 'trn.col.agency': 'Instansi', 'trn.col.origin': 'Asal', 'trn.col.state': 'Status', 'trn.col.act': 'Tindakan',
    'trn.approve': 'Setujui', 'trn.reject': 'Tolak', 'trn.withdraw': 'Tarik', 'trn.reject.title': 'Tolak permohonan', 'trn.withdraw.title': 'Tarik pendaftaran',
    'trn.decided': '{name}: {state}.',
    'trn.attendance': 'Kehadiran per hari', 'trn.attendance.none': 'Belum ada peserta yang memegang kursi.', 'trn.attendance.notYet': 'Kehadiran dicatat setelah sesi dimulai.',
    'trn.day': 'Hari', 'trn.day.recorded': 'Sudah dicatat', 'trn.day.notRecorded': 'Belum dicatat', 'trn.day.legend': 'Hadir pada {date}',
    'trn.day.save': 'Simpan kehadiran', 'trn.day.saved': 'Kehadiran {date} tersimpan: {n} hadir.', 'trn.day.all': 'Tandai semua hadir',
    'trn.tally': 'Rekap kehadiran', 'trn.tally.value': '{present} dari {recorded} hari',
    'trn.completion': 'Hasil dan sertifikat', 'trn.completion.notYet': 'Hasil diisi setelah sesi dimulai.',
    'trn.outcome': 'Hasil', 'trn.score': 'Nilai (0–100)', 'trn.scoreValue': 'Nilai {n}', 'trn.complete.save': 'Simpan hasil', 'trn.completed': '{name}: {state}.', 'trn.certIssued': 'Sertifikat {n} terbit.',
    'trn.certificate': 'Sertifikat', 'trn.close': 'Tutup sesi', 'trn.closed': 'Sesi selesai.', 'trn.close.hint': 'Semua peserta sudah memiliki hasil; sesi dapat ditutup.',
    'trn.feedback': 'Penilaian peserta', 'trn.feedback.count': '{n} tanggapan', 'trn.feedback.hidden': 'Hasil ditampilkan setelah paling sedikit 3 peserta menilai (agar penilai tidak dapat dikenali).',
    'trn.feedback.trainer': 'Pengajar', 'trn.feedback.material': 'Materi', 'trn.feedback.usefulness': 'Manfaat', 'trn.feedback.avg': '{n} dari 5', 'trn.feedback.comments': 'Komentar',
  },
  en: {
    'trn.title': 'Training session', 'trn.back': 'All sessions', 'trn.notFound': 'This session was not found. Choose one from the list.',
    'trn.when': 'When', 'trn.place': 'Place', 'trn.online': 'Online class', 'trn.trainers': 'Trainers', 'trn.provider': 'Provider', 'trn.owner': 'Run by',
    'trn.capacity': 'Capacity', 'trn.seated': 'Seats taken', 'trn.waitlisted': 'Waitlist', 'trn.jp': 'JP if passed',
    'trn.manage': 'Manage before the start', 'trn.nominate': 'Nominate an employee', 'trn.nominate.submit': 'Nominate',
    'trn.nominated.ENROLMENT_STATE_ENROLLED': '{name} is nominated and has a seat.', 'trn.nominated.ENROLMENT_STATE_WAITLISTED': '{name} is nominated; the session is full, waitlist position {n}.',
    'trn.nominated.other': '{name}: {state}.', 'trn.capacity.save': 'Change capacity', 'trn.capacity.saved': 'The capacity is now {n} seats.',
    'trn.cancel': 'Cancel session', 'trn.cancel.title': 'Cancel this session?', 'trn.cancel.hint': 'Every enrolment is withdrawn and the participants are told.',
    'trn.cancelled': 'Session cancelled.', 'trn.reason': 'Reason', 'trn.required': 'Required.',
    'trn.enrolments': 'Participants and requests ({n})', 'trn.enrolments.none': 'No one has enrolled yet.',
    'trn.col.no': 'Order', 'trn.col.who': 'Employee', 'trn.col.agency': 'Agency', 'trn.col.origin': 'Origin', 'trn.col.state': 'State', 'trn.col.act': 'Action',
    'trn.approve': 'Approve', 'trn.reject': 'Reject', 'trn.withdraw': 'Withdraw', 'trn.reject.title': 'Reject the request', 'trn.withdraw.title': 'Withdraw the enrolment',
    'trn.decided': '{name}: {state}.',
    'trn.attendance': 'Attendance per day', 'trn.attendance.none': 'No one holds a seat yet.', 'trn.attendance.notYet': 'Attendance is recorded once the session has begun.',
    'trn.day': 'Day', 'trn.day.recorded': 'Recorded', 'trn.day.notRecorded': 'Not recorded', 'trn.day.legend': 'Present on {date}',
    'trn.day.save': 'Save attendance', 'trn.day.saved': 'Attendance of {date} saved: {n} present.', 'trn.day.all': 'Mark everyone present',
    'trn.tally': 'Attendance so far', 'trn.tally.value': '{present} of {recorded} days',
    'trn.completion': 'Results and certificates', 'trn.completion.notYet': 'Results are recorded once the session has begun.',
    'trn.outcome': 'Outcome', 'trn.score': 'Score (0–100)', 'trn.scoreValue': 'Score {n}', 'trn.complete.save': 'Save result', 'trn.completed': '{name}: {state}.', 'trn.certIssued': 'Certificate {n} issued.',
    'trn.certificate': 'Certificate', 'trn.close': 'Close session', 'trn.closed': 'Session completed.', 'trn.close.hint': 'Every participant has a result; the session can be closed.',
    'trn.feedback': 'Participants\' feedback', 'trn.feedback.count': '{n} responses', 'trn.feedback.hidden': 'Results are shown once at least 3 participants have answered (so no one can be singled out).',
    'trn.feedback.trainer': 'Trainer', 'trn.feedback.material': 'Material', 'trn.feedback.usefulness': 'Usefulness', 'trn.feedback.avg': '{n} of 5', 'trn.feedback.comments': 'Comments',
  },
});

const OUTCOMES = ['ENROLMENT_STATE_PASSED', 'ENROLMENT_STATE_FAILED', 'ENROLMENT_STATE_DID_NOT_FINISH'];
const who = (e) => e.employeeName || e.employee;

/** ReasonDialog asks for a reason and runs go(reason): rejecting, withdrawing, cancelling. */
function ReasonDialog({ open, title, hint, required, confirm, onClose, go, test }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState(null);
  useEffect(() => { setReason(''); setError(null); setLocal(null); }, [open]);
  const submit = async (e) => {
    e.preventDefault();
    if (required && !reason.trim()) { setLocal(t('trn.required')); return; }
    setBusy(true); setError(null);
    try { await go(reason.trim()); } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Dialog} title=${title} open=${!!open} onClose=${onClose}>
    ${open ? html`<form onSubmit=${submit} novalidate>
      ${hint ? html`<p class="muted">${hint}</p>` : null}
      <${TextArea} label=${t('trn.reason')} name="reason" value=${reason} onValue=${setReason} required=${required} maxlength="1000" error=${local || fieldError(error, 'reason')} data-test=${test} />
      <${TrError} error=${error} fields=${['reason']} />
      <div class="actions"><${Button} type="submit" kind="danger" busy=${busy} data-test=${test + '-confirm'}>${confirm}</${Button}>
        <${Button} kind="secondary" onClick=${onClose}>${t('common.cancel')}</${Button}></div>
    </form>` : null}
  </${Dialog}>`;
}

function Manage({ s, agency, owner, onChange }) {
  const [nip, setNip] = useState('');
  const [nomErr, setNomErr] = useState(null);
  const [nomBusy, setNomBusy] = useState(false);
  const [nominated, setNominated] = useState(null);
  const [capacity, setCapacity] = useState(String(num(s.capacity)));
  const [capErr, setCapErr] = useState(null);
  const [cancelling, setCancelling] = useState(false);
  const nominate = async (e) => {
    e.preventDefault();
    setNomBusy(true); setNomErr(null); setNominated(null);
    try {
      const x = await post('/v1/enrolments', { session: s.name, employee: nip.trim() }, { headers: { 'Idempotency-Key': newKey() } });
      setNominated(x); setNip('');
      onChange();
    } catch (x) { setNomErr(x); } finally { setNomBusy(false); }
  };
  const saveCapacity = async (e) => {
    e.preventDefault();
    setCapErr(null);
    try {
      const x = await patch(`/v1/${s.name}?updateMask=capacity`, { capacity: Number(capacity), etag: s.etag || undefined });
      toast(t('trn.capacity.saved', { n: fmtNumber(num(x.capacity)) }), 'ok');
      onChange();
    } catch (x) { setCapErr(x); }
  };
  const nomKey = nominated ? 'trn.nominated.' + nominated.state : '';
  return html`<${Card} title=${t('trn.manage')}>
    <div class="grid grid-2">
      <form onSubmit=${nominate} novalidate data-test="nominate-form">
        <${EmployeePicker} label=${t('trn.nominate')} name="employee" value=${nip} onValue=${setNip} agency=${agency} required error=${fieldError(nomErr, 'employee')} test="nominate-nip" />
        <${TrError} error=${nomErr} fields=${['employee']} />
        ${nominated ? html`<div class="alert alert-ok" role="status" data-test="nominate-outcome" data-state=${nominated.state} data-name=${nominated.name}><p>${t(nomKey, { name: who(nominated), n: fmtNumber(num(nominated.waitlistPosition)) }) === nomKey
          ? t('trn.nominated.other', { name: who(nominated), state: label('enrol', nominated.state) }) : t(nomKey, { name: who(nominated), n: fmtNumber(num(nominated.waitlistPosition)) })}</p></div>` : null}
        <div class="actions"><${Button} type="submit" busy=${nomBusy} disabled=${!nip.trim()} data-test="nominate-submit">${t('trn.nominate.submit')}</${Button}></div>
      </form>
      ${owner ? html`<div class="tr-stack">
        <form onSubmit=${saveCapacity} novalidate>
          <${Input} type="number" label=${t('trn.capacity')} name="capacity" value=${capacity} min="1" inputmode="numeric" onValue=${setCapacity} error=${fieldError(capErr, 'capacity')} data-test="capacity" />
          <${TrError} error=${capErr} fields=${['capacity']} />
          <div class="actions"><${Button} type="submit" kind="secondary" data-test="capacity-save">${t('trn.capacity.save')}</${Button}></div>
        </form>
        <div class="actions"><${Button} kind="danger" onClick=${() => setCancelling(true)} data-test="session-cancel">${t('trn.cancel')}</${Button}></div>
      </div>` : null}
    </div>
    <${ReasonDialog} open=${cancelling} title=${t('trn.cancel.title')} hint=${t('trn.cancel.hint')} confirm=${t('trn.cancel')} test="session-cancel-reason"
      onClose=${() => setCancelling(false)} go=${async (reason) => {
        await post(`/v1/${s.name}:cancel`, { reason: reason || undefined, etag: s.etag || undefined });
        toast(t('trn.cancelled'), 'info'); setCancelling(false); onChange();
      }} />
  </${Card}>`;
}

function Enrolments({ s, list, canEdit, onChange }) {
  const [open, setOpen] = useState(null); // { e, action }
  const before = !started(s) && s.state === 'SESSION_STATE_SCHEDULED';
  const decided = (out) => { toast(t('trn.decided', { name: who(out), state: label('enrol', out.state) }), 'ok'); onChange(); };
  const approve = async (e) => {
    try { decided(await post(`/v1/${e.name}:approve`, { etag: e.etag || undefined })); } catch (x) { toast(errText(x), 'error'); }
  };
  return html`<${Card} title=${t('trn.enrolments', { n: fmtNumber(list.length) })}>
    <div data-test="session-enrolments"><${Table} rows=${list} rowKey=${(e) => e.name} empty=${t('trn.enrolments.none')} columns=${[
      { key: 'no', label: t('trn.col.no'), num: true, render: (e) => (num(e.arrival) ? fmtNumber(num(e.arrival)) : '—') },
      { key: 'who', label: t('trn.col.who'), render: (e) => html`<span data-test="enrolment-row" data-name=${e.name} data-state=${e.state} data-nip=${e.employee}>${who(e)}<br /><span class="muted ch-nip">${e.employee}</span></span>` },
      { key: 'agency', label: t('trn.col.agency'), render: (e) => e.agency || '—' },
      { key: 'origin', label: t('trn.col.origin'), render: (e) => label('origin', e.origin) },
      { key: 'state', label: t('trn.col.state'), render: (e) => html`<span><${EnrolmentBadge} e=${e} />${e.reason ? html`<br /><span class="muted">${e.reason}</span>` : null}</span>` },
      ...(canEdit && before ? [{ key: 'act', label: t('trn.col.act'), render: (e) => html`<span class="actions">
        ${e.state === 'ENROLMENT_STATE_REQUESTED' ? html`<${Button} onClick=${() => approve(e)} data-test="enrolment-approve">${t('trn.approve')}</${Button}>
          <${Button} kind="danger" onClick=${() => setOpen({ e, action: 'reject' })} data-test="enrolment-reject">${t('trn.reject')}</${Button}>` : null}
        ${OPEN_STATES.has(e.state) && e.state !== 'ENROLMENT_STATE_REQUESTED' ? html`<${Button} kind="secondary" onClick=${() => setOpen({ e, action: 'withdraw' })} data-test="enrolment-withdraw-hr">${t('trn.withdraw')}</${Button}>` : null}
      </span>` }] : []),
    ]} /></div>
    <${ReasonDialog} open=${open} title=${open ? t(open.action === 'reject' ? 'trn.reject.title' : 'trn.withdraw.title') : ''} required=${open?.action === 'reject'}
      confirm=${open ? t('trn.' + open.action) : ''} test="enrolment-reason" onClose=${() => setOpen(null)}
      go=${async (reason) => { const out = await post(`/v1/${open.e.name}:${open.action}`, { reason: reason || undefined, etag: open.e.etag || undefined }); setOpen(null); decided(out); }} />
  </${Card}>`;
}

function Attendance({ s, seats, canEdit }) {
  useLang();
  const tz = s.timeZone || DEFAULT_TZ;
  const today = todayIn(tz);
  const dates = sessionDates(s).filter((d) => d <= today);
  const [date, setDate] = useState(dates.includes(today) ? today : dates[dates.length - 1] || '');
  const [version, setVersion] = useState(0);
  const days = useAsync(() => get(`/v1/${s.name}/days`), [s.name, version]);
  const recorded = Object.fromEntries(((days.data && days.data.days) || []).map((d) => [d.date, d]));
  const [marks, setMarks] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => { setMarks(null); setError(null); }, [date, version]);
  const present = marks || new Set(recorded[date]?.present || []);
  const toggle = (name, on) => { const next = new Set(present); if (on) next.add(name); else next.delete(name); setMarks(next); };
  const save = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const day = await post(`/v1/${s.name}/days`, { date, present: seats.filter((x) => present.has(x.name)).map((x) => x.name) });
      toast(t('trn.day.saved', { date: fmtDate(date, { style: 'short' }), n: fmtNumber((day.present || []).length) }), 'ok');
      setVersion((v) => v + 1);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  if (!dates.length) return html`<${Card} title=${t('trn.attendance')}><p class="empty">${t('trn.attendance.notYet')}</p></${Card}>`;
  if (!seats.length) return html`<${Card} title=${t('trn.attendance')}><p class="empty">${t('trn.attendance.none')}</p></${Card}>`;
  const tallies = Object.fromEntries(((days.data && days.data.tallies) || []).map((x) => [x.enrolment, x]));
  return html`<${Card} title=${t('trn.attendance')}>
    <${Async} state=${days}>${() => html`<div class="tr-stack">
      <${Select} label=${t('trn.day')} name="date" value=${date} onValue=${setDate} data-test="attendance-date"
        options=${dates.map((d) => ({ value: d, label: `${fmtDate(d, { style: 'short' })} — ${t(recorded[d] ? 'trn.day.recorded' : 'trn.day.notRecorded')}` }))} />
      <form onSubmit=${save} novalidate data-test="attendance-day" data-date=${date}>
        <fieldset class="tr-checklist" disabled=${!canEdit}>
          <legend>${t('trn.day.legend', { date: fmtDate(date, { tz }) })}</legend>
          ${seats.map((x) => html`<label class="sv-check" key=${x.name}><input type="checkbox" checked=${present.has(x.name)} onChange=${(ev) => toggle(x.name, ev.currentTarget.checked)}
            data-test="attendance-present" data-enrolment=${x.name} /> ${who(x)} <span class="muted ch-nip">${x.employee}</span></label>`)}
        </fieldset>
        <${TrError} error=${error} fields=${[]} />
        ${canEdit ? html`<div class="actions">
          <${Button} type="submit" busy=${busy} data-test="attendance-save">${t('trn.day.save')}</${Button}>
          <${Button} kind="ghost" onClick=${() => setMarks(new Set(seats.map((x) => x.name)))}>${t('trn.day.all')}</${Button}></div>` : null}
      </form>
      <${Table} caption=${t('trn.tally')} rows=${seats} rowKey=${(x) => x.name} columns=${[
        { key: 'who', label: t('trn.col.who'), render: (x) => who(x) },
        { key: 'tally', label: t('trn.tally'), num: true, render: (x) => t('trn.tally.value', { present: fmtNumber(num(tallies[x.name]?.daysPresent)), recorded: fmtNumber(num(tallies[x.name]?.daysRecorded)) }) },
      ]} />
    </div>`}</${Async}>
  </${Card}>`;
}

function CompletionRow({ e, canEdit, onDone }) {
  const [outcome, setOutcome] = useState('ENROLMENT_STATE_PASSED');
  const [score, setScore] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (ev) => {
    ev.preventDefault();
    setBusy(true); setError(null);
    try {
      const out = await post(`/v1/${e.name}:complete`, { outcome, score: score === '' ? 0 : Number(score), etag: e.etag || undefined });
      const en = out.enrolment || out;
      toast(out.certificate?.number ? t('trn.certIssued', { n: out.certificate.number }) : t('trn.completed', { name: who(e), state: label('enrol', en.state) }), 'ok');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const finished = e.state !== 'ENROLMENT_STATE_ENROLLED';
  return html`<li class="tr-item" data-test="completion-row" data-enrolment=${e.name} data-state=${e.state}>
    <div class="tr-item-head"><strong>${who(e)}</strong><${EnrolmentBadge} e=${e} /></div>
    ${finished ? html`<p>${e.score ? t('trn.scoreValue', { n: fmtNumber(num(e.score)) }) : null}
      ${e.certificateNumber ? html`${e.score ? ' · ' : ''}${t('trn.certificate')} <a href=${verifyHref(e.certificateNumber)} data-test="certificate-number">${e.certificateNumber}</a>` : null}</p>`
      : canEdit ? html`<form class="tr-complete" onSubmit=${save} novalidate>
        <${Select} label=${t('trn.outcome')} name="outcome" value=${outcome} onValue=${setOutcome} options=${options('enrol', OUTCOMES)} error=${fieldError(error, 'outcome')} data-test="complete-outcome" />
        <${Input} type="number" label=${t('trn.score')} name="score" value=${score} min="0" max="100" inputmode="numeric" onValue=${setScore} error=${fieldError(error, 'score')} data-test="complete-score" />
        <div class="actions"><${Button} type="submit" busy=${busy} data-test="complete-save">${t('trn.complete.save')}</${Button}></div>
        <${TrError} error=${error} fields=${['outcome', 'score']} />
      </form>` : null}
  </li>`;
}

function Completion({ s, seats, canEdit, onChange }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  if (!started(s)) return html`<${Card} title=${t('trn.completion')}><p class="empty">${t('trn.completion.notYet')}</p></${Card}>`;
  const open = seats.filter((e) => e.state === 'ENROLMENT_STATE_ENROLLED').length;
  const close = async () => {
    setBusy(true); setError(null);
    try { await post(`/v1/${s.name}:complete`, { etag: s.etag || undefined }); toast(t('trn.closed'), 'ok'); onChange(); } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Card} title=${t('trn.completion')}>
    ${seats.length ? html`<ul class="tr-list tr-completion">${seats.map((e) => html`<${CompletionRow} key=${e.name + e.state} e=${e} canEdit=${canEdit} onDone=${onChange} />`)}</ul>`
      : html`<${Empty}>${t('trn.attendance.none')}</${Empty}>`}
    ${canEdit && seats.length && !open && s.state === 'SESSION_STATE_SCHEDULED' ? html`<div class="tr-stack"><p class="hint">${t('trn.close.hint')}</p>
      <${TrError} error=${error} /><div class="actions"><${Button} busy=${busy} onClick=${close} data-test="session-complete">${t('trn.close')}</${Button}></div></div>` : null}
  </${Card}>`;
}

function Feedback({ s }) {
  const state = useAsync(() => get(`/v1/${s.name}/feedback`), [s.name]);
  const avg = (v) => t('trn.feedback.avg', { n: fmtNumber(num(v), 1) });
  return html`<${Card} title=${t('trn.feedback')}>
    <${Async} state=${state}>${(f) => html`<div class="tr-stack" data-test="session-feedback" data-responses=${num(f.responses)}>
      <p>${t('trn.feedback.count', { n: fmtNumber(num(f.responses)) })}</p>
      ${f.shown ? html`<div class="stats">
        <${Stat} label=${t('trn.feedback.trainer')} value=${avg(f.trainer)} /><${Stat} label=${t('trn.feedback.material')} value=${avg(f.material)} />
        <${Stat} label=${t('trn.feedback.usefulness')} value=${avg(f.usefulness)} /></div>
        ${f.comments?.length ? html`<h3 class="h3">${t('trn.feedback.comments')}</h3><ul>${f.comments.map((c) => html`<li>${c}</li>`)}</ul>` : null}`
        : html`<p class="hint">${t('trn.feedback.hidden')}</p>`}
    </div>`}</${Async}>
  </${Card}>`;
}

/** TrainingSession is the /sesi-pelatihan/:id screen. */
export default function TrainingSession({ params, session }) {
  useLang();
  const id = params.id;
  const ok = validId(id);
  // HR nominates their employees into any session; the session itself (capacity, attendance,
  // outcomes) is its running agency's HR's and city HR's, and so are everyone's figures.
  const hrWrites = !readOnly() && hasRole('agency-hr', 'city-hr');
  const cityWide = hasRole('city-hr', 'auditor');
  const [version, setVersion] = useState(0);
  const data = useAsync(async () => {
    if (!ok) return null;
    const s = await get(`/v1/sessions/${encodeURIComponent(id)}`);
    const [programme, enrolments] = await Promise.all([
      get(`/v1/${s.programme}`).catch(() => null),
      getAll('/v1/enrolments', { session: s.name, pageSize: 1000 }, 'enrolments', 5000),
    ]);
    return { s, programme, enrolments };
  }, [id, version]);
  const changed = () => setVersion((v) => v + 1);
  const back = html`<${Link} class="btn btn-secondary" href="/sesi-pelatihan">${t('trn.back')}</${Link}>`;
  if (!ok) return html`<${Page} title=${t('trn.title')} actions=${back}><p class="empty">${t('trn.notFound')}</p></${Page}>`;
  if (data.error && data.data === undefined) return html`<${Page} title=${t('trn.title')} actions=${back}><${ErrorBox} error=${data.error} onRetry=${data.reload} /></${Page}>`;
  const d = data.data;
  return html`<${Page} title=${d?.s?.programmeTitle || t('trn.title')} actions=${back} wide>
    <${Async} state=${data}>${({ s, programme: p, enrolments }) => {
      const seats = enrolments.filter((e) => SEAT_STATES.has(e.state));
      const agencyHR = hasRole('agency-hr') && !hasRole('city-hr');
      const agency = agencyHR ? session.agency : s.agency || '';
      const runs = cityWide || (!!s.agency && s.agency === session.agency);
      const owner = hrWrites && (hasRole('city-hr') || runs);
      const seesDays = runs || seats.some((e) => e.agency === session.agency);
      return html`<div class="tr-stack" data-test="session-page" data-name=${s.name} data-state=${s.state}>
        <${Card}>
          <div class="tr-item-head"><${SessionBadge} s=${s} />${p?.certificate ? html`<${Badge} kind="info">${t('trn.certificate')} (STTPP)</${Badge}>` : null}</div>
          <dl class="sv-dl">
            <div class="sv-wide"><dt>${t('trn.when')}</dt><dd>${sessionWhen(s)}</dd></div>
            <div class="sv-wide"><dt>${t('trn.place')}</dt><dd>${s.place || '—'}${s.onlineLink ? html` · <a href=${s.onlineLink} target="_blank" rel="noopener noreferrer">${t('trn.online')}</a>` : null}</dd></div>
            <div><dt>${t('trn.provider')}</dt><dd>${p ? `${p.provider} (${label('form', p.form)})` : '—'}</dd></div>
            <div><dt>${t('trn.owner')}</dt><dd>${s.agency || t('tr.city')}</dd></div>
            ${s.trainers?.length ? html`<div class="sv-wide"><dt>${t('trn.trainers')}</dt><dd>${s.trainers.join(', ')}</dd></div>` : null}
          </dl>
          <div class="stats">
            <${Stat} label=${t('trn.capacity')} value=${fmtNumber(num(s.capacity))} />
            <div class="stat ok" data-test="session-seated" data-seated=${num(s.seated)}><span class="stat-value">${fmtNumber(num(s.seated))}</span><span class="stat-label">${t('trn.seated')}</span></div>
            <${Stat} label=${t('trn.waitlisted')} value=${fmtNumber(num(s.waitlisted))} kind=${num(s.waitlisted) ? 'warn' : ''} />
            <${Stat} label=${t('trn.jp')} value=${fmtNumber(num(s.jp || p?.jp))} />
          </div>
        </${Card}>
        ${hrWrites && s.state === 'SESSION_STATE_SCHEDULED' && !started(s) ? html`<${Manage} s=${s} agency=${agency} owner=${owner} onChange=${changed} />` : null}
        <${Enrolments} s=${s} list=${enrolments} canEdit=${hrWrites} onChange=${changed} />
        ${started(s) && s.state !== 'SESSION_STATE_CANCELLED' ? html`<div class="grid grid-2 tr-grid">
          ${seesDays ? html`<${Attendance} key=${'att' + version} s=${s} seats=${seats} canEdit=${owner && s.state === 'SESSION_STATE_SCHEDULED'} />` : null}
          <${Completion} s=${s} seats=${seats} canEdit=${owner} onChange=${changed} />
        </div>` : null}
        ${ended(s) && runs && s.state !== 'SESSION_STATE_CANCELLED' ? html`<${Feedback} s=${s} />` : null}
      </div>`;
    }}</${Async}>
  </${Page}>`;
}
