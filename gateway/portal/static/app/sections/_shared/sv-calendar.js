// sv-calendar.js: an employee's month as a calendar (present, late, leave, holiday, absent,
// day off), built from the closed days (ListDailyStatuses) and, for days not closed yet, the
// check-ins (ListAttendanceRecords) and the city's holidays. Any screen may use it: the
// supervisor's view of a subordinate, HR's view of an employee, the employee's own month.
import { html } from '../../../vendor/preact-htm.js';
import { t, addMessages, fmtDate, fmtTime, weekdayShort, useLang } from '../../i18n.js';
import { monthDays, leaveLabel } from './sv-common.js';

addMessages({
  id: {
    'cal.present': 'Hadir', 'cal.late': 'Terlambat', 'cal.leave': 'Cuti', 'cal.holiday': 'Libur',
    'cal.absent': 'Tanpa keterangan', 'cal.off': 'Bukan hari kerja', 'cal.open': 'Belum ditutup', 'cal.future': '',
    'cal.lateBy': 'terlambat {n} menit', 'cal.earlyBy': 'pulang cepat {n} menit', 'cal.incomplete': 'absen tidak lengkap',
    'cal.in': 'masuk {time}', 'cal.out': 'pulang {time}', 'cal.legend': 'Keterangan warna', 'cal.caption': 'Kalender {month}',
    'cal.weekend': 'Akhir pekan',
  },
  en: {
    'cal.present': 'Present', 'cal.late': 'Late', 'cal.leave': 'Leave', 'cal.holiday': 'Holiday',
    'cal.absent': 'Absent', 'cal.off': 'Not a working day', 'cal.open': 'Not closed yet', 'cal.future': '',
    'cal.lateBy': 'late {n} min', 'cal.earlyBy': 'left {n} min early', 'cal.incomplete': 'incomplete check-in/out',
    'cal.in': 'in {time}', 'cal.out': 'out {time}', 'cal.legend': 'Colour key', 'cal.caption': 'Calendar of {month}',
    'cal.weekend': 'Weekend',
  },
});

const OFF_REASONS = new Set(['weekend', 'roster_off', 'not_rostered']);

/**
 * buildMonth turns a month's data into calendar days and totals.
 * statuses: DailyStatus[]; records: AttendanceRecord[]; holidays: Holiday[] (the year's);
 * leave: LeaveRequest[] (approved ones mark the days not closed yet); today: "YYYY-MM-DD";
 * tz: the zone check-in times are shown in.
 * Returns { days: { date: { kind, short, detail } }, totals: { present, late, lateMinutes, leave, holiday, absent, open } }.
 */
export function buildMonth({ month, statuses = [], records = [], holidays = [], leave = [], today, tz }) {
  const byDate = Object.fromEntries(statuses.map((s) => [s.date, s]));
  const hol = Object.fromEntries(holidays.map((h) => [h.date, h]));
  const recs = {};
  for (const r of records) {
    const d = r.workDate || (r.deviceTime || '').slice(0, 10);
    (recs[d] ||= []).push(r);
  }
  const approved = leave.filter((r) => r.state === 'LEAVE_STATE_APPROVED');
  const leaveOn = (d) => approved.find((r) => r.startDate <= d && d <= r.endDate);
  const totals = { present: 0, late: 0, lateMinutes: 0, leave: 0, holiday: 0, absent: 0, open: 0 };
  const days = {};
  for (const date of monthDays(month)) {
    const s = byDate[date];
    const rs = recs[date] || [];
    const cin = rs.find((r) => r.kind === 'ATTENDANCE_KIND_CHECK_IN');
    const cout = [...rs].reverse().find((r) => r.kind === 'ATTENDANCE_KIND_CHECK_OUT');
    const times = [cin ? t('cal.in', { time: fmtTime(cin.deviceTime, tz) }) : null, cout ? t('cal.out', { time: fmtTime(cout.deviceTime, tz) }) : null].filter(Boolean);
    const wd = new Date(date + 'T00:00:00Z').getUTCDay();
    let day;
    if (s) {
      switch (s.status) {
        case 'DAY_STATUS_PRESENT': {
          const notes = [s.late ? t('cal.lateBy', { n: s.lateMinutes }) : null, s.earlyDeparture ? t('cal.earlyBy', { n: s.earlyMinutes }) : null, s.incomplete ? t('cal.incomplete') : null].filter(Boolean);
          day = { kind: s.late ? 'late' : 'present', short: s.late ? `+${s.lateMinutes}′` : (cin ? fmtTime(cin.deviceTime, tz, { zone: false }) : '✓'), detail: [t(s.late ? 'cal.late' : 'cal.present'), ...notes, ...times].join(', ') };
          totals.present++;
          if (s.late) { totals.late++; totals.lateMinutes += s.lateMinutes || 0; }
          break;
        }
        case 'DAY_STATUS_ON_LEAVE':
          day = { kind: 'leave', short: leaveLabel(s.leaveType, true), detail: `${t('cal.leave')}: ${leaveLabel(s.leaveType)}` };
          totals.leave++;
          break;
        case 'DAY_STATUS_HOLIDAY':
          if (OFF_REASONS.has(s.reason)) day = { kind: 'off', short: '', detail: s.reason === 'weekend' ? t('cal.weekend') : t('cal.off') };
          else { day = { kind: 'holiday', short: '', detail: `${t('cal.holiday')}: ${s.reason}` }; totals.holiday++; }
          break;
        case 'DAY_STATUS_ABSENT':
          day = { kind: 'absent', short: '✗', detail: t('cal.absent') };
          totals.absent++;
          break;
        default:
          day = { kind: 'open', short: '', detail: t('cal.open') };
      }
    } else if (hol[date]) {
      day = { kind: 'holiday', short: '', detail: `${t('cal.holiday')}: ${hol[date].displayName}` };
      totals.holiday++;
    } else if (wd === 0 || wd === 6) {
      day = { kind: 'off', short: '', detail: t('cal.weekend') };
    } else if (leaveOn(date)) {
      const r = leaveOn(date);
      day = { kind: 'leave', short: leaveLabel(r.type, true), detail: `${t('cal.leave')}: ${leaveLabel(r.type)}` };
      if (!today || date <= today) totals.leave++;
    } else if (cin) {
      const late = cin.outcome === 'ATTENDANCE_OUTCOME_LATE';
      day = { kind: late ? 'late' : 'present', short: late ? `+${cin.lateMinutes}′` : fmtTime(cin.deviceTime, tz, { zone: false }), detail: [t(late ? 'cal.late' : 'cal.present'), late ? t('cal.lateBy', { n: cin.lateMinutes }) : null, ...times, t('cal.open')].filter(Boolean).join(', ') };
      totals.present++;
      if (late) { totals.late++; totals.lateMinutes += cin.lateMinutes || 0; }
    } else if (today && date <= today) {
      day = { kind: 'open', short: '', detail: t('cal.open') };
      totals.open++;
    } else {
      day = { kind: 'future', short: '', detail: '' };
    }
    days[date] = day;
  }
  return { days, totals };
}

const KINDS = ['present', 'late', 'leave', 'holiday', 'absent', 'off', 'open'];

/** CalendarLegend names the colours. */
export function CalendarLegend() {
  useLang();
  return html`<ul class="legend sv-legend" aria-label=${t('cal.legend')}>
    ${KINDS.map((k) => html`<li><span class=${'sv-swatch day ' + k} aria-hidden="true"></span>${t('cal.' + k)}</li>`)}
  </ul>`;
}

/** Calendar shows a month (Monday first); each day says in words what its colour means. */
export function Calendar({ month, days, today }) {
  useLang();
  const dates = monthDays(month);
  const lead = (new Date(dates[0] + 'T00:00:00Z').getUTCDay() + 6) % 7; // Monday = 0
  return html`<div class="sv-cal">
    <div class="calendar sv-cal-head" aria-hidden="true">${weekdayShort().map((d) => html`<div class="dow">${d}</div>`)}</div>
    <ol class="calendar sv-cal-days" aria-label=${t('cal.caption', { month: fmtDate(month + '-01', { style: 'month' }) })}>
      ${[...Array(lead)].map(() => html`<li class="sv-blank" aria-hidden="true"></li>`)}
      ${dates.map((d) => {
        const day = days[d] || { kind: 'future', short: '', detail: '' };
        const label = fmtDate(d) + (day.detail ? ': ' + day.detail : '');
        return html`<li class=${'day ' + day.kind + (d === today ? ' today' : '')} data-date=${d} title=${day.detail || undefined} aria-label=${label}>
          <span class="n" aria-hidden="true">${Number(d.slice(8))}</span><span class="sv-day-note" aria-hidden="true">${day.short}</span>
        </li>`;
      })}
    </ol>
  </div>`;
}
