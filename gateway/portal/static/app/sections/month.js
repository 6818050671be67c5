// month.js: "Kehadiran saya", the employee's month as a calendar (Monday first). Each day says
// what it was: present, late (with the minutes), on leave (the type), a holiday (its name),
// absent, not a working day, today, or still ahead. Closed days come from the daily statuses
// (what the recap counts); days not closed yet are read from the check-ins, the holidays, the
// approved leave and the agency's working week. A tap on a day shows its check-ins.
//
// MonthCalendar is exported for other screens that show one person's month (a supervisor's
// view of a team member): it needs only the NIP and the agency.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtTime, fmtNumber, todayIn, weekdayShort, DEFAULT_TZ } from '../i18n.js';
import { get, getAll } from '../api.js';
import { navigate } from '../router.js';
import { Page, Card, useAsync, Async, Stat, Dialog, Badge } from '../ui.js';
import { tzOf, leaveTypeName, outcomeOf, geofenceText, fmtDistance } from './home.js';

addMessages({
  id: {
    'month.title': 'Kehadiran saya', 'month.prev': 'Bulan sebelumnya', 'month.next': 'Bulan berikutnya', 'month.this': 'Bulan ini',
    'month.legend': 'Keterangan',
    'month.state.present': 'Hadir', 'month.state.late': 'Terlambat', 'month.state.leave': 'Cuti', 'month.state.holiday': 'Libur',
    'month.state.absent': 'Tanpa keterangan', 'month.state.off': 'Bukan hari kerja', 'month.state.today': 'Hari ini',
    'month.state.future': 'Akan datang', 'month.state.open': 'Belum ada absensi',
    'month.short.present': 'Hadir', 'month.short.late': '{n} mnt', 'month.short.leave': 'Cuti', 'month.short.holiday': 'Libur',
    'month.short.absent': 'Alpa', 'month.short.off': '', 'month.short.future': '', 'month.short.open': '—',
    'month.late': 'terlambat {n} menit', 'month.early': 'pulang lebih awal {n} menit', 'month.incomplete': 'absen masuk atau pulang tidak lengkap',
    'month.totals': 'Ringkasan bulan ini', 'month.total.present': 'Hari hadir', 'month.total.late': 'Hari terlambat',
    'month.total.lateMinutes': 'Menit terlambat', 'month.total.leave': 'Hari cuti', 'month.total.absent': 'Tanpa keterangan',
    'month.day.records': 'Absensi', 'month.day.none': 'Tidak ada absensi pada tanggal ini.', 'month.day.closed': 'Status tanggal ini sudah ditetapkan saat hari ditutup.',
    'month.day.provisional': 'Tanggal ini belum ditutup; statusnya dapat berubah.',
    'month.office': 'Kantor', 'month.distance': 'Jarak',
    'month.reason.weekend': 'Akhir pekan', 'month.reason.roster_off': 'Libur menurut jadwal dinas', 'month.reason.not_rostered': 'Tidak ada jadwal dinas',
    'month.calendar': 'Kalender kehadiran {month}', 'month.late.cell': 'Terlambat {n} mnt',
  },
  en: {
    'month.title': 'My attendance', 'month.prev': 'Previous month', 'month.next': 'Next month', 'month.this': 'This month',
    'month.legend': 'Legend',
    'month.state.present': 'Present', 'month.state.late': 'Late', 'month.state.leave': 'Leave', 'month.state.holiday': 'Holiday',
    'month.state.absent': 'Absent without excuse', 'month.state.off': 'Not a working day', 'month.state.today': 'Today',
    'month.state.future': 'Ahead', 'month.state.open': 'No check-in yet',
    'month.short.present': 'Present', 'month.short.late': '{n} min', 'month.short.leave': 'Leave', 'month.short.holiday': 'Holiday',
    'month.short.absent': 'Absent', 'month.short.off': '', 'month.short.future': '', 'month.short.open': '—',
    'month.late': 'late {n} minutes', 'month.early': 'left {n} minutes early', 'month.incomplete': 'check-in or check-out missing',
    'month.totals': 'This month', 'month.total.present': 'Days present', 'month.total.late': 'Days late',
    'month.total.lateMinutes': 'Minutes late', 'month.total.leave': 'Days on leave', 'month.total.absent': 'Absent without excuse',
    'month.day.records': 'Check-ins', 'month.day.none': 'No check-in on this day.', 'month.day.closed': 'The status of this day was fixed when the day was closed.',
    'month.day.provisional': 'This day is not closed yet; its status may change.',
    'month.office': 'Office', 'month.distance': 'Distance',
    'month.reason.weekend': 'Weekend', 'month.reason.roster_off': 'Day off by roster', 'month.reason.not_rostered': 'Not rostered',
    'month.calendar': 'Attendance calendar, {month}', 'month.late.cell': 'Late {n} min',
  },
});

const pad = (n) => String(n).padStart(2, '0');
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** weekdayOf returns 0 for Monday … 6 for Sunday of a "YYYY-MM-DD". */
const weekdayOf = (date) => (new Date(date + 'T00:00:00Z').getUTCDay() + 6) % 7;

/** shiftMonth returns "YYYY-MM" n months from month. */
export function shiftMonth(month, n) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

async function loadMonth(nip, agency, month) {
  const [y, m] = month.split('-').map(Number);
  const start = `${month}-01`, end = `${month}-${pad(daysIn(y, m))}`;
  if (!agency) agency = (await get(`/v1/employees/${nip}`)).agency;
  const [statuses, records, holidays, leave, offices, schedule] = await Promise.all([
    get(`/v1/employees/${nip}/dailyStatuses`, { startDate: start, endDate: end }).then((r) => r.dailyStatuses || []),
    get(`/v1/employees/${nip}/attendanceRecords`, { startDate: start, endDate: end }).then((r) => r.records || []),
    get('/v1/holidays', { year: y }).then((r) => r.holidays || []),
    getAll('/v1/leaveRequests', { employee: nip, state: 'LEAVE_STATE_APPROVED', pageSize: 200 }, 'leaveRequests', 1000)
      .then((ls) => ls.filter((l) => l.startDate <= end && l.endDate >= start)),
    getAll('/v1/offices', { agency }, 'offices'),
    get(`/v1/agencies/${agency}/workSchedule`).catch(() => null),
  ]);
  return { month, start, end, statuses, records, holidays, leave, offices, schedule };
}

/** dayStates works out each day of the month: { date, state, short, label, ... }. */
export function dayStates(d, today) {
  const byDate = (list, key) => { const m = new Map(); for (const x of list) { if (!m.has(x[key])) m.set(x[key], []); m.get(x[key]).push(x); } return m; };
  const statuses = new Map(d.statuses.map((s) => [s.date, s]));
  const holidays = new Map(d.holidays.map((h) => [h.date, h]));
  const records = byDate(d.records.map((r) => ({ ...r, workDate: r.workDate || String(r.deviceTime).slice(0, 10) })), 'workDate');
  const regular = d.schedule && d.schedule.regular;
  const weekOff = (date) => (regular ? !((regular[WEEK[weekdayOf(date)]] || {}).workMinutes > 0) : weekdayOf(date) >= 5);
  const leaveOn = (date) => d.leave.find((l) => l.startDate <= date && date <= l.endDate);
  const [y, m] = d.month.split('-').map(Number);
  const out = [];
  for (let day = 1; day <= daysIn(y, m); day++) {
    const date = `${d.month}-${pad(day)}`;
    const st = statuses.get(date), hol = holidays.get(date), lv = leaveOn(date);
    const recs = (records.get(date) || []).sort((a, b) => String(a.deviceTime).localeCompare(String(b.deviceTime)));
    const checkIn = recs.find((r) => r.kind === 'ATTENDANCE_KIND_CHECK_IN');
    const x = { date, day, records: recs, holiday: hol, leave: lv, status: st, today: date === today, closed: !!st };
    if (st) {
      switch (st.status) {
        case 'DAY_STATUS_PRESENT': Object.assign(x, st.late ? { state: 'late', lateMinutes: st.lateMinutes || 0 } : { state: 'present' }); break;
        case 'DAY_STATUS_ON_LEAVE': Object.assign(x, { state: 'leave', leaveType: st.leaveType || lv?.type }); break;
        case 'DAY_STATUS_ABSENT': x.state = 'absent'; break;
        default: x.state = hol ? 'holiday' : 'off'; x.reason = st.reason; break;
      }
      x.earlyMinutes = st.earlyDeparture ? st.earlyMinutes || 0 : 0;
      x.incomplete = !!st.incomplete;
    } else if (hol) {
      x.state = 'holiday';
    } else if (weekOff(date)) {
      x.state = 'off'; x.reason = 'weekend';
    } else if (lv) {
      Object.assign(x, { state: 'leave', leaveType: lv.type });
    } else if (checkIn && checkIn.outcome === 'ATTENDANCE_OUTCOME_LATE') {
      Object.assign(x, { state: 'late', lateMinutes: checkIn.lateMinutes || 0 });
    } else if (checkIn) {
      x.state = 'present';
    } else if (date > today) {
      x.state = 'future';
    } else {
      x.state = 'open';
    }
    out.push(x);
  }
  return out;
}

function dayLabel(x) {
  return [t('month.state.' + x.state), ...dayExtras(x)].join(', ');
}

// dayExtras: what a day's state word leaves out (the minutes, the leave type, the holiday).
function dayExtras(x) {
  const parts = [];
  if (x.state === 'late') parts.push(t('month.late', { n: fmtNumber(x.lateMinutes) }));
  if (x.state === 'leave' && x.leaveType) parts.push(leaveTypeName(x.leaveType));
  if (x.state === 'holiday' && x.holiday) parts.push(x.holiday.displayName);
  if (x.earlyMinutes) parts.push(t('month.early', { n: fmtNumber(x.earlyMinutes) }));
  if (x.today) parts.push(t('month.state.today'));
  return parts;
}

function shortLabel(x) {
  if (x.state === 'late') return t('month.short.late', { n: fmtNumber(x.lateMinutes) });
  return t('month.short.' + x.state);
}

// longLabel is what a day's cell says where there is room (a desktop).
function longLabel(x) {
  if (x.state === 'late') return t('month.late.cell', { n: fmtNumber(x.lateMinutes) });
  if (x.state === 'leave' && x.leaveType) return leaveTypeName(x.leaveType);
  if (x.state === 'holiday' && x.holiday) return x.holiday.displayName;
  return t('month.short.' + x.state);
}

function totalsOf(days) {
  const tot = { present: 0, late: 0, lateMinutes: 0, leave: 0, absent: 0 };
  for (const x of days) {
    if (x.state === 'present' || x.state === 'late') tot.present++;
    if (x.state === 'late') { tot.late++; tot.lateMinutes += x.lateMinutes || 0; }
    if (x.state === 'leave') tot.leave++;
    if (x.state === 'absent') tot.absent++;
  }
  return tot;
}

const LEGEND = ['present', 'late', 'leave', 'holiday', 'absent', 'off', 'open', 'future'];

function DayDetail({ x, offices, tz }) {
  const officeName = (name) => (offices.find((o) => o.name === name)?.displayName) || (name || '').replace(/^offices\//, '');
  return html`<div class="day-detail">
    <p><${Badge} kind=${{ present: 'ok', late: 'warn', absent: 'bad', leave: 'info' }[x.state] || 'neutral'}>${t('month.state.' + x.state)}</${Badge}> ${dayExtras(x).join(', ')}</p>
    ${x.state === 'off' && x.reason && !x.holiday ? html`<p class="muted">${t('month.reason.' + x.reason) === 'month.reason.' + x.reason ? x.reason : t('month.reason.' + x.reason)}</p>` : null}
    ${x.incomplete ? html`<p class="muted">${t('month.incomplete')}</p>` : null}
    <h3 class="h3">${t('month.day.records')}</h3>
    ${x.records.length ? html`<ul class="home-records">${x.records.map((r) => {
      const o = outcomeOf(r);
      return html`<li key=${r.clientId}>
        <span class="home-rec-kind">${r.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? t('kind.out') : t('kind.in')}</span>
        <strong class="home-rec-time">${fmtTime(r.deviceTime, tz)}</strong>
        <${Badge} kind=${o.kind === 'ok' ? 'ok' : o.kind === 'warn' ? 'warn' : 'info'}>${o.text}</${Badge}>
        <span class="day-detail-where">${t('month.office')}: ${officeName(r.office)} · ${geofenceText(r)}</span>
      </li>`;
    })}</ul>` : html`<p class="muted">${t('month.day.none')}</p>`}
    <p class="hint">${x.closed ? t('month.day.closed') : x.state !== 'future' ? t('month.day.provisional') : ''}</p>
  </div>`;
}

/** MonthCalendar shows one person's month: the calendar, its legend and totals, and a day's
 * check-ins on a tap. month is "YYYY-MM"; onMonth(m) switches months. */
export function MonthCalendar({ nip, agency, month, onMonth }) {
  const lang = useLang();
  const data = useAsync(() => loadMonth(nip, agency, month), [nip, agency, month]);
  const [open, setOpen] = useState(null);
  return html`<div class="month">
    <div class="month-switch">
      <button type="button" class="btn btn-secondary" onClick=${() => onMonth(shiftMonth(month, -1))} aria-label=${t('month.prev')} data-test="month-prev">‹</button>
      <h2 class="month-name" aria-live="polite">${fmtDate(month + '-01', { style: 'month' })}</h2>
      <button type="button" class="btn btn-secondary" onClick=${() => onMonth(shiftMonth(month, 1))} aria-label=${t('month.next')} data-test="month-next">›</button>
    </div>
    <${Async} state=${data}>${(d) => {
      const tz = tzOf(d.offices[0]?.timeZone);
      const today = todayIn(tz);
      const days = dayStates(d, today);
      const tot = totalsOf(days);
      const lead = weekdayOf(d.start);
      const present = new Set(days.map((x) => x.state));
      return html`
        <div class="calendar" role="group" data-test="calendar" aria-label=${t('month.calendar', { month: fmtDate(month + '-01', { style: 'month' }) })} key=${lang}>
          ${weekdayShort().map((w) => html`<div class="dow" aria-hidden="true">${w}</div>`)}
          ${[...Array(lead)].map(() => html`<div class="pad" aria-hidden="true"></div>`)}
          ${days.map((x) => html`<button type="button"
            class=${`day ${x.state}${x.today ? ' today' : ''}`} data-test=${'calendar-day-' + x.date} data-state=${x.state}
            aria-label=${`${fmtDate(x.date, { style: 'long' })}: ${dayLabel(x)}`} onClick=${() => setOpen(x)}>
            <span class="n" aria-hidden="true">${x.day}</span><span class="s s-short" aria-hidden="true">${shortLabel(x)}</span><span class="s s-long" aria-hidden="true">${longLabel(x)}</span>
          </button>`)}
        </div>
        <div class="legend" aria-label=${t('month.legend')}>
          ${LEGEND.filter((s) => s !== 'open' || present.has('open')).map((s) => html`<span class="legend-item"><span class=${'swatch day ' + s} aria-hidden="true"></span>${t('month.state.' + s)}</span>`)}
          <span class="legend-item"><span class="swatch day today" aria-hidden="true"></span>${t('month.state.today')}</span>
        </div>
        <section class="month-totals" aria-label=${t('month.totals')}>
          <h2 class="h3">${t('month.totals')}</h2>
          <div class="stats" data-test="month-totals">
            <${Stat} label=${t('month.total.present')} value=${fmtNumber(tot.present)} kind="ok" />
            <${Stat} label=${t('month.total.late')} value=${fmtNumber(tot.late)} kind=${tot.late ? 'warn' : ''} />
            <${Stat} label=${t('month.total.lateMinutes')} value=${fmtNumber(tot.lateMinutes)} kind=${tot.lateMinutes ? 'warn' : ''} />
            <${Stat} label=${t('month.total.leave')} value=${fmtNumber(tot.leave)} />
            <${Stat} label=${t('month.total.absent')} value=${fmtNumber(tot.absent)} kind=${tot.absent ? 'bad' : ''} />
          </div>
        </section>
        <${Dialog} title=${open ? fmtDate(open.date, { style: 'long' }) : ''} open=${!!open} onClose=${() => setOpen(null)}>
          ${open ? html`<${DayDetail} x=${open} offices=${d.offices} tz=${tz} />` : null}
        </${Dialog}>`;
    }}</${Async}>
  </div>`;
}

/** Month is the "Kehadiran saya" screen; ?bulan=YYYY-MM picks the month. */
export default function Month({ query, session }) {
  useLang();
  const q = query && query.get('bulan');
  const month = q && /^\d{4}-(0[1-9]|1[0-2])$/.test(q) ? q : todayIn(DEFAULT_TZ).slice(0, 7);
  return html`<${Page} title=${t('month.title')}>
    <${Card}>
      <${MonthCalendar} nip=${session.subject} agency=${session.agency} month=${month}
        onMonth=${(m) => navigate(`/kehadiran?bulan=${m}`)} />
    </${Card}>
  </${Page}>`;
}
