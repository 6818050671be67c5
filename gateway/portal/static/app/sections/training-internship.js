// training-internship.js: "Magang" (/magang), internships with partner universities. For HR:
// the partner institutions and their cooperation agreements (an agreement ending within the
// warning window is highlighted with the days left), the cohorts with their seats per agency
// and each cohort's report as CSV, and the placements of participants — new employees from the
// directory, or students who are not employees — in a unit with a mentor. City HR registers
// partners and agreements and opens cohorts; agency and city HR place participants within the
// agency's quota. Every employee sees the section too, with what the API gives them: the
// participants they mentor and their own internship. A placement opens its page
// (training-placement.js: logbook, mentor review, final assessment).
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber } from '../i18n.js';
import { getAll, post, qs } from '../api.js';
import { Page, Card, useAsync, Async, Input, Select, TextArea, Button, Badge, Dialog, Empty, toast, fieldError } from '../ui.js';
import { Link } from '../router.js';
import { hasRole, readOnly } from '../session.js';
import { useAgencies, AgencyPicker, EmployeePicker, useNames } from './_shared/ch-common.js';
import { TrTable as Table, TrError, label, options, num, newKey, idOf, slug } from './_shared/training-common.js';

addMessages({
  id: {
    'tri.title': 'Magang', 'tri.intro': 'Magang bersama perguruan tinggi mitra: angkatan dengan kuota per instansi, peserta dengan mentor, logbook, dan penilaian akhir.',
    'tri.partners': 'Mitra dan perjanjian kerja sama', 'tri.partners.none': 'Belum ada mitra.', 'tri.newPartner': 'Tambah mitra', 'tri.newAgreement': 'Tambah perjanjian',
    'tri.agreements.none': 'Belum ada perjanjian.', 'tri.daysLeft': 'berakhir dalam {n} hari', 'tri.ended': 'berakhir {n} hari lalu', 'tri.contact': 'Kontak: {c}',
    'tri.cohorts': 'Angkatan magang', 'tri.cohorts.none': 'Belum ada angkatan.', 'tri.newCohort': 'Buat angkatan', 'tri.report': 'Laporan CSV',
    'tri.quota': 'Kuota', 'tri.quota.value': '{placed} dari {seats} terisi', 'tri.col.agency': 'Instansi',
    'tri.placements': 'Peserta magang', 'tri.placements.none': 'Belum ada peserta.', 'tri.newPlacement': 'Tempatkan peserta', 'tri.filterCohort': 'Angkatan', 'tri.allCohorts': 'Semua angkatan',
    'tri.mentoring': 'Peserta bimbingan saya', 'tri.mentoring.none': 'Anda belum menjadi mentor peserta magang.', 'tri.mine': 'Magang saya', 'tri.mine.none': 'Anda tidak sedang mengikuti magang.',
    'tri.col.participant': 'Peserta', 'tri.col.place': 'Penempatan', 'tri.col.mentor': 'Mentor', 'tri.col.cohort': 'Angkatan', 'tri.col.state': 'Status', 'tri.col.score': 'Nilai akhir',
    'tri.student': 'Mahasiswa', 'tri.employee': 'Pegawai',
    'tri.f.name': 'Nama lembaga', 'tri.f.id': 'Kode mitra', 'tri.f.id.hint': 'Huruf kecil, angka dan tanda hubung, mis. usu. Kosongkan untuk memakai nama.', 'tri.f.kind': 'Jenis', 'tri.f.address': 'Alamat', 'tri.f.contactName': 'Nama kontak', 'tri.f.email': 'Surel kontak', 'tri.f.phone': 'Telepon kontak',
    'tri.f.partner': 'Mitra', 'tri.f.number': 'Nomor perjanjian', 'tri.f.agreementTitle': 'Judul', 'tri.f.scope': 'Ruang lingkup', 'tri.f.start': 'Mulai berlaku', 'tri.f.end': 'Berakhir',
    'tri.f.document': 'Dokumen (documents/… atau tautan https)', 'tri.f.cohortName': 'Nama angkatan', 'tri.f.cohortName.hint': 'Mis. Magang TIK 2026 Gelombang 1',
    'tri.f.agreement': 'Perjanjian', 'tri.f.programme': 'Program magang', 'tri.f.from': 'Tanggal mulai', 'tri.f.to': 'Tanggal selesai',
    'tri.f.quotas': 'Kuota per instansi', 'tri.f.seats': 'Kursi', 'tri.f.addQuota': 'Tambah instansi', 'tri.f.removeQuota': 'Hapus', 'tri.f.choose': '— pilih —',
    'tri.f.cohort': 'Angkatan', 'tri.f.participantKind': 'Peserta', 'tri.f.participant': 'Pegawai (NIP)', 'tri.f.studentName': 'Nama mahasiswa',
    'tri.f.studentNumber': 'NIM', 'tri.f.institution': 'Perguruan tinggi', 'tri.f.studyProgramme': 'Program studi', 'tri.f.agency': 'Instansi penempatan',
    'tri.f.unit': 'Unit kerja (kode, tidak wajib)', 'tri.f.mentor': 'Mentor (NIP pegawai instansi itu)', 'tri.save': 'Simpan',
    'tri.created': 'Tersimpan.', 'tri.readonly': 'Anda hanya dapat melihat.',
  },
  en: {
    'tri.title': 'Internships', 'tri.intro': 'Internships with partner universities: cohorts with seats per agency, participants with mentors, logbooks and a final assessment.',
    'tri.partners': 'Partners and cooperation agreements', 'tri.partners.none': 'No partners yet.', 'tri.newPartner': 'Add partner', 'tri.newAgreement': 'Add agreement',
    'tri.agreements.none': 'No agreements yet.', 'tri.daysLeft': 'ends in {n} days', 'tri.ended': 'ended {n} days ago', 'tri.contact': 'Contact: {c}',
    'tri.cohorts': 'Internship cohorts', 'tri.cohorts.none': 'No cohorts yet.', 'tri.newCohort': 'New cohort', 'tri.report': 'CSV report',
    'tri.quota': 'Seats', 'tri.quota.value': '{placed} of {seats} taken', 'tri.col.agency': 'Agency',
    'tri.placements': 'Participants', 'tri.placements.none': 'No participants yet.', 'tri.newPlacement': 'Place a participant', 'tri.filterCohort': 'Cohort', 'tri.allCohorts': 'All cohorts',
    'tri.mentoring': 'Participants I mentor', 'tri.mentoring.none': 'You mentor no intern.', 'tri.mine': 'My internship', 'tri.mine.none': 'You are not in an internship.',
    'tri.col.participant': 'Participant', 'tri.col.place': 'Placement', 'tri.col.mentor': 'Mentor', 'tri.col.cohort': 'Cohort', 'tri.col.state': 'State', 'tri.col.score': 'Final score',
    'tri.student': 'Student', 'tri.employee': 'Employee',
    'tri.f.name': 'Institution name', 'tri.f.id': 'Partner code', 'tri.f.id.hint': 'Lower-case letters, digits and hyphens, e.g. usu. Leave empty to use the name.', 'tri.f.kind': 'Kind', 'tri.f.address': 'Address', 'tri.f.contactName': 'Contact name', 'tri.f.email': 'Contact e-mail', 'tri.f.phone': 'Contact phone',
    'tri.f.partner': 'Partner', 'tri.f.number': 'Agreement number', 'tri.f.agreementTitle': 'Title', 'tri.f.scope': 'Scope', 'tri.f.start': 'In force from', 'tri.f.end': 'Ends',
    'tri.f.document': 'Document (documents/… or an https link)', 'tri.f.cohortName': 'Cohort name', 'tri.f.cohortName.hint': 'E.g. ICT internship 2026, intake 1',
    'tri.f.agreement': 'Agreement', 'tri.f.programme': 'Internship programme', 'tri.f.from': 'First day', 'tri.f.to': 'Last day',
    'tri.f.quotas': 'Seats per agency', 'tri.f.seats': 'Seats', 'tri.f.addQuota': 'Add agency', 'tri.f.removeQuota': 'Remove', 'tri.f.choose': '— choose —',
    'tri.f.cohort': 'Cohort', 'tri.f.participantKind': 'Participant', 'tri.f.participant': 'Employee (NIP)', 'tri.f.studentName': 'Student\'s name',
    'tri.f.studentNumber': 'Student number (NIM)', 'tri.f.institution': 'University', 'tri.f.studyProgramme': 'Study programme', 'tri.f.agency': 'Agency of placement',
    'tri.f.unit': 'Unit (code, optional)', 'tri.f.mentor': 'Mentor (NIP of an employee of that agency)', 'tri.save': 'Save',
    'tri.created': 'Saved.', 'tri.readonly': 'You can only view.',
  },
});

const AGREEMENT_KIND = { AGREEMENT_STATE_NOT_STARTED: 'info', AGREEMENT_STATE_ACTIVE: 'ok', AGREEMENT_STATE_EXPIRING: 'warn', AGREEMENT_STATE_EXPIRED: 'neutral' };
const PLACEMENT_KIND = { PLACEMENT_STATE_ACTIVE: 'info', PLACEMENT_STATE_COMPLETED: 'ok', PLACEMENT_STATE_WITHDRAWN: 'neutral' };
const PARTNER_KINDS = ['PARTNER_KIND_UNIVERSITY', 'PARTNER_KIND_POLYTECHNIC', 'PARTNER_KIND_OTHER'];
const range = (a, b) => (a === b || !b ? fmtDate(a, { style: 'short' }) : `${fmtDate(a, { style: 'short' })} – ${fmtDate(b, { style: 'short' })}`);
const contactOf = (c) => [c?.name, c?.email, c?.phone].filter(Boolean).join(', ');
const compactContact = (c) => (c.name || c.email || c.phone ? { name: c.name.trim() || undefined, email: c.email.trim() || undefined, phone: c.phone.trim() || undefined } : undefined);

/** participantOf names a placement's participant: the employee's or the student's name. */
export const participantOf = (p) => p.participantName || p.employee || p.student?.fullName || '—';
export const PlacementBadge = ({ p }) => html`<${Badge} kind=${PLACEMENT_KIND[p.state] || 'neutral'}>${label('placement', p.state)}</${Badge}>`;

/** FormDialog is a create dialog: fields(f, set, err) draws the form, send(f) calls the API. */
function FormDialog({ title, open, onClose, initial, fields, send, names, test, onDone }) {
  const [f, setF] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF((x) => ({ ...x, [k]: v }));
  useEffect(() => { if (open) { setF(initial); setError(null); } }, [open]);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await send(f); toast(t('tri.created'), 'ok'); onDone(); } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Dialog} title=${title} open=${open} onClose=${onClose}>
    ${open ? html`<form onSubmit=${submit} novalidate data-test=${test}>
      ${fields(f, set, (n) => fieldError(error, n), setF)}
      <${TrError} error=${error} fields=${names} />
      <div class="actions"><${Button} type="submit" busy=${busy} data-test=${test + '-submit'}>${t('tri.save')}</${Button}>
        <${Button} kind="secondary" onClick=${onClose}>${t('common.cancel')}</${Button}></div>
    </form>` : null}
  </${Dialog}>`;
}

const contactFields = (f, set, err) => html`<div class="form-row">
  <${Input} label=${t('tri.f.contactName')} name="contact.name" value=${f.contactName} onValue=${set('contactName')} maxlength="200" error=${err('contact.name')} />
  <${Input} type="email" label=${t('tri.f.email')} name="contact.email" value=${f.email} onValue=${set('email')} maxlength="200" error=${err('contact.email')} />
</div><${Input} type="tel" label=${t('tri.f.phone')} name="contact.phone" value=${f.phone} onValue=${set('phone')} maxlength="50" error=${err('contact.phone')} />`;

function Partners({ data, canCity, onChange }) {
  useLang();
  const [dialog, setDialog] = useState('');
  const close = () => setDialog('');
  const done = () => { setDialog(''); onChange(); };
  return html`<${Card} title=${t('tri.partners')} actions=${canCity ? html`
    <${Button} kind="secondary" onClick=${() => setDialog('partner')} data-test="partner-create">${t('tri.newPartner')}</${Button}>
    <${Button} kind="secondary" onClick=${() => setDialog('agreement')} disabled=${!data.data?.partners.length} data-test="agreement-create">${t('tri.newAgreement')}</${Button}>` : null}>
    <${Async} state=${data}>${({ partners, agreements }) => (partners.length === 0 ? html`<${Empty}>${t('tri.partners.none')}</${Empty}>` : html`<ul class="tr-list" data-test="partner-list">
      ${partners.map((p) => {
        const mine = agreements.filter((a) => a.name.startsWith(p.name + '/'));
        return html`<li class="tr-item card" key=${p.name} data-test="partner" data-name=${p.name}>
          <div class="tr-item-head"><strong>${p.displayName}</strong><${Badge}>${label('pkind', p.kind)}</${Badge}></div>
          ${p.address ? html`<p class="muted">${p.address}</p>` : null}
          ${contactOf(p.contact) ? html`<p class="muted">${t('tri.contact', { c: contactOf(p.contact) })}</p>` : null}
          ${mine.length ? html`<ul class="tr-agreements">${mine.map((a) => html`<li key=${a.name} class=${a.state === 'AGREEMENT_STATE_EXPIRING' ? 'tr-expiring' : ''}
            data-test="agreement" data-state=${a.state}>
            <span><strong>${a.number}</strong> — ${a.title}</span>
            <span class="muted">${range(a.startDate, a.endDate)}</span>
            <span><${Badge} kind=${AGREEMENT_KIND[a.state] || 'neutral'}>${label('agreement', a.state)}</${Badge}>
              ${a.state === 'AGREEMENT_STATE_EXPIRED' ? html` <span class="muted">${t('tri.ended', { n: fmtNumber(Math.abs(num(a.daysLeft))) })}</span>`
                : a.state !== 'AGREEMENT_STATE_NOT_STARTED' ? html` <span class=${a.state === 'AGREEMENT_STATE_EXPIRING' ? 'tr-warn-text' : 'muted'}>${t('tri.daysLeft', { n: fmtNumber(num(a.daysLeft)) })}</span>` : null}</span>
          </li>`)}</ul>` : html`<p class="hint">${t('tri.agreements.none')}</p>`}
        </li>`;
      })}</ul>`)}</${Async}>
    <${FormDialog} title=${t('tri.newPartner')} open=${dialog === 'partner'} onClose=${close} onDone=${done} test="partner-form"
      initial=${{ id: '', displayName: '', kind: 'PARTNER_KIND_UNIVERSITY', address: '', contactName: '', email: '', phone: '' }}
      names=${['partner_id', 'display_name', 'kind', 'address', 'contact.name', 'contact.email', 'contact.phone']}
      send=${(f) => post('/v1/partners' + qs({ partnerId: f.id || slug(f.displayName) }), { displayName: f.displayName.trim(), kind: f.kind, address: f.address.trim() || undefined, contact: compactContact({ name: f.contactName, email: f.email, phone: f.phone }) }, { headers: { 'Idempotency-Key': newKey() } })}
      fields=${(f, set, err) => html`
        <${Input} label=${t('tri.f.name')} name="display_name" value=${f.displayName} onValue=${set('displayName')} required maxlength="200" error=${err('display_name')} data-test="partner-name" />
        <${Input} label=${t('tri.f.id')} name="partner_id" value=${f.id} placeholder=${slug(f.displayName)} onValue=${(v) => set('id')(v.trim())} maxlength="63"
          hint=${t('tri.f.id.hint')} error=${err('partner_id')} />
        <${Select} label=${t('tri.f.kind')} name="kind" value=${f.kind} onValue=${set('kind')} options=${options('pkind', PARTNER_KINDS)} error=${err('kind')} />
        <${Input} label=${t('tri.f.address')} name="address" value=${f.address} onValue=${set('address')} maxlength="500" error=${err('address')} />
        ${contactFields(f, set, err)}`} />
    <${FormDialog} title=${t('tri.newAgreement')} open=${dialog === 'agreement'} onClose=${close} onDone=${done} test="agreement-form"
      initial=${{ partner: '', number: '', title: '', scope: '', startDate: '', endDate: '', document: '', contactName: '', email: '', phone: '' }}
      names=${['parent', 'number', 'title', 'scope', 'start_date', 'end_date', 'document', 'contact.name', 'contact.email', 'contact.phone']}
      send=${(f) => post(`/v1/${f.partner || 'partners/-'}/agreements`, {
        number: f.number.trim(), title: f.title.trim(), scope: f.scope.trim() || undefined, startDate: f.startDate || undefined, endDate: f.endDate || undefined,
        document: f.document.trim() || undefined, contact: compactContact({ name: f.contactName, email: f.email, phone: f.phone }),
      }, { headers: { 'Idempotency-Key': newKey() } })}
      fields=${(f, set, err) => html`
        <${Select} label=${t('tri.f.partner')} name="parent" value=${f.partner} onValue=${set('partner')} required error=${err('parent')}
          options=${[{ value: '', label: t('tri.f.choose') }, ...(data.data?.partners || []).map((p) => ({ value: p.name, label: p.displayName }))]} />
        <div class="form-row">
          <${Input} label=${t('tri.f.number')} name="number" value=${f.number} onValue=${set('number')} required error=${err('number')} />
          <${Input} label=${t('tri.f.agreementTitle')} name="title" value=${f.title} onValue=${set('title')} required error=${err('title')} />
        </div>
        <${TextArea} label=${t('tri.f.scope')} name="scope" value=${f.scope} onValue=${set('scope')} maxlength="4000" error=${err('scope')} />
        <div class="form-row">
          <${Input} type="date" label=${t('tri.f.start')} name="start_date" value=${f.startDate} onValue=${set('startDate')} required error=${err('start_date')} />
          <${Input} type="date" label=${t('tri.f.end')} name="end_date" value=${f.endDate} min=${f.startDate || undefined} onValue=${set('endDate')} required error=${err('end_date')} />
        </div>
        <${Input} label=${t('tri.f.document')} name="document" value=${f.document} onValue=${set('document')} error=${err('document')} />
        ${contactFields(f, set, err)}`} />
  </${Card}>`;
}

function Cohorts({ state, agreements, programmes, orgList, canCity, onChange }) {
  useLang();
  const [open, setOpen] = useState(false);
  const title = (n, list, key) => list.find((x) => x.name === n)?.[key] || idOf(n);
  return html`<${Card} title=${t('tri.cohorts')} actions=${canCity ? html`<${Button} kind="secondary" onClick=${() => setOpen(true)} data-test="cohort-create">${t('tri.newCohort')}</${Button}>` : null}>
    <${Async} state=${state}>${(cohorts) => (cohorts.length === 0 ? html`<${Empty}>${t('tri.cohorts.none')}</${Empty}>` : html`<ul class="tr-list" data-test="cohort-list">
      ${cohorts.map((c) => html`<li class="tr-item card" key=${c.name} data-test="cohort" data-name=${c.name}>
        <div class="tr-item-head"><strong>${c.displayName}</strong>
          <a class="btn btn-ghost" href=${`/v1/${c.name}/report:csv`} download=${`magang-${idOf(c.name)}.csv`}>${t('tri.report')}</a></div>
        <p class="muted">${range(c.startDate, c.endDate)} · ${title(c.programme, programmes, 'title')} · ${title(c.agreement, agreements, 'number')}</p>
        <${Table} caption=${t('tri.quota')} rows=${c.quotas || []} rowKey=${(q) => q.agency} columns=${[
          { key: 'agency', label: t('tri.col.agency'), render: (q) => q.agency },
          { key: 'seats', label: t('tri.quota'), num: true, render: (q) => t('tri.quota.value', { placed: fmtNumber(num(q.placed)), seats: fmtNumber(num(q.seats)) }) },
        ]} />
      </li>`)}</ul>`)}</${Async}>
    <${FormDialog} title=${t('tri.newCohort')} open=${open} onClose=${() => setOpen(false)} onDone=${() => { setOpen(false); onChange(); }} test="cohort-form"
      initial=${{ displayName: '', agreement: '', programme: '', startDate: '', endDate: '', quotas: [{ agency: '', seats: '' }] }}
      names=${['display_name', 'agreement', 'programme', 'start_date', 'end_date', 'quotas']}
      send=${(f) => post('/v1/cohorts', {
        displayName: f.displayName.trim(), agreement: f.agreement, programme: f.programme, startDate: f.startDate || undefined, endDate: f.endDate || undefined,
        quotas: f.quotas.filter((q) => q.agency).map((q) => ({ agency: q.agency, seats: Number(q.seats) || 0 })),
      }, { headers: { 'Idempotency-Key': newKey() } })}
      fields=${(f, set, err, setF) => html`
        <${Input} label=${t('tri.f.cohortName')} name="display_name" value=${f.displayName} onValue=${set('displayName')} hint=${t('tri.f.cohortName.hint')} required error=${err('display_name')} />
        <${Select} label=${t('tri.f.agreement')} name="agreement" value=${f.agreement} onValue=${set('agreement')} required error=${err('agreement')}
          options=${[{ value: '', label: t('tri.f.choose') }, ...agreements.map((a) => ({ value: a.name, label: `${a.number} — ${a.title}` }))]} />
        <${Select} label=${t('tri.f.programme')} name="programme" value=${f.programme} onValue=${set('programme')} required error=${err('programme')}
          options=${[{ value: '', label: t('tri.f.choose') }, ...programmes.map((p) => ({ value: p.name, label: `${p.title} (${num(p.jp)} JP)` }))]} />
        <div class="form-row">
          <${Input} type="date" label=${t('tri.f.from')} name="start_date" value=${f.startDate} onValue=${set('startDate')} required error=${err('start_date')} />
          <${Input} type="date" label=${t('tri.f.to')} name="end_date" value=${f.endDate} min=${f.startDate || undefined} onValue=${set('endDate')} required error=${err('end_date')} />
        </div>
        <fieldset class="sv-fieldset"><legend>${t('tri.f.quotas')}</legend>
          ${f.quotas.map((q, i) => html`<div class="form-row tr-quota" key=${i}>
            <${AgencyPicker} list=${orgList} value=${q.agency} onValue=${(v) => setF((x) => ({ ...x, quotas: x.quotas.map((y, j) => (j === i ? { ...y, agency: v } : y)) }))}
              name=${`quotas[${i}].agency`} error=${err(`quotas[${q.agency}]`)} />
            <${Input} type="number" label=${t('tri.f.seats')} name=${`quotas[${i}].seats`} value=${q.seats} min="1" inputmode="numeric"
              onValue=${(v) => setF((x) => ({ ...x, quotas: x.quotas.map((y, j) => (j === i ? { ...y, seats: v } : y)) }))} />
          </div>`)}
          <div class="actions"><${Button} kind="ghost" onClick=${() => setF((x) => ({ ...x, quotas: [...x.quotas, { agency: '', seats: '' }] }))}>${t('tri.f.addQuota')}</${Button}></div>
        </fieldset>`} />
  </${Card}>`;
}

/** PlacementTable lists placements with their participant, place, mentor and state. */
export function PlacementTable({ rows, cohorts = [], empty, test }) {
  const names = useNames(rows.map((p) => p.mentor));
  const cohortName = (n) => cohorts.find((c) => c.name === n)?.displayName || idOf(n);
  return html`<div data-test=${test}><${Table} rows=${rows} rowKey=${(p) => p.name} empty=${empty} columns=${[
    { key: 'who', label: t('tri.col.participant'), render: (p) => html`<span><${Link} href=${`/magang/${idOf(p.name)}`} data-test="placement-row" data-name=${p.name}>${participantOf(p)}</${Link}>
      <br /><span class="muted">${p.employee ? `${t('tri.employee')} · ${p.employee}` : `${t('tri.student')} · ${p.student?.institution || ''}`}</span></span>` },
    { key: 'place', label: t('tri.col.place'), render: (p) => [p.agency, p.unit].filter(Boolean).join(' · ') },
    { key: 'mentor', label: t('tri.col.mentor'), render: (p) => names[p.mentor] || p.mentor },
    { key: 'cohort', label: t('tri.col.cohort'), render: (p) => cohortName(p.cohort) },
    { key: 'state', label: t('tri.col.state'), render: (p) => html`<${PlacementBadge} p=${p} />` },
    { key: 'score', label: t('tri.col.score'), num: true, render: (p) => (p.state === 'PLACEMENT_STATE_COMPLETED' ? fmtNumber(num(p.score)) : '—') },
  ]} /></div>`;
}

function Placements({ cohorts, orgList, agencyHR, agency, canEdit, version, onChange }) {
  useLang();
  const [cohort, setCohort] = useState('');
  const [open, setOpen] = useState(false);
  const list = useAsync(() => getAll('/v1/placements', { cohort, agency: agencyHR ? agency : '', pageSize: 1000 }, 'placements', 5000), [cohort, agency, version]);
  return html`<${Card} title=${t('tri.placements')} actions=${canEdit ? html`<${Button} kind="secondary" onClick=${() => setOpen(true)} disabled=${!cohorts.length} data-test="placement-create">${t('tri.newPlacement')}</${Button}>` : null}>
    <${Select} label=${t('tri.filterCohort')} name="cohort" value=${cohort} onValue=${setCohort}
      options=${[{ value: '', label: t('tri.allCohorts') }, ...cohorts.map((c) => ({ value: c.name, label: c.displayName }))]} />
    <${Async} state=${list}>${(rows) => html`<${PlacementTable} rows=${rows} cohorts=${cohorts} empty=${t('tri.placements.none')} test="placement-list" />`}</${Async}>
    <${FormDialog} title=${t('tri.newPlacement')} open=${open} onClose=${() => setOpen(false)} onDone=${() => { setOpen(false); onChange(); }} test="placement-form"
      initial=${{ cohort: cohort || '', kind: 'employee', employee: '', fullName: '', studentNumber: '', institution: '', studyProgramme: '', agency: agencyHR ? agency : '', unit: '', mentor: '' }}
      names=${['cohort', 'employee', 'student.full_name', 'student.student_number', 'student.institution', 'student.study_programme', 'agency', 'unit', 'mentor']}
      send=${(f) => post('/v1/placements', {
        cohort: f.cohort, agency: f.agency, unit: f.unit.trim() || undefined, mentor: f.mentor.trim(),
        ...(f.kind === 'employee' ? { employee: f.employee.trim() } : {
          student: { fullName: f.fullName.trim(), studentNumber: f.studentNumber.trim(), institution: f.institution.trim(), studyProgramme: f.studyProgramme.trim() || undefined },
        }),
      }, { headers: { 'Idempotency-Key': newKey() } })}
      fields=${(f, set, err) => html`
        <${Select} label=${t('tri.f.cohort')} name="cohort" value=${f.cohort} onValue=${set('cohort')} required error=${err('cohort')}
          options=${[{ value: '', label: t('tri.f.choose') }, ...cohorts.map((c) => ({ value: c.name, label: c.displayName }))]} />
        <${Select} label=${t('tri.f.participantKind')} name="kind" value=${f.kind} onValue=${set('kind')} options=${[{ value: 'employee', label: t('tri.employee') }, { value: 'student', label: t('tri.student') }]} />
        ${f.kind === 'employee' ? html`<${EmployeePicker} label=${t('tri.f.participant')} name="employee" value=${f.employee} onValue=${set('employee')} required error=${err('employee')} test="placement-employee" />`
          : html`<div class="form-row">
            <${Input} label=${t('tri.f.studentName')} name="student.full_name" value=${f.fullName} onValue=${set('fullName')} required error=${err('student.full_name')} />
            <${Input} label=${t('tri.f.studentNumber')} name="student.student_number" value=${f.studentNumber} onValue=${set('studentNumber')} required error=${err('student.student_number')} />
          </div><div class="form-row">
            <${Input} label=${t('tri.f.institution')} name="student.institution" value=${f.institution} onValue=${set('institution')} required error=${err('student.institution')} />
            <${Input} label=${t('tri.f.studyProgramme')} name="student.study_programme" value=${f.studyProgramme} onValue=${set('studyProgramme')} error=${err('student.study_programme')} />
          </div>`}
        <div class="form-row">
          <${AgencyPicker} list=${orgList} value=${f.agency} onValue=${set('agency')} locked=${agencyHR} label=${t('tri.f.agency')} required error=${err('agency')} />
          <${Input} label=${t('tri.f.unit')} name="unit" value=${f.unit} onValue=${set('unit')} error=${err('unit')} />
        </div>
        <${EmployeePicker} label=${t('tri.f.mentor')} name="mentor" value=${f.mentor} onValue=${set('mentor')} agency=${f.agency} required error=${err('mentor')} test="placement-mentor" />`} />
  </${Card}>`;
}

/** Mine is what an employee sees: the participants they mentor and their own internship. */
function Mine({ nip }) {
  useLang();
  const data = useAsync(async () => {
    const [mentoring, own] = await Promise.all([
      getAll('/v1/placements', { mentor: nip, pageSize: 500 }, 'placements', 2000),
      getAll('/v1/placements', { employee: nip, pageSize: 500 }, 'placements', 2000),
    ]);
    return { mentoring, own };
  }, [nip]);
  return html`<${Async} state=${data}>${({ mentoring, own }) => html`
    <${Card} title=${t('tri.mentoring')}><${PlacementTable} rows=${mentoring} empty=${t('tri.mentoring.none')} test="mentoring-list" /></${Card}>
    <${Card} title=${t('tri.mine')}><${PlacementTable} rows=${own} empty=${t('tri.mine.none')} test="own-placements" /></${Card}>`}</${Async}>`;
}

/** Internship is the /magang screen. */
export default function Internship({ session }) {
  useLang();
  const hr = hasRole('agency-hr', 'city-hr', 'auditor');
  const agencyHR = hasRole('agency-hr') && !hasRole('city-hr');
  const canCity = !readOnly() && hasRole('city-hr');
  const canEdit = !readOnly() && hasRole('agency-hr', 'city-hr');
  const org = useAgencies();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const refs = useAsync(async () => {
    if (!hr) return null;
    const [partners, agreements, cohorts, programmes] = await Promise.all([
      getAll('/v1/partners', { pageSize: 1000 }, 'partners', 2000),
      getAll('/v1/partners/-/agreements', { pageSize: 1000 }, 'agreements', 5000),
      getAll('/v1/cohorts', { agency: agencyHR ? session.agency : '', pageSize: 1000 }, 'cohorts', 2000),
      getAll('/v1/programmes', { form: 'PROGRAMME_FORM_INTERNSHIP', pageSize: 1000 }, 'programmes', 2000),
    ]);
    return { partners, agreements, cohorts, programmes };
  }, [hr, version]);
  const cohortState = { ...refs, data: refs.data?.cohorts };
  return html`<${Page} title=${t('tri.title')} wide>
    <p class="hint">${t('tri.intro')}</p>
    ${hr && !canEdit ? html`<p class="alert alert-info">${t('tri.readonly')}</p>` : null}
    ${hasRole('employee', 'supervisor') ? html`<${Mine} nip=${session.subject} />` : null}
    ${hr ? html`
      <${Partners} data=${refs} canCity=${canCity} onChange=${changed} />
      <${Cohorts} state=${cohortState} agreements=${refs.data?.agreements || []} programmes=${refs.data?.programmes || []} orgList=${org.list} canCity=${canCity} onChange=${changed} />
      <${Placements} cohorts=${refs.data?.cohorts || []} orgList=${org.list} agencyHR=${agencyHR} agency=${session.agency} canEdit=${canEdit} version=${version} onChange=${changed} />` : null}
  </${Page}>`;
}
