// recap.js: the monthly attendance recap (/rekap?agency=CODE&bulan=YYYY-MM). Agency HR sees
// their agency; city HR and the inspectorate choose one. GET
// /v1/agencies/{code}/monthlyRecaps/{month} as a table per employee (working days, present, late
// days and minutes, early departures and minutes, leave by type, unexcused absences) with the
// agency's totals, and the same month as a CSV file for spreadsheets (a plain link: the session
// cookie goes with it).
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, fmtPercent } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, useAsync, Async, Empty, Input, Button, Stat, Loading } from '../ui.js';
import { Link } from '../router.js';
import { AgencyPicker, agencyOf, setQuery, cityWide, MonthSwitcher, thisMonth, validMonth, leaveLabel } from './_shared/sv-common.js';

addMessages({
  id: {
    'recap.title': 'Rekap bulanan', 'recap.pick': 'Pilih instansi untuk melihat rekapnya.', 'recap.csv': 'Unduh CSV',
    'recap.csvHint': 'Berkas CSV untuk spreadsheet: satu baris per pegawai.', 'recap.none': 'Tidak ada pegawai dalam rekap ini.',
    'recap.caption': 'Rekap kehadiran {agency}, {month}', 'recap.name': 'Pegawai', 'recap.working': 'Hari kerja', 'recap.present': 'Hadir',
    'recap.lateDays': 'Terlambat (hari)', 'recap.lateMin': 'Terlambat (menit)', 'recap.earlyDays': 'Pulang cepat (hari)', 'recap.earlyMin': 'Pulang cepat (menit)',
    'recap.leave': 'Cuti (hari)', 'recap.absent': 'Tanpa keterangan', 'recap.total': 'Jumlah', 'recap.filter': 'Saring nama atau NIP',
    'recap.more': 'Tampilkan {n} lagi', 'recap.count': '{shown} dari {all} pegawai', 'recap.rate': 'Tingkat kehadiran',
    'recap.closedHint': 'Rekap dihitung dari hari yang sudah ditutup.', 'recap.employees': 'Pegawai',
  },
  en: {
    'recap.title': 'Monthly recap', 'recap.pick': 'Choose an agency to see its recap.', 'recap.csv': 'Download CSV',
    'recap.csvHint': 'A CSV file for spreadsheets: one row per employee.', 'recap.none': 'No employees in this recap.',
    'recap.caption': 'Attendance recap of {agency}, {month}', 'recap.name': 'Employee', 'recap.working': 'Working days', 'recap.present': 'Present',
    'recap.lateDays': 'Late (days)', 'recap.lateMin': 'Late (minutes)', 'recap.earlyDays': 'Left early (days)', 'recap.earlyMin': 'Left early (minutes)',
    'recap.leave': 'Leave (days)', 'recap.absent': 'Absent', 'recap.total': 'Total', 'recap.filter': 'Filter by name or NIP',
    'recap.more': 'Show {n} more', 'recap.count': '{shown} of {all} employees', 'recap.rate': 'Attendance rate',
    'recap.closedHint': 'The recap counts the days that have been closed.', 'recap.employees': 'Employees',
  },
});

const PAGE = 100;
const leaveSum = (r) => Object.values(r.leaveDays || {}).reduce((a, b) => a + b, 0);
const leaveDetail = (r) => Object.entries(r.leaveDays || {}).filter(([, n]) => n).map(([k, n]) => `${leaveLabel(k, true)} ${n}`).join(', ');

const COLUMNS = [
  { key: 'workingDays', label: 'recap.working' }, { key: 'presentDays', label: 'recap.present' },
  { key: 'lateDays', label: 'recap.lateDays' }, { key: 'lateMinutes', label: 'recap.lateMin' },
  { key: 'earlyDepartures', label: 'recap.earlyDays' }, { key: 'earlyMinutes', label: 'recap.earlyMin' },
  { key: 'leave', label: 'recap.leave', value: leaveSum, detail: leaveDetail }, { key: 'unexcusedAbsences', label: 'recap.absent' },
];
const val = (c, r) => (c.value ? c.value(r) : r[c.key] || 0);

/** RecapTable is the recap's rows with the totals in the footer. */
function RecapTable({ data, caption, canLink }) {
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const q = filter.trim().toLowerCase();
  const rows = (data.rows || []).filter((r) => !q || r.employee.startsWith(q) || (r.displayName || '').toLowerCase().includes(q));
  const shown = rows.slice(0, limit);
  const labels = COLUMNS.map((c) => t(c.label));
  return html`<div class="sv-stack">
    <div class="sv-toolbar"><${Input} type="search" label=${t('recap.filter')} name="filter" value=${filter} onValue=${(v) => { setFilter(v); setLimit(PAGE); }} /></div>
    <p class="muted" aria-live="polite">${t('recap.count', { shown: fmtNumber(shown.length), all: fmtNumber(rows.length) })}</p>
    ${rows.length === 0 ? html`<${Empty}>${t('recap.none')}</${Empty}>` : html`<div class="table-wrap"><table class="table sv-recap" data-test="recap-table">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${t('recap.name')}</th>${labels.map((l) => html`<th scope="col" class="num">${l}</th>`)}</tr></thead>
      <tbody>${shown.map((r) => html`<tr key=${r.employee} data-nip=${r.employee}>
        <th scope="row" data-label=${t('recap.name')}>${canLink ? html`<${Link} href=${`/tim/${r.employee}?bulan=${data.month}`}>${r.displayName || r.employee}</${Link}>` : r.displayName || r.employee}<br /><span class="muted">${r.employee}</span></th>
        ${COLUMNS.map((c, i) => html`<td data-label=${labels[i]} class="num">${fmtNumber(val(c, r))}${c.detail && c.detail(r) ? html`<br /><span class="muted">${c.detail(r)}</span>` : null}</td>`)}
      </tr>`)}</tbody>
      ${data.totals ? html`<tfoot><tr><th scope="row" data-label=${t('recap.name')}>${t('recap.total')}</th>
        ${COLUMNS.map((c, i) => html`<td data-label=${labels[i]} class="num">${fmtNumber(val(c, data.totals))}${c.detail && c.detail(data.totals) ? html`<br /><span class="muted">${c.detail(data.totals)}</span>` : null}</td>`)}</tr></tfoot>` : null}
    </table></div>`}
    ${rows.length > shown.length ? html`<${Button} kind="secondary" onClick=${() => setLimit(limit + PAGE)}>${t('recap.more', { n: fmtNumber(Math.min(PAGE, rows.length - shown.length)) })}</${Button}>` : null}
  </div>`;
}

/** Recap is the /rekap screen. */
export default function Recap({ session, query }) {
  useLang();
  const [agency, setAgencyState] = useState(() => agencyOf(session, query));
  const q = query.get('bulan');
  const [month, setMonthState] = useState(validMonth(q) ? q : thisMonth());
  const setAgency = (a) => { setAgencyState(a); setQuery({ agency: a }); };
  const setMonth = (m) => { setMonthState(m); setQuery({ bulan: m }); };
  const data = useAsync(() => (agency ? get(`/v1/agencies/${agency}/monthlyRecaps/${month}`).then((d) => ({ ...d, month })) : Promise.resolve(null)), [agency, month]);
  const csv = agency ? `/v1/agencies/${agency}/monthlyRecaps/${month}:csv` : '';
  const monthName = fmtDate(month + '-01', { style: 'month' });
  return html`<${Page} title=${t('recap.title')}>
    <div class="sv-toolbar">
      <${MonthSwitcher} value=${month} onValue=${setMonth} max=${thisMonth()} test="recap-month" />
      ${cityWide() ? html`<${AgencyPicker} value=${agency} onValue=${setAgency} test="recap-agency" />` : null}
    </div>
    ${!agency ? html`<p class="empty">${t('recap.pick')}</p>` : html`
      <${Card} title=${`${agency} — ${monthName}`} actions=${html`<a class="btn btn-secondary" href=${csv} download=${`rekap-${agency}-${month}.csv`} data-test="recap-csv">${t('recap.csv')}</a>`}>
        <p class="hint">${t('recap.csvHint')} ${t('recap.closedHint')}</p>
        <${Async} state=${data}>${(d) => (!d ? html`<${Loading} />` : html`<div class="sv-stack">
          ${d.totals?.workingDays ? html`<div class="stats">
            <${Stat} label=${t('recap.employees')} value=${fmtNumber((d.rows || []).length)} />
            <${Stat} label=${t('recap.rate')} value=${fmtPercent((d.totals.presentDays || 0) / d.totals.workingDays)} kind="ok" />
            <${Stat} label=${t('recap.lateMin')} value=${fmtNumber(d.totals.lateMinutes || 0)} kind="warn" />
            <${Stat} label=${t('recap.absent')} value=${fmtNumber(d.totals.unexcusedAbsences || 0)} kind="bad" />
          </div>` : null}
          <${RecapTable} key=${agency + month} data=${d} caption=${t('recap.caption', { agency, month: monthName })} canLink=${true} /></div>`)}</${Async}>
      </${Card}>`}
  </${Page}>`;
}
