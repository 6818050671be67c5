// agency.js: the agency HR dashboard (/instansi): today for the agency (the team-day counts of
// the whole agency: present, late, on leave, not yet in, absent), who is on leave today, the
// requests waiting for agency HR, the discipline count of the year, and the month's attendance
// rate and lateness per day (GET /v1/attendanceSummary) as a uPlot chart with the numbers in a
// table under it.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, fmtPercent, todayIn } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, useAsync, Async, Stat } from '../ui.js';
import { Link } from '../router.js';
import { TeamStats, MonthSwitcher, thisMonth, monthRange, useAgencyZone } from './_shared/sv-common.js';
import { DailyChart } from './_shared/sv-chart.js';

addMessages({
  id: {
    'agency.title': 'Dasbor instansi', 'agency.today': 'Hari ini — {date}', 'agency.onLeave': 'Sedang cuti hari ini', 'agency.onLeaveLink': 'Lihat siapa yang cuti',
    'agency.waiting': 'Menunggu persetujuan Anda', 'agency.waitingLink': 'Buka persetujuan', 'agency.discipline': 'Mencapai ambang disiplin {year}',
    'agency.disciplineLink': 'Lihat daftar disiplin', 'agency.month': 'Kehadiran bulan ini', 'agency.rate': 'Tingkat kehadiran',
    'agency.late': 'Pegawai terlambat', 'agency.lateMinutes': 'Menit terlambat', 'agency.chart': 'Tingkat kehadiran dan keterlambatan per hari, {month}',
    'agency.noDays': 'Belum ada hari kerja yang tercatat pada bulan ini.', 'agency.provisional': 'Angka hari ini sementara (hari belum ditutup).',
    'agency.recapLink': 'Rekap bulanan dan unduhan CSV', 'agency.expected': 'Hari kerja pegawai', 'agency.present': 'Hadir', 'agency.absent': 'Tanpa keterangan',
    'agency.none': 'Akun ini tidak terhubung ke instansi.', 'agency.unclosed': '{n} hari belum ditutup dan belum dihitung: {dates}.', 'agency.officesLink': 'Kantor & jam kerja', 'agency.plansLink': 'Rencana kerja kepegawaian dan targetnya', 'agency.workloadLink': 'Beban kerja & kebutuhan pegawai',
  },
  en: {
    'agency.title': 'Agency dashboard', 'agency.today': 'Today — {date}', 'agency.onLeave': 'On leave today', 'agency.onLeaveLink': 'See who is on leave',
    'agency.waiting': 'Waiting for your approval', 'agency.waitingLink': 'Open approvals', 'agency.discipline': 'At a discipline threshold in {year}',
    'agency.disciplineLink': 'See the discipline list', 'agency.month': 'This month\'s attendance', 'agency.rate': 'Attendance rate',
    'agency.late': 'Employees late', 'agency.lateMinutes': 'Minutes late', 'agency.chart': 'Attendance rate and lateness per day, {month}',
    'agency.noDays': 'No working day recorded this month yet.', 'agency.provisional': 'Today\'s numbers are provisional (the day is not closed).',
    'agency.recapLink': 'Monthly recap and CSV download', 'agency.expected': 'Employee working days', 'agency.present': 'Present', 'agency.absent': 'Absent',
    'agency.none': 'This account is not tied to an agency.', 'agency.unclosed': '{n} days are not closed yet and not counted: {dates}.', 'agency.officesLink': 'Offices & hours', 'agency.plansLink': 'The staffing work plan and its targets', 'agency.workloadLink': 'Workload & staffing needs',
  },
});

/**
 * summaryDays reads GET /v1/attendanceSummary's answer for one agency into days
 * [{ date, expected, present, late, lateMinutes, onLeave, absent, provisional }], adding up
 * the rows of the agency's days.
 */
export function summaryDays(resp, agency) {
  const rows = resp.days || [];
  const by = new Map();
  for (const r of rows) {
    if (agency && r.agency && r.agency !== agency) continue;
    const d = by.get(r.date) || { date: r.date, expected: 0, present: 0, late: 0, lateMinutes: 0, onLeave: 0, absent: 0, provisional: false };
    d.expected += r.expected || 0; d.present += r.present || 0; d.late += r.late || 0; d.lateMinutes += r.lateMinutes || 0;
    d.onLeave += r.onLeave || 0; d.absent += r.absent || 0; d.provisional ||= !!r.provisional;
    by.set(r.date, d);
  }
  return [...by.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** MonthChart is the month's attendance rate and lateness for the agency. */
function MonthChart({ agency, tz }) {
  const [month, setMonth] = useState(thisMonth(tz));
  const today = todayIn(tz);
  const data = useAsync(async () => {
    const { startDate, endDate } = monthRange(month);
    const end = endDate > today ? today : endDate;
    if (startDate > end) return { days: [] };
    const resp = await get('/v1/attendanceSummary', { startDate, endDate: end, agency });
    return { resp, days: summaryDays(resp, agency).filter((d) => d.expected > 0) };
  }, [agency, month, today]);
  const monthName = fmtDate(month + '-01', { style: 'month' });
  return html`<${Card} title=${t('agency.month')}>
    <div class="sv-toolbar"><${MonthSwitcher} value=${month} onValue=${setMonth} max=${thisMonth(tz)} test="agency-month" /></div>
    <${Async} state=${data}>${({ days, resp }) => {
      const unclosed = resp?.unclosedDates || [];
      const hint = unclosed.length ? html`<p class="hint">${t('agency.unclosed', { n: unclosed.length, dates: unclosed.map((d) => fmtDate(d, { style: 'short' })).join(', ') })}</p>` : null;
      if (!days.length) return html`<p class="empty">${t('agency.noDays')}</p>${hint}`;
      const sum = days.reduce((a, d) => ({ expected: a.expected + d.expected, present: a.present + d.present, late: a.late + d.late, lateMinutes: a.lateMinutes + d.lateMinutes, absent: a.absent + d.absent }), { expected: 0, present: 0, late: 0, lateMinutes: 0, absent: 0 });
      const series = [
        { label: t('agency.rate'), scale: 'pct', color: '#0b5d3b', values: days.map((d) => (d.expected ? (100 * d.present) / d.expected : null)), format: (v) => fmtPercent(v / 100) },
        { label: t('agency.late'), scale: 'n', color: '#b45309', values: days.map((d) => d.late), format: (v) => fmtNumber(v) },
      ];
      return html`<div class="sv-stack">
        <div class="stats">
          <${Stat} label=${t('agency.rate')} value=${fmtPercent(sum.expected ? sum.present / sum.expected : 0)} kind="ok" />
          <${Stat} label=${t('agency.late')} value=${fmtNumber(sum.late)} kind="warn" />
          <${Stat} label=${t('agency.lateMinutes')} value=${fmtNumber(sum.lateMinutes)} kind="warn" />
          <${Stat} label=${t('agency.absent')} value=${fmtNumber(sum.absent)} kind="bad" />
        </div>
        <${DailyChart} days=${days.map((d) => d.date)} series=${series} label=${t('agency.chart', { month: monthName })} test="agency-chart" />
        ${days.some((d) => d.provisional) ? html`<p class="hint">${t('agency.provisional')}</p>` : null}
        ${hint}
      </div>`;
    }}</${Async}>
    <p><${Link} href=${`/rekap?bulan=${month}`}>${t('agency.recapLink')}</${Link}></p>
  </${Card}>`;
}

/** Agency is the /instansi screen. */
export default function Agency({ session }) {
  useLang();
  const agency = session.agency || '';
  const tz = useAgencyZone(agency);
  const year = todayIn(tz).slice(0, 4);
  const team = useAsync(() => get('/v1/teamDay', { agency, pageSize: 1 }), [agency]);
  const leave = useAsync(() => get('/v1/onLeave', { agency }).then((r) => (r.leaveRequests || []).length), [agency]);
  const waiting = useAsync(() => get('/v1/leaveRequests', { awaitingMe: true, pageSize: 1000 }).then((r) => (r.leaveRequests || []).length), []);
  const discipline = useAsync(() => get('/v1/disciplineThresholds', { year, agency }).then((r) => (r.sanctions || []).length), [year, agency]);
  const count = (s) => (s.error ? '—' : s.data === undefined ? '…' : fmtNumber(s.data));
  if (!agency) return html`<${Page} title=${t('agency.title')}><p class="alert alert-warn">${t('agency.none')}</p></${Page}>`;
  return html`<${Page} title=${`${t('agency.title')} — ${session.agencyName || agency}`}>
    <${Card} title=${t('agency.today', { date: fmtDate(team.data?.date || todayIn(tz)) })}>
      <${Async} state=${team}>${(d) => html`<${TeamStats} counts=${d.counts} test="agency-today" />`}</${Async}>
    </${Card}>
    <div class="grid grid-3">
      <${Card}><div class="sv-stack"><${Stat} label=${t('agency.onLeave')} value=${count(leave)} /><${Link} href="/sedang-cuti" data-test="agency-onleave">${t('agency.onLeaveLink')}</${Link}></div></${Card}>
      <${Card}><div class="sv-stack"><${Stat} label=${t('agency.waiting')} value=${count(waiting)} kind="warn" /><${Link} href="/persetujuan">${t('agency.waitingLink')}</${Link}></div></${Card}>
      <${Card}><div class="sv-stack"><${Stat} label=${t('agency.discipline', { year })} value=${count(discipline)} kind="bad" /><${Link} href="/disiplin">${t('agency.disciplineLink')}</${Link}></div></${Card}>
    </div>
    <${MonthChart} agency=${agency} tz=${tz} />
    <p><${Link} href="/kantor">${t('agency.officesLink')}</${Link}></p>
    <p><${Link} href="/rencana" data-test="agency-plans">${t('agency.plansLink')}</${Link}> · <${Link} href="/beban-kerja">${t('agency.workloadLink')}</${Link}></p>
  </${Page}>`;
}
