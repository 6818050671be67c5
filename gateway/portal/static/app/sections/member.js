// member.js: a subordinate's month (/tim/:nip?bulan=YYYY-MM) for their supervisor, agency HR,
// city HR and the inspectorate: a calendar of present, late, leave, holiday and absent days from
// the closed days and, for days not closed yet, the check-ins; the month's totals; each day's
// check-in and check-out in the office's time zone; a month switcher.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtTime, todayIn, fmtNumber } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, useAsync, Async, Stat, Table, Badge, ErrorBox } from '../ui.js';
import { Link } from '../router.js';
import { hasRole } from '../session.js';
import { MonthSwitcher, monthRange, thisMonth, validMonth, setQuery, useAgencyZone } from './_shared/sv-common.js';
import { buildMonth, Calendar, CalendarLegend } from './_shared/sv-calendar.js';

addMessages({
  id: {
    'member.title': 'Kehadiran {name}', 'member.back': 'Kembali ke tim', 'member.backHR': 'Data pegawai',
    'member.totals': 'Ringkasan bulan', 'member.present': 'Hadir', 'member.late': 'Terlambat', 'member.lateMinutes': 'Menit terlambat',
    'member.leave': 'Cuti', 'member.absent': 'Tanpa keterangan', 'member.holiday': 'Hari libur', 'member.open': 'Belum ditutup',
    'member.calendar': 'Kalender', 'member.records': 'Catatan masuk dan pulang', 'member.noRecords': 'Tidak ada catatan masuk/pulang bulan ini.',
    'member.date': 'Tanggal', 'member.in': 'Masuk', 'member.out': 'Pulang', 'member.status': 'Keterangan', 'member.where': 'Lokasi',
    'member.outside': 'di luar area ({m} m)', 'member.inside': '{m} m dari kantor', 'member.lateBy': 'terlambat {n} menit', 'member.earlyBy': 'pulang {n} menit lebih cepat',
    'member.onTime': 'tepat waktu', 'member.synced': 'diunggah kemudian', 'member.unit': 'Unit {unit}',
    'member.openHint': 'Hari yang belum ditutup Kepegawaian Instansi ditampilkan dari catatan masuk/pulang.',
  },
  en: {
    'member.title': 'Attendance of {name}', 'member.back': 'Back to the team', 'member.backHR': 'Employee record',
    'member.totals': 'Month totals', 'member.present': 'Present', 'member.late': 'Late', 'member.lateMinutes': 'Minutes late',
    'member.leave': 'Leave', 'member.absent': 'Absent', 'member.holiday': 'Holidays', 'member.open': 'Not closed yet',
    'member.calendar': 'Calendar', 'member.records': 'Check-ins and check-outs', 'member.noRecords': 'No check-ins or check-outs this month.',
    'member.date': 'Date', 'member.in': 'In', 'member.out': 'Out', 'member.status': 'Notes', 'member.where': 'Location',
    'member.outside': 'outside the geofence ({m} m)', 'member.inside': '{m} m from the office', 'member.lateBy': 'late {n} min', 'member.earlyBy': 'left {n} min early',
    'member.onTime': 'on time', 'member.synced': 'uploaded later', 'member.unit': 'Unit {unit}',
    'member.openHint': 'Days agency HR has not closed yet are shown from the check-ins and check-outs.',
  },
});

/** note says what a check-in or check-out meant. */
function note(r) {
  if (!r) return '';
  const parts = [];
  if (r.outcome === 'ATTENDANCE_OUTCOME_LATE') parts.push(t('member.lateBy', { n: r.lateMinutes }));
  else if (r.outcome === 'ATTENDANCE_OUTCOME_EARLY_DEPARTURE') parts.push(t('member.earlyBy', { n: r.earlyMinutes }));
  else if (r.outcome === 'ATTENDANCE_OUTCOME_ON_TIME') parts.push(t('member.onTime'));
  if (r.lateSynced) parts.push(t('member.synced'));
  return parts.join(', ');
}

/** Records lists the month's days with a check-in or check-out. */
function Records({ records, tz }) {
  const byDay = {};
  for (const r of records) {
    const d = r.workDate || r.deviceTime.slice(0, 10);
    const x = (byDay[d] ||= { date: d });
    if (r.kind === 'ATTENDANCE_KIND_CHECK_IN') x.in ||= r; else x.out = r;
  }
  const rows = Object.values(byDay).sort((a, b) => a.date.localeCompare(b.date));
  const where = (r) => r && (r.outsideGeofence
    ? html`<${Badge} kind="warn">${t('member.outside', { m: fmtNumber(r.distanceMeters) })}</${Badge}>`
    : t('member.inside', { m: fmtNumber(r.distanceMeters) }));
  return html`<${Table} rows=${rows} rowKey=${(r) => r.date} empty=${t('member.noRecords')} columns=${[
    { key: 'date', label: t('member.date'), render: (r) => fmtDate(r.date, { style: 'short' }) },
    { key: 'in', label: t('member.in'), render: (r) => (r.in ? fmtTime(r.in.deviceTime, tz) : '—') },
    { key: 'out', label: t('member.out'), render: (r) => (r.out ? fmtTime(r.out.deviceTime, tz) : '—') },
    { key: 'status', label: t('member.status'), render: (r) => [r.in ? `${t('member.in')}: ${note(r.in)}` : '', r.out ? `${t('member.out')}: ${note(r.out)}` : ''].filter((x) => x && !x.endsWith(': ')).join('; ') },
    { key: 'where', label: t('member.where'), render: (r) => where(r.in || r.out) },
  ]} />`;
}

/** Member is the /tim/:nip screen. */
export default function Member({ params, query }) {
  useLang();
  const nip = params.nip;
  const q = query.get('bulan');
  const [month, setMonthState] = useState(validMonth(q) ? q : thisMonth());
  const setMonth = (m) => { setMonthState(m); setQuery({ bulan: m }); };
  const emp = useAsync(() => get(`/v1/employees/${encodeURIComponent(nip)}`), [nip]);
  const tz = useAgencyZone(emp.data?.agency);
  const today = todayIn(tz);
  const data = useAsync(async () => {
    if (!emp.data) return null;
    const range = monthRange(month);
    const year = month.slice(0, 4);
    const [s, r, h, l] = await Promise.all([
      get(`/v1/employees/${nip}/dailyStatuses`, range),
      get(`/v1/employees/${nip}/attendanceRecords`, range),
      get('/v1/holidays', { year }).catch(() => ({ holidays: [] })),
      get('/v1/leaveRequests', { employee: nip, state: 'LEAVE_STATE_APPROVED', pageSize: 100 }).catch(() => ({ leaveRequests: [] })),
    ]);
    return { statuses: s.dailyStatuses || [], records: r.records || [], holidays: h.holidays || [], leave: l.leaveRequests || [] };
  }, [nip, month, !!emp.data]);
  const name = emp.data?.displayName || `NIP ${nip}`;
  const back = hasRole('supervisor')
    ? html`<${Link} href="/tim">‹ ${t('member.back')}</${Link}>`
    : html`<${Link} href=${`/pegawai/${nip}`}>‹ ${t('member.backHR')}</${Link}>`;
  return html`<${Page} title=${t('member.title', { name })} actions=${back}>
    ${emp.error ? html`<${ErrorBox} error=${emp.error} onRetry=${emp.reload} />` : null}
    ${emp.data ? html`<p class="muted">NIP ${nip}${emp.data.unit ? ' · ' + t('member.unit', { unit: emp.data.unit }) : ''} · ${emp.data.agency}</p>` : null}
    <div class="sv-toolbar"><${MonthSwitcher} value=${month} onValue=${setMonth} max=${thisMonth(tz)} test="member-month" /></div>
    <${Async} state=${data}>${(d) => {
      if (!d) return null;
      const { days, totals } = buildMonth({ month, ...d, today, tz });
      return html`
        <${Card} title=${t('member.totals')}>
          <div class="stats" data-test="member-totals">
            <${Stat} label=${t('member.present')} value=${fmtNumber(totals.present)} kind="ok" />
            <${Stat} label=${t('member.late')} value=${fmtNumber(totals.late)} kind="warn" />
            <${Stat} label=${t('member.lateMinutes')} value=${fmtNumber(totals.lateMinutes)} kind="warn" />
            <${Stat} label=${t('member.leave')} value=${fmtNumber(totals.leave)} />
            <${Stat} label=${t('member.absent')} value=${fmtNumber(totals.absent)} kind="bad" />
            <${Stat} label=${t('member.holiday')} value=${fmtNumber(totals.holiday)} />
            ${totals.open ? html`<${Stat} label=${t('member.open')} value=${fmtNumber(totals.open)} />` : null}
          </div>
          ${totals.open ? html`<p class="hint">${t('member.openHint')}</p>` : null}
        </${Card}>
        <${Card} title=${`${t('member.calendar')} — ${fmtDate(month + '-01', { style: 'month' })}`}>
          <div data-test="member-calendar"><${Calendar} month=${month} days=${days} today=${today} /></div>
          <${CalendarLegend} />
        </${Card}>
        <${Card} title=${t('member.records')}><${Records} records=${d.records} tz=${tz} /></${Card}>`;
    }}</${Async}>
  </${Page}>`;
}
