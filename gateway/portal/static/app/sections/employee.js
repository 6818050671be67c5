// employee.js: "Data pegawai" (/pegawai/:nip), one employee's record for HR: who they are
// (NIP, name with titles, type, rank, sex, dates the NIP encodes), where they serve (agency,
// unit, position, supervisor) and the history of their postings from the Employee resource,
// newest first, with a transfer dated ahead said plainly. HR acts here: edit the fields
// UpdateEmployee allows, retire (agency HR of the agency, city HR) and transfer to another
// agency or out of the city (city HR: TransferEmployee). Each action sends the etag it read, so
// a record changed meanwhile is refused rather than overwritten. The inspectorate only reads.
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, todayIn } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { Page, Card, Async, useAsync, Input, Select, Button, Table, Dialog, FormError, fieldError, toast, Badge } from '../ui.js';
import { hasRole, readOnly } from '../session.js';
import { Link } from '../router.js';
import {
  useAgencies, AgencyPicker, unitsOf, agencyName, positionsOf, positionTitles, StatusBadge, label, rankOptions,
  EmployeePicker, useNames, fmtWhen, compact,
} from './_shared/ch-common.js';

addMessages({
  id: {
    'employee.title': 'Data pegawai', 'employee.back': '← Daftar pegawai', 'employee.identity': 'Identitas', 'employee.posting': 'Penugasan sekarang',
    'employee.history': 'Riwayat penugasan', 'employee.history.none': 'Belum ada riwayat.', 'employee.period': 'Periode',
    'employee.now': 'sekarang', 'employee.from': 'mulai {date} (terjadwal)', 'employee.endReason': 'Keterangan', 'employee.updated': 'Terakhir diubah {when}',
    'employee.pending': 'Mutasi ke {agency} berlaku mulai {date}; sampai saat itu pegawai tetap di instansi lama.',
    'employee.pendingOut': 'Pindah keluar pemerintah kota mulai {date}.',
    'employee.attendance': 'Lihat kehadiran', 'employee.audit': 'Jejak audit', 'employee.actions': 'Tindakan',
    'employee.edit': 'Ubah data', 'employee.transfer': 'Mutasi', 'employee.retire': 'Pensiun',
    'employee.edit.title': 'Ubah data pegawai', 'employee.edit.none': 'Tidak ada yang diubah.', 'employee.edit.done': 'Data pegawai disimpan.',
    'employee.transfer.title': 'Mutasi pegawai', 'employee.transfer.intro': 'Penugasan sekarang ditutup sehari sebelum tanggal berlaku dan tetap tersimpan di riwayat.',
    'employee.transfer.where': 'Tujuan', 'employee.transfer.city': 'Instansi lain di pemerintah kota', 'employee.transfer.out': 'Keluar dari pemerintah kota',
    'employee.transfer.agency': 'Instansi tujuan', 'employee.transfer.external': 'Instansi tujuan di luar kota', 'employee.transfer.external.hint': 'Mis. Pemerintah Provinsi Sumatera Utara',
    'employee.transfer.supervisor': 'Atasan langsung di instansi baru', 'employee.effective': 'Tanggal berlaku', 'employee.reason': 'Nomor SK / alasan',
    'employee.transfer.submit': 'Simpan mutasi', 'employee.transfer.done': 'Mutasi disimpan.',
    'employee.retire.title': 'Pensiun', 'employee.retire.intro': 'Pegawai berstatus pensiun mulai tanggal berlaku; datanya tetap tersimpan.',
    'employee.retire.submit': 'Simpan pensiun', 'employee.retire.done': 'Pensiun dicatat.',
  },
  en: {
    'employee.title': 'Employee', 'employee.back': '← Employees', 'employee.identity': 'Identity', 'employee.posting': 'Current posting',
    'employee.history': 'Posting history', 'employee.history.none': 'No history yet.', 'employee.period': 'Period',
    'employee.now': 'now', 'employee.from': 'from {date} (scheduled)', 'employee.endReason': 'Note', 'employee.updated': 'Last changed {when}',
    'employee.pending': 'Transfer to {agency} takes effect on {date}; until then the employee stays in the old agency.',
    'employee.pendingOut': 'Moves out of the city government on {date}.',
    'employee.attendance': 'View attendance', 'employee.audit': 'Audit trail', 'employee.actions': 'Actions',
    'employee.edit': 'Edit', 'employee.transfer': 'Transfer', 'employee.retire': 'Retire',
    'employee.edit.title': 'Edit employee', 'employee.edit.none': 'Nothing changed.', 'employee.edit.done': 'Employee saved.',
    'employee.transfer.title': 'Transfer employee', 'employee.transfer.intro': 'The current posting ends the day before the effective date and stays in the history.',
    'employee.transfer.where': 'Destination', 'employee.transfer.city': 'Another agency of the city', 'employee.transfer.out': 'Out of the city government',
    'employee.transfer.agency': 'New agency', 'employee.transfer.external': 'Destination outside the city', 'employee.transfer.external.hint': 'E.g. Pemerintah Provinsi Sumatera Utara',
    'employee.transfer.supervisor': 'Direct supervisor in the new agency', 'employee.effective': 'Effective date', 'employee.reason': 'Decree number / reason',
    'employee.transfer.submit': 'Save transfer', 'employee.transfer.done': 'Transfer saved.',
    'employee.retire.title': 'Retire', 'employee.retire.intro': 'The employee is retired from the effective date; the record is kept.',
    'employee.retire.submit': 'Save retirement', 'employee.retire.done': 'Retirement recorded.',
  },
});

/** EmployeePage is the /pegawai/:nip screen. */
export default function EmployeePage({ params, session }) {
  useLang();
  const nip = params.nip;
  const org = useAgencies();
  const emp = useAsync(() => get(`/v1/employees/${encodeURIComponent(nip)}`), [nip]);
  const [dialog, setDialog] = useState('');
  const [titles, setTitles] = useState({});
  const e = emp.data;
  useEffect(() => {
    if (!e) return;
    let live = true;
    positionTitles([e.position, ...(e.history || []).map((h) => h.position)]).then((m) => live && setTitles(m));
    return () => { live = false; };
  }, [e]);
  const names = useNames(e ? [e.supervisor] : []);
  const done = (updated, msg) => { emp.set(updated); setDialog(''); toast(msg, 'ok'); };

  const title = e ? e.displayName || e.fullName : t('employee.title');
  const active = e?.status === 'EMPLOYEE_STATUS_ACTIVE';
  const today = todayIn();
  const last = e?.history?.[e.history.length - 1];
  const pending = active && last && last.startDate > today ? last : null;
  const pendingOut = active && last && last.endDate && last.endDate >= today ? last : null;
  const hr = !readOnly() && hasRole('city-hr', 'agency-hr');
  const mayRetire = hr && (hasRole('city-hr') || session.agency === e?.agency);
  const mayTransfer = !readOnly() && hasRole('city-hr');

  return html`<${Page} title=${title} actions=${html`<${Link} href="/pegawai">${t('employee.back')}</${Link}>`}>
    <${Async} state=${emp}>${(x) => html`
      <div class="ch-emp-head">
        <span class="ch-nip">NIP ${x.nip}</span> <${StatusBadge} status=${x.status} /> <${Badge} kind="info">${label('type', x.employmentType)}</${Badge}>
      </div>
      ${pending ? html`<p class="alert alert-warn" role="status">${t('employee.pending', { agency: agencyName(org.map, pending.agency), date: fmtDate(pending.startDate) })}</p>` : null}
      ${pendingOut && !pending ? html`<p class="alert alert-warn" role="status">${t('employee.pendingOut', { date: fmtDate(pendingOut.endDate) })}</p>` : null}
      ${(hr || mayTransfer) && active ? html`<div class="actions" aria-label=${t('employee.actions')}>
        ${hr ? html`<${Button} kind="secondary" onClick=${() => setDialog('edit')} data-test="employee-edit">${t('employee.edit')}</${Button}>` : null}
        ${mayTransfer ? html`<${Button} kind="secondary" onClick=${() => setDialog('transfer')} disabled=${!!(pending || pendingOut)} data-test="employee-transfer">${t('employee.transfer')}</${Button}>` : null}
        ${mayRetire ? html`<${Button} kind="danger" onClick=${() => setDialog('retire')} disabled=${!!(pending || pendingOut)} data-test="employee-retire">${t('employee.retire')}</${Button}>` : null}
      </div>` : null}
      <div class="grid grid-2">
        <${Card} title=${t('employee.posting')}>
          <dl class="ch-dl">
            <dt>${t('ch.agency')}</dt><dd>${agencyName(org.map, x.agency)}</dd>
            <dt>${t('ch.unit')}</dt><dd>${x.unit ? agencyName(org.map, x.unit) : t('ch.none')}</dd>
            <dt>${t('ch.position')}</dt><dd>${x.position ? titles[x.position] || x.position : t('ch.none')}</dd>
            <dt>${t('ch.supervisor')}</dt><dd>${x.supervisor ? html`<${Link} href=${`/pegawai/${x.supervisor}`}>${names[x.supervisor] || x.supervisor}</${Link}>` : t('ch.none')}</dd>
            <dt>${x.employmentType === 'EMPLOYMENT_TYPE_PPPK' ? t('ch.grade') : t('ch.rank')}</dt><dd>${x.rank || t('ch.none')}</dd>
          </dl>
          <p class="actions"><${Link} href=${`/tim/${x.nip}`}>${t('employee.attendance')}</${Link}>
            ${hasRole('city-hr', 'auditor') ? html`<${Link} href=${`/audit?resource=employees/${x.nip}`}>${t('employee.audit')}</${Link}>` : null}</p>
        </${Card}>
        <${Card} title=${t('employee.identity')}>
          <dl class="ch-dl">
            <dt>${t('ch.name')}</dt><dd>${x.displayName || x.fullName}</dd>
            <dt>${t('ch.sex')}</dt><dd>${label('sex', x.sex)}</dd>
            <dt>${t('ch.birth')}</dt><dd>${fmtDate(x.birthDate)}</dd>
            <dt>${t('ch.appointment')}</dt><dd>${fmtDate(x.appointmentDate)}</dd>
          </dl>
          <p class="muted">${t('employee.updated', { when: fmtWhen(x.updateTime) })}</p>
        </${Card}>
      </div>
      <${Card} title=${t('employee.history')}>
        <div data-test="employee-history">
          <${Table} columns=${[
            { key: 'period', label: t('employee.period'), render: (h) => (h.startDate > today ? t('employee.from', { date: fmtDate(h.startDate, { style: 'short' }) })
              : `${fmtDate(h.startDate, { style: 'short' })} – ${h.endDate ? fmtDate(h.endDate, { style: 'short' }) : t('employee.now')}`) },
            { key: 'agency', label: t('ch.agency'), render: (h) => agencyName(org.map, h.agency) },
            { key: 'unit', label: t('ch.unit'), render: (h) => (h.unit ? agencyName(org.map, h.unit) : t('ch.none')) },
            { key: 'position', label: t('ch.position'), render: (h) => (h.position ? titles[h.position] || h.position : t('ch.none')) },
            { key: 'endReason', label: t('employee.endReason'), render: (h) => h.endReason || t('ch.none') },
          ]} rows=${[...(x.history || [])].reverse()} empty=${t('employee.history.none')} />
        </div>
      </${Card}>
      <${Dialog} title=${t('employee.edit.title')} open=${dialog === 'edit'} onClose=${() => setDialog('')}>
        <${EditForm} e=${x} org=${org} onDone=${(u) => done(u, t('employee.edit.done'))} onCancel=${() => setDialog('')} />
      </${Dialog}>
      <${Dialog} title=${t('employee.transfer.title')} open=${dialog === 'transfer'} onClose=${() => setDialog('')}>
        <${TransferForm} e=${x} org=${org} onDone=${(u) => done(u, t('employee.transfer.done'))} onCancel=${() => setDialog('')} />
      </${Dialog}>
      <${Dialog} title=${t('employee.retire.title')} open=${dialog === 'retire'} onClose=${() => setDialog('')}>
        <${RetireForm} e=${x} onDone=${(u) => done(u, t('employee.retire.done'))} onCancel=${() => setDialog('')} />
      </${Dialog}>`}
    </${Async}>
  </${Page}>`;
}

/** usePositions lists an agency's positions for a Select, those of unit (and the agency's own) first. */
function usePositions(agency, unit) {
  const [list, set] = useState([]);
  useEffect(() => {
    let live = true;
    positionsOf(agency).then((p) => live && set(p)).catch(() => live && set([]));
    return () => { live = false; };
  }, [agency]);
  return [{ value: '', label: t('ch.position.none') }, ...list.filter((p) => !unit || !p.unit || p.unit === unit)
    .sort((a, b) => a.title.localeCompare(b.title, 'id'))
    .map((p) => ({ value: p.id, label: `${p.title} (${label('pkind', p.kind)}, ${p.class})` }))];
}

const EDITABLE = [['fullName', 'full_name'], ['frontTitle', 'front_title'], ['backTitle', 'back_title'], ['rank', 'rank'], ['unit', 'unit'], ['position', 'position'], ['supervisor', 'supervisor']];

/** EditForm changes what UpdateEmployee allows, sending only the changed fields in the mask. */
function EditForm({ e, org, onDone, onCancel }) {
  const [v, setV] = useState(() => Object.fromEntries(EDITABLE.map(([k]) => [k, e[k] || ''])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x, ...(k === 'unit' ? { position: '' } : {}) }));
  const positions = usePositions(e.agency, v.unit);
  const err = (f) => fieldError(error, f);
  const submit = async (ev) => {
    ev.preventDefault();
    const changed = EDITABLE.filter(([k]) => (v[k] || '').trim() !== (e[k] || ''));
    if (!changed.length) { setError(null); onCancel(); toast(t('employee.edit.none')); return; }
    setBusy(true); setError(null);
    try {
      const body = { etag: e.etag, ...Object.fromEntries(changed.map(([k]) => [k, v[k].trim()])) };
      onDone(await patch(`/v1/employees/${e.nip}?updateMask=${changed.map(([, f]) => f).join(',')}`, body));
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const units = unitsOf(org.list, e.agency);
  return html`<form class="ch-f" onSubmit=${submit} noValidate>
    <${Input} label=${t('ch.fullName')} name="full_name" value=${v.fullName} onValue=${set('fullName')} required error=${err('full_name')} />
    <div class="form-row">
      <${Input} label=${t('ch.frontTitle')} name="front_title" value=${v.frontTitle} onValue=${set('frontTitle')} error=${err('front_title')} />
      <${Input} label=${t('ch.backTitle')} name="back_title" value=${v.backTitle} onValue=${set('backTitle')} error=${err('back_title')} />
    </div>
    <${Select} label=${e.employmentType === 'EMPLOYMENT_TYPE_PPPK' ? t('ch.grade') : t('ch.rank')} name="rank" value=${v.rank} onValue=${set('rank')} error=${err('rank')} options=${rankOptions(e.employmentType)} />
    <${Select} label=${t('ch.unit')} name="unit" value=${v.unit} onValue=${set('unit')} error=${err('unit')}
      options=${[{ value: '', label: t('ch.unit.none') }, ...units.map((u) => ({ value: u.code, label: u.displayName }))]} />
    <${Select} label=${t('ch.position')} name="position" value=${v.position} onValue=${set('position')} error=${err('position')} options=${positions} />
    <${EmployeePicker} label=${t('ch.supervisor')} name="supervisor" value=${v.supervisor} onValue=${set('supervisor')} agency="" error=${err('supervisor')} />
    <${FormError} error=${error} fields=${EDITABLE.map(([, f]) => f)} />
    <div class="actions">
      <${Button} type="submit" busy=${busy} data-test="employee-edit-submit">${t('common.save')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

/** TransferForm moves the employee to another agency or out of the city (POST …:transfer). */
function TransferForm({ e, org, onDone, onCancel }) {
  const [v, setV] = useState({ where: 'city', agency: '', unit: '', position: '', supervisor: '', externalDestination: '', effectiveDate: todayIn(), reason: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x, ...(k === 'agency' ? { unit: '', position: '', supervisor: '' } : {}), ...(k === 'unit' ? { position: '' } : {}) }));
  const positions = usePositions(v.agency, v.unit);
  const err = (f) => fieldError(error, f);
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true); setError(null);
    const body = v.where === 'city'
      ? compact({ agency: v.agency, unit: v.unit, position: v.position, supervisor: v.supervisor, effectiveDate: v.effectiveDate, reason: v.reason.trim(), etag: e.etag })
      : compact({ externalDestination: v.externalDestination.trim(), effectiveDate: v.effectiveDate, reason: v.reason.trim(), etag: e.etag });
    try { onDone(await post(`/v1/employees/${e.nip}:transfer`, body)); } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const others = (org.list || []).filter((a) => a.code !== e.agency);
  const units = unitsOf(org.list, v.agency);
  return html`<form class="ch-f" onSubmit=${submit} noValidate data-test="employee-transfer-form">
    <p class="muted">${t('employee.transfer.intro')}</p>
    <fieldset class="ch-choice"><legend>${t('employee.transfer.where')}</legend>
      <label><input type="radio" name="where" value="city" checked=${v.where === 'city'} onChange=${() => set('where')('city')} /> ${t('employee.transfer.city')}</label>
      <label><input type="radio" name="where" value="out" checked=${v.where === 'out'} onChange=${() => set('where')('out')} /> ${t('employee.transfer.out')}</label>
    </fieldset>
    ${v.where === 'city' ? html`
      <${AgencyPicker} list=${others} value=${v.agency} onValue=${set('agency')} label=${t('employee.transfer.agency')} required error=${err('agency')} test="employee-transfer-agency" />
      <div class="form-row">
        <${Select} label=${t('ch.unit')} name="unit" value=${v.unit} onValue=${set('unit')} error=${err('unit')} disabled=${!v.agency}
          options=${[{ value: '', label: t('ch.unit.none') }, ...units.map((u) => ({ value: u.code, label: u.displayName }))]} />
        <${Select} label=${t('ch.position')} name="position" value=${v.position} onValue=${set('position')} error=${err('position')} disabled=${!v.agency} options=${positions} />
      </div>
      <${EmployeePicker} label=${t('employee.transfer.supervisor')} name="supervisor" value=${v.supervisor} onValue=${set('supervisor')} agency=${v.agency}
        required error=${err('supervisor')} test="employee-transfer-supervisor" />` : html`
      <${Input} label=${t('employee.transfer.external')} name="external_destination" value=${v.externalDestination} onValue=${set('externalDestination')}
        hint=${t('employee.transfer.external.hint')} required maxlength="200" error=${err('external_destination')} />`}
    <div class="form-row">
      <${Input} label=${t('employee.effective')} name="effective_date" type="date" value=${v.effectiveDate} onValue=${set('effectiveDate')} required error=${err('effective_date')} data-test="employee-transfer-date" />
      <${Input} label=${t('employee.reason')} name="reason" value=${v.reason} onValue=${set('reason')} maxlength="200" error=${err('reason')} />
    </div>
    <${FormError} error=${error} fields=${['agency', 'unit', 'position', 'supervisor', 'external_destination', 'effective_date', 'reason']} />
    <div class="actions">
      <${Button} type="submit" busy=${busy} data-test="employee-transfer-submit">${t('employee.transfer.submit')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

/** RetireForm records the retirement (POST …:retire). */
function RetireForm({ e, onDone, onCancel }) {
  const [v, setV] = useState({ effectiveDate: todayIn(), reason: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true); setError(null);
    try {
      onDone(await post(`/v1/employees/${e.nip}:retire`, compact({ effectiveDate: v.effectiveDate, reason: v.reason.trim(), etag: e.etag })));
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form class="ch-f" onSubmit=${submit} noValidate>
    <p class="muted">${t('employee.retire.intro')}</p>
    <${Input} label=${t('employee.effective')} name="effective_date" type="date" value=${v.effectiveDate} onValue=${(x) => setV({ ...v, effectiveDate: x })} required error=${fieldError(error, 'effective_date')} />
    <${Input} label=${t('employee.reason')} name="reason" value=${v.reason} onValue=${(x) => setV({ ...v, reason: x })} maxlength="200" error=${fieldError(error, 'reason')} />
    <${FormError} error=${error} fields=${['effective_date', 'reason']} />
    <div class="actions">
      <${Button} type="submit" kind="danger" busy=${busy} data-test="employee-retire-submit">${t('employee.retire.submit')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}
