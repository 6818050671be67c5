// sv-hours.js: an agency's working time for the offices screen (/kantor): the work schedule
// (GetWorkSchedule / UpdateWorkSchedule: hours per weekday, regular and Ramadan), its shifts
// (ListShifts / CreateShift) and an employee's roster (ListRoster / SetRoster). Agency HR of the
// agency and city HR change them; the inspectorate only reads.
import { html, useState } from '../../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber } from '../../i18n.js';
import { get, post, patch, addErrorTranslations } from '../../api.js';
import { Card, useAsync, Async, Button, Badge, Input, Select, FormError, fieldError, Table, Dialog, Empty, toast } from '../../ui.js';
import { MonthSwitcher, monthDays, monthRange, thisMonth, rememberEmployees } from './sv-common.js';

addMessages({
  id: {
    'hours.title': 'Jam kerja', 'hours.national': 'Jam kerja nasional (Perpres 21/2023)', 'hours.own': 'Jam kerja instansi',
    'hours.regular': 'Hari biasa', 'hours.ramadan': 'Bulan Ramadan', 'hours.day': 'Hari', 'hours.start': 'Mulai', 'hours.end': 'Selesai',
    'hours.work': 'Jam kerja (menit)', 'hours.break': 'Istirahat (menit)', 'hours.off': 'Libur', 'hours.week': 'Sepekan: {h}',
    'hours.edit': 'Ubah jam kerja', 'hours.saved': 'Jam kerja disimpan.', 'hours.editTitle': 'Ubah jam kerja {agency}',
    'hours.workShort': 'Kerja', 'hours.breakShort': 'Istirahat', 'hours.min': '{n} m',
    'hours.hint': 'Kosongkan jam mulai dan isi 0 menit untuk hari libur.', 'hours.hm': '{h} j {m} m', 'hours.h': '{h} jam',
    'day.monday': 'Senin', 'day.tuesday': 'Selasa', 'day.wednesday': 'Rabu', 'day.thursday': 'Kamis', 'day.friday': 'Jumat', 'day.saturday': 'Sabtu', 'day.sunday': 'Minggu',
    'shifts.title': 'Shift', 'shifts.none': 'Instansi ini belum memiliki shift.', 'shifts.code': 'Kode', 'shifts.start': 'Mulai', 'shifts.end': 'Selesai',
    'shifts.work': 'Jam kerja (menit)', 'shifts.break': 'Istirahat (menit)', 'shifts.add': 'Tambah shift', 'shifts.saved': 'Shift {code} ditambahkan.',
    'shifts.codeHint': 'Huruf besar/angka, mis. P (pagi), S (siang), M (malam).',
    'roster.title': 'Jadwal shift pegawai', 'roster.employee': 'Pegawai (nama atau NIP)', 'roster.pick': 'Pilih pegawai',
    'roster.search': 'Cari pegawai', 'roster.none': 'Belum ada jadwal pada bulan ini.', 'roster.date': 'Tanggal', 'roster.shift': 'Shift',
    'roster.off': 'Libur (OFF)', 'roster.set': 'Atur jadwal', 'roster.from': 'Dari tanggal', 'roster.to': 'Sampai tanggal',
    'roster.days': 'Hari', 'roster.everyDay': 'Setiap hari', 'roster.weekdays': 'Senin–Jumat', 'roster.weekends': 'Sabtu–Minggu',
    'roster.saved': '{n} hari jadwal disimpan.', 'roster.noShifts': 'Buat shift dulu sebelum mengatur jadwal.', 'roster.found': '{n} pegawai ditemukan',
    'roster.tooMany': 'Paling banyak 366 hari sekaligus.',
  },
  en: {
    'hours.title': 'Working hours', 'hours.national': 'National working hours (Perpres 21/2023)', 'hours.own': 'The agency\'s own hours',
    'hours.regular': 'Regular days', 'hours.ramadan': 'Ramadan', 'hours.day': 'Day', 'hours.start': 'Start', 'hours.end': 'End',
    'hours.work': 'Work (minutes)', 'hours.break': 'Break (minutes)', 'hours.off': 'Off', 'hours.week': 'Week: {h}',
    'hours.edit': 'Change working hours', 'hours.saved': 'Working hours saved.', 'hours.editTitle': 'Change the working hours of {agency}',
    'hours.workShort': 'Work', 'hours.breakShort': 'Break', 'hours.min': '{n} m',
    'hours.hint': 'Leave the start empty and 0 minutes for a day off.', 'hours.hm': '{h} h {m} m', 'hours.h': '{h} h',
    'day.monday': 'Monday', 'day.tuesday': 'Tuesday', 'day.wednesday': 'Wednesday', 'day.thursday': 'Thursday', 'day.friday': 'Friday', 'day.saturday': 'Saturday', 'day.sunday': 'Sunday',
    'shifts.title': 'Shifts', 'shifts.none': 'This agency has no shifts.', 'shifts.code': 'Code', 'shifts.start': 'Start', 'shifts.end': 'End',
    'shifts.work': 'Work (minutes)', 'shifts.break': 'Break (minutes)', 'shifts.add': 'Add a shift', 'shifts.saved': 'Shift {code} added.',
    'shifts.codeHint': 'Capital letters/digits, e.g. P (morning), S (afternoon), M (night).',
    'roster.title': 'Employee roster', 'roster.employee': 'Employee (name or NIP)', 'roster.pick': 'Choose an employee',
    'roster.search': 'Search employees', 'roster.none': 'Nothing rostered this month.', 'roster.date': 'Date', 'roster.shift': 'Shift',
    'roster.off': 'Day off (OFF)', 'roster.set': 'Set the roster', 'roster.from': 'From', 'roster.to': 'To',
    'roster.days': 'Days', 'roster.everyDay': 'Every day', 'roster.weekdays': 'Monday–Friday', 'roster.weekends': 'Saturday–Sunday',
    'roster.saved': '{n} roster days saved.', 'roster.noShifts': 'Create a shift before setting a roster.', 'roster.found': '{n} employees found',
    'roster.tooMany': 'At most 366 days at once.',
  },
});

addErrorTranslations([
  { re: /^does not match regex pattern `.*\[0-5\]\[0-9\].*`$/, id: 'harus berbentuk "JJ:MM", mis. 07:30' },
  { re: /^does not match regex pattern `\^\[A-Z0-9\]\{1,8\}\$`$/, id: '1–8 huruf besar atau angka, tanpa spasi' },
  { re: /^must be greater than or equal to (-?[\d.]+) and less than or equal to (-?[\d.]+)$/, id: 'harus antara $1 dan $2' },
  { re: /^must be greater than (-?[\d.]+) and less than or equal to (-?[\d.]+)$/, id: 'harus lebih dari $1 dan paling banyak $2' },
]);

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const hm = (min) => ((min || 0) % 60 ? t('hours.hm', { h: Math.floor((min || 0) / 60), m: (min || 0) % 60 }) : t('hours.h', { h: (min || 0) / 60 }));

/** Week shows one week of hours (regular or Ramadan) as a compact table (kept a table on a phone,
 * where it scrolls sideways in its own region, reachable by keyboard). */
function Week({ week, caption }) {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="sv-hours-table">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">${t('hours.day')}</th><th scope="col">${t('hours.start')}</th><th scope="col">${t('hours.end')}</th><th scope="col" class="num">${t('hours.workShort')}</th><th scope="col" class="num">${t('hours.breakShort')}</th></tr></thead>
    <tbody>${WEEKDAYS.map((d) => {
      const r = week?.[d] || {};
      return html`<tr><th scope="row">${t('day.' + d)}</th>${r.workMinutes
        ? html`<td>${(r.start || '').replace(':', '.')}</td><td>${(r.end || '').replace(':', '.')}</td><td class="num">${hm(r.workMinutes)}</td><td class="num">${t('hours.min', { n: r.breakMinutes || 0 })}</td>`
        : html`<td colspan="4" class="muted">${t('hours.off')}</td>`}</tr>`;
    })}</tbody>
  </table></div>`;
}

/** WeekForm edits one week: start, work and break minutes per weekday. */
function WeekForm({ name, value, onValue, error, legend }) {
  const set = (d, k, v) => onValue({ ...value, [d]: { ...(value[d] || {}), [k]: v } });
  return html`<fieldset class="sv-fieldset"><legend>${legend}</legend>
    <table class="sv-week"><thead><tr><th scope="col">${t('hours.day')}</th><th scope="col">${t('hours.start')}</th><th scope="col">${t('hours.work')}</th><th scope="col">${t('hours.break')}</th></tr></thead>
    <tbody>${WEEKDAYS.map((d) => {
      const v = value[d] || {};
      const err = (k) => fieldError(error, `${name}.${d}.${k}`);
      const lbl = (k) => `${t('day.' + d)}, ${t('hours.' + k)}`;
      return html`<tr><th scope="row">${t('day.' + d)}</th>
        <td><input type="time" aria-label=${lbl('start')} value=${v.start || ''} onInput=${(e) => set(d, 'start', e.currentTarget.value)} aria-invalid=${err('start') ? 'true' : undefined} title=${err('start') || undefined} />${err('start') ? html`<p class="field-error">${err('start')}</p>` : null}</td>
        <td><input type="number" min="0" max="1440" step="15" aria-label=${lbl('work')} value=${v.workMinutes ?? 0} onInput=${(e) => set(d, 'workMinutes', +e.currentTarget.value)} />${err('work_minutes') ? html`<p class="field-error">${err('work_minutes')}</p>` : null}</td>
        <td><input type="number" min="0" max="600" step="15" aria-label=${lbl('break')} value=${v.breakMinutes ?? 0} onInput=${(e) => set(d, 'breakMinutes', +e.currentTarget.value)} />${err('break_minutes') ? html`<p class="field-error">${err('break_minutes')}</p>` : null}</td>
      </tr>`;
    })}</tbody></table></fieldset>`;
}

const strip = (week) => Object.fromEntries(WEEKDAYS.map((d) => {
  const v = week?.[d] || {};
  return [d, v.workMinutes ? { start: v.start || '', workMinutes: v.workMinutes || 0, breakMinutes: v.breakMinutes || 0 } : { start: '', workMinutes: 0, breakMinutes: 0 }];
}));

/** ScheduleForm changes an agency's regular and Ramadan hours. */
function ScheduleForm({ agency, schedule, onSaved, onCancel }) {
  const [regular, setRegular] = useState(() => strip(schedule.regular));
  const [ramadan, setRamadan] = useState(() => strip(schedule.ramadan));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const out = await patch(`/v1/agencies/${agency}/workSchedule`, { regular, ramadan });
      toast(t('hours.saved'), 'ok');
      onSaved(out);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} novalidate>
    <p class="hint">${t('hours.hint')}</p>
    <${WeekForm} name="regular" legend=${t('hours.regular')} value=${regular} onValue=${setRegular} error=${error} />
    <${WeekForm} name="ramadan" legend=${t('hours.ramadan')} value=${ramadan} onValue=${setRamadan} error=${error} />
    <${FormError} error=${error} fields=${WEEKDAYS.flatMap((d) => ['start', 'work_minutes', 'break_minutes'].flatMap((k) => [`regular.${d}.${k}`, `ramadan.${d}.${k}`]))} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="hours-save">${t('common.save')}</${Button}><${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}></div>
  </form>`;
}

/** WorkSchedule is the agency's hours card. */
export function WorkSchedule({ agency, canEdit }) {
  useLang();
  const s = useAsync(() => get(`/v1/agencies/${agency}/workSchedule`), [agency]);
  const [editing, setEditing] = useState(false);
  return html`<${Card} title=${t('hours.title')} actions=${canEdit && s.data ? html`<${Button} kind="secondary" data-test="hours-edit" onClick=${() => setEditing(true)}>${t('hours.edit')}</${Button}>` : null}>
    <${Async} state=${s}>${(w) => html`
      <p>${w.nationalDefault ? html`<${Badge} kind="info">${t('hours.national')}</${Badge}>` : html`<${Badge} kind="ok">${t('hours.own')}</${Badge}>`}</p>
      <div class="grid grid-2">
        <div><${Week} week=${w.regular} caption=${`${t('hours.regular')} — ${t('hours.week', { h: hm(w.regular?.weeklyWorkMinutes) })}`} /></div>
        <div><${Week} week=${w.ramadan} caption=${`${t('hours.ramadan')} — ${t('hours.week', { h: hm(w.ramadan?.weeklyWorkMinutes) })}`} /></div>
      </div>
      <${Dialog} title=${t('hours.editTitle', { agency })} open=${editing} onClose=${() => setEditing(false)}>
        <${ScheduleForm} agency=${agency} schedule=${w} onSaved=${(out) => { s.set(out); setEditing(false); }} onCancel=${() => setEditing(false)} />
      </${Dialog}>`}</${Async}>
  </${Card}>`;
}

/** ShiftForm adds a shift to the agency. */
function ShiftForm({ agency, onSaved }) {
  const [v, setV] = useState({ code: '', start: '', workMinutes: 480, breakMinutes: 60 });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const out = await post(`/v1/agencies/${agency}/shifts`, { code: v.code.trim().toUpperCase(), start: v.start, workMinutes: +v.workMinutes, breakMinutes: +v.breakMinutes });
      toast(t('shifts.saved', { code: out.code }), 'ok');
      setV({ code: '', start: '', workMinutes: 480, breakMinutes: 60 });
      onSaved(out);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} class="sv-inline-form" novalidate>
    <h3 class="h3">${t('shifts.add')}</h3>
    <div class="form-row">
      <${Input} label=${t('shifts.code')} name="code" value=${v.code} onValue=${set('code')} required maxlength="8" hint=${t('shifts.codeHint')} error=${fieldError(error, 'code')} autocomplete="off" />
      <${Input} type="time" label=${t('shifts.start')} name="start" value=${v.start} onValue=${set('start')} required error=${fieldError(error, 'start')} />
      <${Input} type="number" label=${t('shifts.work')} name="work_minutes" value=${v.workMinutes} onValue=${set('workMinutes')} min="1" max="1440" step="15" required error=${fieldError(error, 'work_minutes')} />
      <${Input} type="number" label=${t('shifts.break')} name="break_minutes" value=${v.breakMinutes} onValue=${set('breakMinutes')} min="0" max="600" step="15" error=${fieldError(error, 'break_minutes')} />
    </div>
    <${FormError} error=${error} fields=${['code', 'start', 'work_minutes', 'break_minutes']} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="shift-add">${t('shifts.add')}</${Button}></div>
  </form>`;
}

/** Shifts lists the agency's shifts and, for HR, adds one. */
export function Shifts({ agency, canEdit, onChange }) {
  useLang();
  const s = useAsync(() => get(`/v1/agencies/${agency}/shifts`).then((r) => r.shifts || []), [agency]);
  return html`<${Card} title=${t('shifts.title')}>
    <${Async} state=${s}>${(rows) => html`<${Table} rows=${rows} rowKey=${(r) => r.code} empty=${t('shifts.none')} columns=${[
      { key: 'code', label: t('shifts.code'), render: (r) => html`<strong>${r.code}</strong>` },
      { key: 'start', label: t('shifts.start'), render: (r) => r.start.replace(':', '.') },
      { key: 'end', label: t('shifts.end'), render: (r) => (r.end || '').replace(':', '.') },
      { key: 'work', label: t('shifts.work'), num: true, render: (r) => hm(r.workMinutes) },
      { key: 'break', label: t('shifts.break'), num: true, render: (r) => fmtNumber(r.breakMinutes || 0) },
    ]} />`}</${Async}>
    ${canEdit ? html`<${ShiftForm} agency=${agency} onSaved=${(x) => { s.set([...(s.data || []), x].sort((a, b) => a.code.localeCompare(b.code))); onChange?.(); }} />` : null}
  </${Card}>`;
}

/** EmployeeSearch finds an employee of the agency by name or NIP. */
function EmployeeSearch({ agency, value, onValue }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  const search = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await get('/v1/employees', { agency, query: q.trim(), pageSize: 50, status: 'EMPLOYEE_STATUS_ACTIVE' });
      rememberEmployees(r.employees);
      setFound(r.employees || []);
    } catch (err) { setError(err); }
  };
  return html`<form onSubmit=${search} class="sv-toolbar" role="search">
    <${Input} label=${t('roster.employee')} name="query" value=${q} onValue=${setQ} type="search" error=${fieldError(error, 'query')} />
    <${Button} type="submit" kind="secondary">${t('roster.search')}</${Button}>
    ${found ? html`<${Select} label=${t('roster.pick')} name="employee" value=${value} onValue=${onValue} data-test="roster-employee"
      hint=${t('roster.found', { n: found.length })}
      options=${[{ value: '', label: t('roster.pick') }, ...found.map((e) => ({ value: e.nip, label: `${e.displayName} (${e.nip})` }))]} />` : null}
    <${FormError} error=${error && !fieldError(error, 'query') ? error : null} />
  </form>`;
}

const DAYSETS = { all: () => true, weekdays: (wd) => wd >= 1 && wd <= 5, weekends: (wd) => wd === 0 || wd === 6 };

/** RosterForm sets one shift (or OFF) on a range of dates for the employee. */
function RosterForm({ nip, shifts, month, onSaved }) {
  const { startDate, endDate } = monthRange(month);
  const [v, setV] = useState({ from: startDate, to: endDate, shift: shifts[0]?.code || 'OFF', days: 'all' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState(null);
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const submit = async (e) => {
    e.preventDefault();
    const dates = [];
    for (let d = new Date(v.from + 'T00:00:00Z'); v.from && v.to && d <= new Date(v.to + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      if (DAYSETS[v.days](d.getUTCDay())) dates.push(d.toISOString().slice(0, 10));
      if (dates.length > 366) break;
    }
    if (dates.length > 366) { setLocal(t('roster.tooMany')); return; }
    setLocal(null);
    setBusy(true); setError(null);
    try {
      const out = await post('/v1/roster:set', { entries: dates.map((date) => ({ employee: nip, date, shift: v.shift })) });
      toast(t('roster.saved', { n: out.stored ?? dates.length }), 'ok');
      onSaved();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} novalidate>
    <h3 class="h3">${t('roster.set')}</h3>
    <div class="form-row">
      <${Input} type="date" label=${t('roster.from')} name="from" value=${v.from} onValue=${set('from')} required />
      <${Input} type="date" label=${t('roster.to')} name="to" value=${v.to} onValue=${set('to')} min=${v.from} required error=${local || undefined} />
      <${Select} label=${t('roster.shift')} name="shift" value=${v.shift} onValue=${set('shift')}
        options=${[...shifts.map((s) => ({ value: s.code, label: `${s.code} (${s.start.replace(':', '.')}–${(s.end || '').replace(':', '.')})` })), { value: 'OFF', label: t('roster.off') }]} />
      <${Select} label=${t('roster.days')} name="days" value=${v.days} onValue=${set('days')}
        options=${[{ value: 'all', label: t('roster.everyDay') }, { value: 'weekdays', label: t('roster.weekdays') }, { value: 'weekends', label: t('roster.weekends') }]} />
    </div>
    <${FormError} error=${error} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="roster-save">${t('roster.set')}</${Button}></div>
  </form>`;
}

/** Roster shows an employee's roster for a month and, for HR, sets it. */
export function Roster({ agency, canEdit, version }) {
  useLang();
  const [nip, setNip] = useState('');
  const [month, setMonth] = useState(thisMonth());
  const shifts = useAsync(() => get(`/v1/agencies/${agency}/shifts`).then((r) => r.shifts || []), [agency, version]);
  const roster = useAsync(() => (nip ? get(`/v1/employees/${nip}/roster`, monthRange(month)).then((r) => r.entries || []) : Promise.resolve(null)), [nip, month]);
  const days = monthDays(month);
  return html`<${Card} title=${t('roster.title')}>
    <${EmployeeSearch} agency=${agency} value=${nip} onValue=${setNip} />
    ${nip ? html`
      <div class="sv-toolbar"><${MonthSwitcher} value=${month} onValue=${setMonth} /></div>
      <${Async} state=${roster}>${(entries) => {
        const by = Object.fromEntries((entries || []).map((e) => [e.date, e.shift]));
        const rows = days.filter((d) => by[d]).map((d) => ({ date: d, shift: by[d] }));
        return html`<${Table} rows=${rows} rowKey=${(r) => r.date} empty=${t('roster.none')} columns=${[
          { key: 'date', label: t('roster.date'), render: (r) => fmtDate(r.date) },
          { key: 'shift', label: t('roster.shift'), render: (r) => (r.shift === 'OFF' ? t('roster.off') : r.shift) },
        ]} />`;
      }}</${Async}>
      ${canEdit ? html`<${Async} state=${shifts}>${(list) => html`
        ${list.length ? null : html`<p class="hint">${t('roster.noShifts')}</p>`}
        <${RosterForm} key=${nip + month} nip=${nip} shifts=${list} month=${month} onSaved=${roster.reload} />`}</${Async}>` : null}
    ` : html`<${Empty}>${t('roster.pick')}</${Empty}>`}
  </${Card}>`;
}
