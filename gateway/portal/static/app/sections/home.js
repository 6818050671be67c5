// home.js: "Hari ini", the employee's first screen. Today's date and what the calendar expects
// (working or not and why, the hours, the office), today's check-ins, and one big button: "Absen
// masuk" before the first check-in, "Absen pulang" after it. A press takes the phone's position
// (RecordAttendance needs coordinates: the office and its geofence are found from them, so
// without a position nothing is recorded) and uploads the check-in; without a network it is
// kept on the device (queue.js) and sent later. The outcome is said in words: on time, late N
// minutes, outside the geofence and how far, not a working day, on leave.
//
// The helpers exported below (time zones, leave type names, outcomes, distances) are shared by
// the other employee screens (month.js, leave.js).
import { html, useState, useEffect, useMemo, useRef } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtTime, fmtNumber, todayIn, DEFAULT_TZ, tzAbbr } from '../i18n.js';
import { get, getAll, post, ApiError } from '../api.js';
import { Page, Card, Loading, ErrorBox, Badge, Button } from '../ui.js';
import * as queue from '../queue.js';

addMessages({
  id: {
    'home.title': 'Hari ini',
    'home.working': 'Hari kerja', 'home.notworking': 'Bukan hari kerja',
    'home.reason.regular': 'Jam kerja biasa', 'home.reason.ramadan': 'Jam kerja Ramadan', 'home.reason.shift': 'Sif {shift}',
    'home.reason.weekend': 'Akhir pekan', 'home.reason.national_holiday': 'Libur nasional', 'home.reason.collective_leave': 'Cuti bersama',
    'home.reason.roster_off': 'Libur menurut jadwal dinas', 'home.reason.not_rostered': 'Tidak ada jadwal dinas hari ini', 'home.reason.unknown_shift': 'Sif {shift} tidak dikenal; hubungi bagian kepegawaian',
    'home.hours': 'Jam kerja {start}–{end}', 'home.onleave': 'Anda sedang cuti hari ini: {type}',
    'home.office': 'Kantor', 'home.office.none': 'Instansi Anda belum memiliki kantor untuk absensi. Hubungi bagian kepegawaian.',
    'home.records': 'Absensi hari ini', 'home.records.none': 'Belum ada absensi hari ini.',
    'home.in': 'Masuk', 'home.out': 'Pulang',
    'home.button.in': 'Absen masuk', 'home.button.out': 'Absen pulang', 'home.button.busy': 'Mengambil lokasi…', 'home.button.sending': 'Mengirim…',
    'home.button.hint.in': 'Lokasi Anda diambil saat tombol ditekan.', 'home.button.hint.out': 'Sudah absen masuk. Tekan saat pulang; absen pulang berikutnya menggantikan yang sebelumnya.',
    'home.loc.check': 'Cek jarak ke kantor', 'home.loc.refresh': 'Perbarui lokasi', 'home.loc.busy': 'Mencari lokasi…',
    'home.loc.inside': 'Anda di dalam radius {office} (± {distance}, radius {radius}).',
    'home.loc.outside': 'Anda {distance} dari {office}, di luar radius {radius}.',
    'home.loc.accuracy': 'Akurasi lokasi ± {accuracy}.',
    'home.loc.denied': 'Izin lokasi ditolak. Absensi tidak dapat dicatat tanpa lokasi. Izinkan lokasi untuk situs ini (ikon gembok di bilah alamat → Izin → Lokasi), lalu tekan tombol lagi.',
    'home.loc.unavailable': 'Lokasi tidak tersedia. Nyalakan GPS atau layanan lokasi perangkat, lalu coba lagi. Absensi tidak dapat dicatat tanpa lokasi.',
    'home.loc.timeout': 'Lokasi tidak didapat dalam 15 detik. Pastikan GPS menyala, pindah ke dekat jendela atau ruang terbuka, lalu coba lagi.',
    'home.loc.unsupported': 'Peramban ini tidak dapat memberikan lokasi, jadi absensi tidak dapat dicatat di sini. Gunakan peramban lain (Chrome, Firefox, Safari) melalui https.',
    'home.out.in': 'Absen masuk tercatat pukul {time}.', 'home.out.out': 'Absen pulang tercatat pukul {time}.',
    'outcome.ontime': 'Tepat waktu', 'outcome.late': 'Terlambat {n} menit', 'outcome.early': 'Pulang lebih awal {n} menit',
    'outcome.notworking': 'Bukan hari kerja', 'outcome.onleave': 'Anda sedang cuti', 'outcome.unknown': 'Tercatat',
    'outcome.outside': 'Di luar radius kantor: Anda {distance} dari kantor.', 'outcome.inside': 'Di dalam radius kantor ({distance} dari kantor).',
    'outcome.latesynced': 'Dikirim setelah luring.',
    'home.queue.count': '{n} absensi menunggu dikirim', 'home.queue.one': '1 absensi menunggu dikirim',
    'home.queue.item': 'Tersimpan di perangkat, akan dikirim saat online', 'home.queue.sendnow': 'Kirim sekarang', 'home.queue.syncing': 'Mengirim…',
    'home.queue.saved': 'Anda sedang luring. Absensi disimpan di perangkat dan akan dikirim otomatis saat online.',
    'home.queue.synced': 'Terkirim', 'home.queue.synced.detail': '{n} absensi yang tersimpan di perangkat sudah terkirim.',
    'home.queue.failed': 'Tidak dapat dikirim', 'home.queue.dismiss': 'Mengerti, hapus',
    'home.stale': 'Data terakhir yang tersimpan di perangkat; Anda sedang luring.',
    'home.refresh': 'Muat ulang',
    'kind.in': 'Masuk', 'kind.out': 'Pulang', 'home.outside.short': 'Di luar radius: {distance}',
  },
  en: {
    'home.title': 'Today',
    'home.working': 'Working day', 'home.notworking': 'Not a working day',
    'home.reason.regular': 'Regular hours', 'home.reason.ramadan': 'Ramadan hours', 'home.reason.shift': 'Shift {shift}',
    'home.reason.weekend': 'Weekend', 'home.reason.national_holiday': 'National holiday', 'home.reason.collective_leave': 'Collective leave',
    'home.reason.roster_off': 'Day off by roster', 'home.reason.not_rostered': 'Not rostered today', 'home.reason.unknown_shift': 'Unknown shift {shift}; contact HR',
    'home.hours': 'Working hours {start}–{end}', 'home.onleave': 'You are on leave today: {type}',
    'home.office': 'Office', 'home.office.none': 'Your agency has no office to check in at yet. Contact HR.',
    'home.records': "Today's check-ins", 'home.records.none': 'No check-in yet today.',
    'home.in': 'In', 'home.out': 'Out',
    'home.button.in': 'Check in', 'home.button.out': 'Check out', 'home.button.busy': 'Getting location…', 'home.button.sending': 'Sending…',
    'home.button.hint.in': 'Your location is taken when you press the button.', 'home.button.hint.out': 'Checked in. Press when you leave; a later check-out replaces an earlier one.',
    'home.loc.check': 'Check distance to the office', 'home.loc.refresh': 'Update location', 'home.loc.busy': 'Finding location…',
    'home.loc.inside': 'You are inside the radius of {office} (± {distance}, radius {radius}).',
    'home.loc.outside': 'You are {distance} from {office}, outside its {radius} radius.',
    'home.loc.accuracy': 'Location accuracy ± {accuracy}.',
    'home.loc.denied': 'Location permission was denied. A check-in cannot be recorded without a location. Allow location for this site (the padlock in the address bar → Permissions → Location), then press the button again.',
    'home.loc.unavailable': 'Location is unavailable. Turn on GPS or location services, then try again. A check-in cannot be recorded without a location.',
    'home.loc.timeout': 'No location within 15 seconds. Make sure GPS is on, move near a window or outdoors, then try again.',
    'home.loc.unsupported': 'This browser cannot give a location, so check-ins cannot be recorded here. Use another browser (Chrome, Firefox, Safari) over https.',
    'home.out.in': 'Check-in recorded at {time}.', 'home.out.out': 'Check-out recorded at {time}.',
    'outcome.ontime': 'On time', 'outcome.late': 'Late {n} minutes', 'outcome.early': 'Left {n} minutes early',
    'outcome.notworking': 'Not a working day', 'outcome.onleave': 'You are on leave', 'outcome.unknown': 'Recorded',
    'outcome.outside': 'Outside the office radius: you are {distance} from the office.', 'outcome.inside': 'Inside the office radius ({distance} from the office).',
    'outcome.latesynced': 'Uploaded after being offline.',
    'home.queue.count': '{n} check-ins waiting to be sent', 'home.queue.one': '1 check-in waiting to be sent',
    'home.queue.item': 'Saved on this device, will be sent when online', 'home.queue.sendnow': 'Send now', 'home.queue.syncing': 'Sending…',
    'home.queue.saved': 'You are offline. The check-in is saved on this device and will be sent automatically when online.',
    'home.queue.synced': 'Sent', 'home.queue.synced.detail': '{n} check-ins saved on this device have been sent.',
    'home.queue.failed': 'Could not be sent', 'home.queue.dismiss': 'OK, remove',
    'home.stale': 'Last data saved on this device; you are offline.',
    'home.refresh': 'Reload',
    'kind.in': 'In', 'kind.out': 'Out', 'home.outside.short': 'Outside the radius: {distance}',
  },
});

addMessages({
  id: {
    'leavetype.LEAVE_TYPE_ANNUAL': 'Cuti Tahunan', 'leavetype.LEAVE_TYPE_LONG': 'Cuti Besar', 'leavetype.LEAVE_TYPE_SICK': 'Cuti Sakit',
    'leavetype.LEAVE_TYPE_MATERNITY': 'Cuti Melahirkan', 'leavetype.LEAVE_TYPE_IMPORTANT_REASONS': 'Cuti Karena Alasan Penting',
    'leavetype.LEAVE_TYPE_COLLECTIVE': 'Cuti Bersama', 'leavetype.LEAVE_TYPE_UNPAID': 'Cuti di Luar Tanggungan Negara',
  },
  en: {
    'leavetype.LEAVE_TYPE_ANNUAL': 'Annual leave', 'leavetype.LEAVE_TYPE_LONG': 'Long leave', 'leavetype.LEAVE_TYPE_SICK': 'Sick leave',
    'leavetype.LEAVE_TYPE_MATERNITY': 'Maternity leave', 'leavetype.LEAVE_TYPE_IMPORTANT_REASONS': 'Important-reason leave',
    'leavetype.LEAVE_TYPE_COLLECTIVE': 'Collective leave', 'leavetype.LEAVE_TYPE_UNPAID': 'Unpaid leave (CLTN)',
  },
});

// ---- shared helpers (month.js and leave.js use them) ----

const ZONES = { TIME_ZONE_WIB: 'Asia/Jakarta', TIME_ZONE_WITA: 'Asia/Makassar', TIME_ZONE_WIT: 'Asia/Jayapura' };
/** tzOf maps the API's TimeZone enum to an IANA zone (WIB when not given). */
export const tzOf = (zone) => ZONES[zone] || DEFAULT_TZ;

/** leaveTypeName names a leave type given as the enum ("LEAVE_TYPE_ANNUAL") or the API's short
 * name ("annual", as daily statuses carry it). */
export function leaveTypeName(type) {
  if (!type) return '';
  const key = String(type).startsWith('LEAVE_TYPE_') ? type : 'LEAVE_TYPE_' + String(type).toUpperCase();
  const s = t('leavetype.' + key);
  return s === 'leavetype.' + key ? String(type) : s;
}

/** fmtDistance: "350 m", "1,2 km". */
export const fmtDistance = (m) => (m >= 1000 ? `${fmtNumber(m / 1000, 1)} km` : `${fmtNumber(Math.round(m))} m`);

/** outcomeOf says what a stored check-in means: { text, kind } with kind ok|warn|info. */
export function outcomeOf(r) {
  switch (r.outcome) {
    case 'ATTENDANCE_OUTCOME_ON_TIME': return { text: t('outcome.ontime'), kind: 'ok' };
    case 'ATTENDANCE_OUTCOME_LATE': return { text: t('outcome.late', { n: fmtNumber(r.lateMinutes || 0) }), kind: 'warn' };
    case 'ATTENDANCE_OUTCOME_EARLY_DEPARTURE': return { text: t('outcome.early', { n: fmtNumber(r.earlyMinutes || 0) }), kind: 'warn' };
    case 'ATTENDANCE_OUTCOME_NOT_A_WORKING_DAY': return { text: t('outcome.notworking'), kind: 'info' };
    case 'ATTENDANCE_OUTCOME_ON_LEAVE': return { text: t('outcome.onleave'), kind: 'info' };
    default: return { text: t('outcome.unknown'), kind: 'info' };
  }
}

/** geofenceText says where a stored check-in was made relative to its office. */
export const geofenceText = (r) => t(r.outsideGeofence ? 'outcome.outside' : 'outcome.inside', { distance: fmtDistance(r.distanceMeters || 0) });

/** distanceMeters is the great-circle distance (haversine, as the service computes it). */
export function distanceMeters(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180, R = 6371008.8;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(Math.min(1, a)));
}

/** The geofence radius the deployment uses for an office with none of its own (DOMAIN.md). */
export const DEFAULT_RADIUS = 100;

/** nearestOffice returns { office, distance } of the offices nearest to a position, as the
 * service picks the office when the check-in names none. */
export function nearestOffice(offices, pos) {
  let best = null;
  for (const o of offices || []) {
    const d = distanceMeters(o.latitude || 0, o.longitude || 0, pos.latitude, pos.longitude);
    if (!best || d < best.distance) best = { office: o, distance: d };
  }
  return best;
}

// ---- location ----

/** locate asks the device for its position (high accuracy, 15 s); it rejects with
 * { code: 'denied' | 'unavailable' | 'timeout' | 'unsupported' }. */
export function locate({ maximumAge = 0 } = {}) {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) { reject({ code: 'unsupported' }); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy || 0, at: p.timestamp }),
      (e) => reject({ code: e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: 15000, maximumAge },
    );
  });
}

async function permissionGranted() {
  try {
    const p = await navigator.permissions.query({ name: 'geolocation' });
    return p.state === 'granted';
  } catch {
    return false;
  }
}

// ---- data ----

const cacheKey = (nip) => `simpeg.home.${nip}`;
function readCache(nip, date) {
  try {
    const c = JSON.parse(localStorage.getItem(cacheKey(nip)) || 'null');
    return c && c.date === date ? c : c ? { ...c, records: [], expected: null, leave: null, date } : null;
  } catch { return null; }
}
function writeCache(nip, data) {
  try { localStorage.setItem(cacheKey(nip), JSON.stringify(data)); } catch { /* full or private */ }
}

// load reads what the screen shows: the agency's offices (their zone decides what "today" is),
// the expected day, today's records and approved leave covering today.
async function load(session) {
  const nip = session.subject;
  let agency = session.agency;
  if (!agency) agency = (await get(`/v1/employees/${nip}`)).agency;
  const offices = await getAll('/v1/offices', { agency }, 'offices');
  const tz = tzOf(offices[0]?.timeZone);
  const date = todayIn(tz);
  const [expected, records, leave] = await Promise.all([
    get(`/v1/employees/${nip}/expectedDays/${date}`),
    get(`/v1/employees/${nip}/attendanceRecords`, { startDate: date, endDate: date }).then((r) => r.records || []),
    getAll('/v1/leaveRequests', { employee: nip, state: 'LEAVE_STATE_APPROVED', pageSize: 100 }, 'leaveRequests', 300)
      .then((ls) => ls.find((l) => l.startDate <= date && date <= l.endDate) || null),
  ]);
  const data = { nip, agency, date, offices, expected, records, leave, loadedAt: new Date().toISOString() };
  writeCache(nip, data);
  return data;
}

function useHome(session) {
  const [st, set] = useState({ loading: true, data: null, error: null, stale: false });
  const reload = async () => {
    set((s) => ({ ...s, loading: true, error: null }));
    try {
      set({ loading: false, data: await load(session), error: null, stale: false });
    } catch (error) {
      const cached = error instanceof ApiError && error.offline ? readCache(session.subject, todayIn(tzOf(null))) : null;
      set({ loading: false, data: cached, error: cached ? null : error, stale: !!cached });
    }
  };
  useEffect(() => { reload(); }, [session.subject]);
  return { ...st, reload, set };
}

function useQueue() {
  const [q, set] = useState(queue.getState());
  useEffect(() => queue.subscribe((s) => set({ ...s })), []);
  return q;
}

// ---- view ----

// The button's pictures: a map pin to arrive, a door to leave (drawn, not emoji: every phone
// shows them alike).
const ICON_IN = html`<svg class="btn-huge-icon" viewBox="0 0 24 24" width="36" height="36" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"/></svg>`;
const ICON_OUT = html`<svg class="btn-huge-icon" viewBox="0 0 24 24" width="36" height="36" aria-hidden="true" focusable="false"><path fill="currentColor" d="M14 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h9v-2H5V5h9V3zm2.6 4.4L15.2 8.8 17.4 11H9v2h8.4l-2.2 2.2 1.4 1.4L21.2 12l-4.6-4.6z"/></svg>`;

function StatusCard({ data, tz }) {
  const e = data.expected;
  const lines = [];
  if (e) {
    const why = t('home.reason.' + e.reason, { shift: e.shift || '' });
    lines.push(html`<p class="home-day">
      <${Badge} kind=${e.working ? 'ok' : 'neutral'}>${e.working ? t('home.working') : t('home.notworking')}</${Badge}>
      <span>${e.holiday ? `${why}: ${e.holiday}` : why}</span></p>`);
    if (e.working && e.startTime) lines.push(html`<p>${t('home.hours', { start: fmtTime(e.startTime, tz, { zone: false }), end: fmtTime(e.endTime, tz) })}</p>`);
  }
  if (data.leave) lines.push(html`<p class="alert alert-info">${t('home.onleave', { type: leaveTypeName(data.leave.type) })}</p>`);
  return html`<div class="home-status">${lines}</div>`;
}

function RecordList({ records, pending, tz }) {
  if (!records.length && !pending.length) return html`<p class="muted">${t('home.records.none')}</p>`;
  return html`<ul class="home-records">
    ${records.map((r) => {
      const o = outcomeOf(r);
      return html`<li key=${r.clientId}>
        <span class="home-rec-kind">${r.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? t('home.out') : t('home.in')}</span>
        <strong class="home-rec-time">${fmtTime(r.deviceTime, tz)}</strong>
        <${Badge} kind=${o.kind === 'ok' ? 'ok' : o.kind === 'warn' ? 'warn' : 'info'}>${o.text}</${Badge}>
        ${r.outsideGeofence ? html`<${Badge} kind="bad">${t('home.outside.short', { distance: fmtDistance(r.distanceMeters || 0) })}</${Badge}>` : null}
      </li>`;
    })}
    ${pending.map((p) => html`<li key=${p.clientId} class="home-rec-pending">
      <span class="home-rec-kind">${p.record.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? t('home.out') : t('home.in')}</span>
      <strong class="home-rec-time">${fmtTime(p.record.deviceTime, tz)}</strong>
      <${Badge} kind="warn">${t('home.queue.item')}</${Badge}>
    </li>`)}
  </ul>`;
}

function LocationLine({ pos, offices, locError, busy, onLocate }) {
  const near = pos ? nearestOffice(offices, pos) : null;
  let text = null;
  if (near) {
    const radius = near.office.radiusMeters || DEFAULT_RADIUS;
    const outside = near.distance - (pos.accuracy || 0) > radius;
    const p = { office: near.office.displayName, distance: fmtDistance(near.distance), radius: fmtDistance(radius) };
    text = html`<p class=${'home-distance ' + (outside ? 'outside' : 'inside')} data-test="checkin-distance">
      ${t(outside ? 'home.loc.outside' : 'home.loc.inside', p)} <span class="muted">${t('home.loc.accuracy', { accuracy: fmtDistance(pos.accuracy || 0) })}</span></p>`;
  }
  return html`<div class="home-location">
    ${text}
    ${locError ? html`<div class="alert alert-error" role="alert" data-test="location-error"><p>${t('home.loc.' + locError)}</p></div>` : null}
    ${offices.length ? html`<button type="button" class="btn btn-ghost" onClick=${onLocate} disabled=${busy} aria-busy=${busy ? 'true' : undefined}>
      ${busy ? t('home.loc.busy') : pos ? t('home.loc.refresh') : t('home.loc.check')}</button>` : null}
  </div>`;
}

function Outcome({ outcome, tz }) {
  if (!outcome) return null;
  if (outcome.queued) {
    return html`<div class="alert alert-warn checkin-outcome" role="status" data-test="checkin-outcome" data-outcome="queued">
      <p><strong>${t(outcome.queued.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? 'home.out.out' : 'home.out.in', { time: fmtTime(outcome.queued.deviceTime, tz) })}</strong></p>
      <p>${t('home.queue.saved')}</p></div>`;
  }
  if (outcome.error) {
    const e = outcome.error;
    const detail = e instanceof ApiError && e.reason && t('queue.reason.' + e.reason) !== 'queue.reason.' + e.reason ? t('queue.reason.' + e.reason) : null;
    const fields = e instanceof ApiError ? Object.values(e.fields) : [];
    return html`<div class="alert alert-error checkin-outcome" role="alert" data-test="checkin-outcome" data-outcome="error">
      <p>${detail || (fields.length ? fields.join(' ') : e instanceof ApiError ? e.text : t('error.generic'))}</p></div>`;
  }
  const r = outcome.record;
  const o = outcomeOf(r);
  const tone = o.kind === 'ok' && !r.outsideGeofence ? 'ok' : o.kind === 'info' ? 'info' : 'warn';
  return html`<div class=${'alert alert-' + tone + ' checkin-outcome'} role="status" data-test="checkin-outcome" data-outcome=${r.outcome}>
    <p><strong>${t(r.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? 'home.out.out' : 'home.out.in', { time: fmtTime(r.deviceTime, tz) })}</strong></p>
    <p class="checkin-outcome-main">${o.text}</p>
    <p>${geofenceText(r)}</p>
    ${r.lateSynced ? html`<p>${t('outcome.latesynced')}</p>` : null}
  </div>`;
}

function QueueBox({ q, tz }) {
  const n = q.pending.length;
  return html`<div class="home-queue">
    ${q.synced.length ? html`<div class="alert alert-ok" role="status" data-test="queue-synced">
      <p><strong>${t('home.queue.synced')}</strong> — ${t('home.queue.synced.detail', { n: fmtNumber(q.synced.length) })}</p>
      <ul class="home-records">${q.synced.map((s) => {
        const r = s.result || {};
        return html`<li key=${s.clientId}><span class="home-rec-kind">${s.record.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? t('home.out') : t('home.in')}</span>
          <strong class="home-rec-time">${fmtTime(s.record.deviceTime, tz)}</strong> <span>${outcomeOf(r).text}</span></li>`;
      })}</ul>
      <button type="button" class="btn btn-ghost" onClick=${() => queue.clearSynced()}>${t('common.close')}</button>
    </div>` : null}
    ${n ? html`<div class="alert alert-warn" role="status">
      <p data-test="queue-count" data-count=${n}><strong>${n === 1 ? t('home.queue.one') : t('home.queue.count', { n: fmtNumber(n) })}</strong></p>
      <p>${t('home.queue.item')}.</p>
      <${Button} kind="secondary" busy=${q.syncing} onClick=${() => queue.flush()}>${q.syncing ? t('home.queue.syncing') : t('home.queue.sendnow')}</${Button}>
    </div>` : null}
    ${q.failed.map((f) => html`<div class="alert alert-error" role="alert" key=${f.clientId} data-test="queue-failed">
      <p><strong>${t('home.queue.failed')}:</strong> ${`${f.record.kind === 'ATTENDANCE_KIND_CHECK_OUT' ? t('kind.out') : t('kind.in')}, ${fmtDate(f.record.deviceTime, { tz, style: 'short' })} ${fmtTime(f.record.deviceTime, tz)}`}</p>
      <p>${queue.failureText(f)}</p>
      <button type="button" class="btn btn-ghost" onClick=${() => queue.dismissFailed(f.clientId)}>${t('home.queue.dismiss')}</button>
    </div>`)}
  </div>`;
}

/** Home is the "Hari ini" screen. */
export default function Home({ session }) {
  useLang();
  const home = useHome(session);
  const q = useQueue();
  const [pos, setPos] = useState(null);
  const [locError, setLocError] = useState(null);
  const [locating, setLocating] = useState(false);
  const [phase, setPhase] = useState(''); // '' | 'locating' | 'sending'
  const [outcome, setOutcome] = useState(null);
  const syncedSeen = useRef(0);
  const data = home.data;
  const offices = data?.offices || [];
  const tz = tzOf(data?.expected?.timeZone || offices[0]?.timeZone);
  const date = data?.date || todayIn(tz);

  // Records sent from the queue belong in today's list: reload when a flush sent some.
  useEffect(() => {
    if (!q.synced.length || q.synced === syncedSeen.current) return;
    syncedSeen.current = q.synced;
    // The "saved on the device" notice of a record now sent is over.
    setOutcome((o) => (o && o.queued && q.synced.some((s) => s.clientId === o.queued.clientId) ? null : o));
    if (navigator.onLine) home.reload();
  }, [q.synced]);
  useEffect(() => { queue.flush(); }, [session.subject]);
  // "Terkirim" is said once: leaving the screen puts the notice away.
  useEffect(() => () => { if (queue.getState().synced.length) queue.clearSynced(); }, []);

  // Show the distance before the press when the person already allowed location.
  useEffect(() => {
    let live = true;
    permissionGranted().then((ok) => ok && locate({ maximumAge: 60000 }).then((p) => live && setPos(p)).catch(() => {}));
    return () => { live = false; };
  }, []);

  const records = useMemo(() => [...(data?.records || [])].sort((a, b) => String(a.deviceTime).localeCompare(String(b.deviceTime))), [data]);
  const pendingToday = q.pending.filter((p) => todayIn(tz, new Date(p.record.deviceTime)) === date);
  const checkedIn = records.some((r) => r.kind === 'ATTENDANCE_KIND_CHECK_IN') || pendingToday.some((p) => p.record.kind === 'ATTENDANCE_KIND_CHECK_IN');
  const kind = checkedIn ? 'ATTENDANCE_KIND_CHECK_OUT' : 'ATTENDANCE_KIND_CHECK_IN';

  const checkLocation = async () => {
    setLocating(true); setLocError(null);
    try { setPos(await locate()); } catch (e) { setLocError(e.code); } finally { setLocating(false); }
  };

  const press = async () => {
    const pressedAt = new Date(); // the attendance time, also when the upload happens later
    setOutcome(null); setLocError(null); setPhase('locating');
    let p;
    try {
      p = await locate();
      setPos(p);
    } catch (e) {
      setLocError(e.code); setPhase('');
      return;
    }
    const record = {
      clientId: queue.newClientId(), kind, deviceTime: pressedAt.toISOString(),
      latitude: p.latitude, longitude: p.longitude, accuracyMeters: Math.round(p.accuracy * 10) / 10, deviceId: queue.deviceId(),
    };
    const keep = async () => { await queue.enqueue(record); setOutcome({ queued: record }); };
    try {
      if (!navigator.onLine) { await keep(); return; }
      setPhase('sending');
      const r = await post('/v1/attendanceRecords', record);
      setOutcome({ record: r });
      home.set((s) => (s.data ? { ...s, data: { ...s.data, records: [...(s.data.records || []).filter((x) => x.clientId !== r.clientId), r] } } : s));
    } catch (e) {
      if (e instanceof ApiError && (e.offline || e.status === 502 || e.status === 503 || e.status === 504)) await keep();
      else setOutcome({ error: e });
    } finally {
      setPhase('');
    }
  };

  const busy = phase !== '';
  const label = phase === 'locating' ? t('home.button.busy') : phase === 'sending' ? t('home.button.sending') : t(checkedIn ? 'home.button.out' : 'home.button.in');

  return html`<${Page} title=${t('home.title')}>
    <div class="home-head">
      <p class="home-date" data-test="home-date">${fmtDate(date, { style: 'long' })} <span class="muted">(${tzAbbr(tz)})</span></p>
      ${data ? html`<${StatusCard} data=${data} tz=${tz} />` : null}
    </div>
    ${home.stale ? html`<p class="alert alert-warn" role="status">${t('home.stale')}</p>` : null}
    <div class="grid grid-2 home-grid">
      <${Card} class="home-action">
        <button type="button" class=${'btn btn-huge ' + (checkedIn ? 'btn-checkout' : 'btn-primary')} data-test="checkin-button" data-kind=${kind}
          onClick=${press} disabled=${busy} aria-busy=${busy ? 'true' : undefined} aria-describedby="checkin-hint">
          ${checkedIn ? ICON_OUT : ICON_IN}<span>${label}</span>
        </button>
        <p class="hint" id="checkin-hint">${t(checkedIn ? 'home.button.hint.out' : 'home.button.hint.in')}</p>
        <${Outcome} outcome=${outcome} tz=${tz} />
        <${LocationLine} pos=${pos} offices=${offices} locError=${locError} busy=${locating || phase === 'locating'} onLocate=${checkLocation} />
        <${QueueBox} q=${q} tz=${tz} />
      </${Card}>
      <${Card} title=${t('home.records')}>
        ${home.loading && !data ? html`<${Loading} />` : null}
        ${home.error ? html`<${ErrorBox} error=${home.error} onRetry=${home.reload} />` : null}
        ${data ? html`<${RecordList} records=${records} pending=${pendingToday} tz=${tz} />
          <p class="home-office">${offices.length
            ? html`<span class="muted">${t('home.office')}:</span> ${offices.map((o) => o.displayName).join(' · ')}`
            : html`<span class="alert alert-warn">${t('home.office.none')}</span>`}</p>` : null}
      </${Card}>
    </div>
  </${Page}>`;
}
