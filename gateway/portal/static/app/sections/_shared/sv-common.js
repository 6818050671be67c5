// sv-common.js: what the supervisor and agency HR screens share — names of employees (read once
// from planning and kept for the page's life), the agencies for a picker, the offices' time
// zones, leave types and states in both languages, months ("YYYY-MM") and the agency and month
// pickers. Only the sv-* screens import it.
import { html, useState, useEffect } from '../../../vendor/preact-htm.js';
import { t, addMessages, getLang, todayIn, fmtNumber, DEFAULT_TZ } from '../../i18n.js';
import { get, getAll } from '../../api.js';
import { Select, Badge, Button } from '../../ui.js';
import { hasRole } from '../../session.js';

addMessages({
  id: {
    'sv.agency': 'Instansi', 'sv.agency.all': 'Semua instansi', 'sv.agency.pick': 'Pilih instansi',
    'sv.month': 'Bulan', 'sv.month.prev': 'Bulan sebelumnya', 'sv.month.next': 'Bulan berikutnya',
    'sv.date': 'Tanggal', 'sv.year': 'Tahun', 'sv.nip': 'NIP', 'sv.name': 'Nama', 'sv.unknown': 'NIP {nip}',
    'sv.days': '{n} hari', 'sv.minutes': '{n} menit', 'sv.demo': 'Data demo bersifat ilustratif, bukan data resmi.',
    'sv.state.LEAVE_STATE_SUBMITTED': 'Menunggu atasan', 'sv.state.LEAVE_STATE_AWAITING_SECOND_APPROVAL': 'Menunggu persetujuan kedua',
    'sv.state.LEAVE_STATE_DEFERRED': 'Ditangguhkan', 'sv.state.LEAVE_STATE_APPROVED': 'Disetujui',
    'sv.state.LEAVE_STATE_REJECTED': 'Ditolak', 'sv.state.LEAVE_STATE_CANCELLED': 'Dibatalkan',
    'sv.leave.annual': 'Cuti tahunan', 'sv.leave.long': 'Cuti besar', 'sv.leave.sick': 'Cuti sakit',
    'sv.leave.maternity': 'Cuti melahirkan', 'sv.leave.important_reasons': 'Cuti alasan penting',
    'sv.leave.collective': 'Cuti bersama', 'sv.leave.unpaid': 'Cuti di luar tanggungan negara',
    'sv.leaveShort.annual': 'Tahunan', 'sv.leaveShort.long': 'Besar', 'sv.leaveShort.sick': 'Sakit',
    'sv.leaveShort.maternity': 'Melahirkan', 'sv.leaveShort.important_reasons': 'Alasan penting',
    'sv.leaveShort.collective': 'Bersama', 'sv.leaveShort.unpaid': 'CLTN',
    'sv.team.present': 'Hadir', 'sv.team.late': 'Terlambat', 'sv.team.early': 'Pulang cepat', 'sv.team.leave': 'Cuti',
    'sv.team.holiday': 'Libur', 'sv.team.notYetIn': 'Belum hadir', 'sv.team.absent': 'Tidak hadir', 'sv.team.notScheduled': 'Tidak terjadwal',
    'sv.team.total': 'Jumlah pegawai', 'sv.team.all': 'Semua', 'sv.team.filterHint': 'Pilih angka untuk menyaring daftar.', 'sv.team.counts': 'Jumlah pegawai menurut keadaan',
  },
  en: {
    'sv.agency': 'Agency', 'sv.agency.all': 'All agencies', 'sv.agency.pick': 'Choose an agency',
    'sv.month': 'Month', 'sv.month.prev': 'Previous month', 'sv.month.next': 'Next month',
    'sv.date': 'Date', 'sv.year': 'Year', 'sv.nip': 'NIP', 'sv.name': 'Name', 'sv.unknown': 'NIP {nip}',
    'sv.days': '{n} days', 'sv.minutes': '{n} minutes', 'sv.demo': 'Demo data is illustrative, not official.',
    'sv.state.LEAVE_STATE_SUBMITTED': 'Awaiting supervisor', 'sv.state.LEAVE_STATE_AWAITING_SECOND_APPROVAL': 'Awaiting second approval',
    'sv.state.LEAVE_STATE_DEFERRED': 'Deferred', 'sv.state.LEAVE_STATE_APPROVED': 'Approved',
    'sv.state.LEAVE_STATE_REJECTED': 'Rejected', 'sv.state.LEAVE_STATE_CANCELLED': 'Cancelled',
    'sv.leave.annual': 'Annual leave', 'sv.leave.long': 'Long leave', 'sv.leave.sick': 'Sick leave',
    'sv.leave.maternity': 'Maternity leave', 'sv.leave.important_reasons': 'Important-reason leave',
    'sv.leave.collective': 'Collective leave', 'sv.leave.unpaid': 'Unpaid leave',
    'sv.leaveShort.annual': 'Annual', 'sv.leaveShort.long': 'Long', 'sv.leaveShort.sick': 'Sick',
    'sv.leaveShort.maternity': 'Maternity', 'sv.leaveShort.important_reasons': 'Important reasons',
    'sv.leaveShort.collective': 'Collective', 'sv.leaveShort.unpaid': 'Unpaid',
    'sv.team.present': 'Present', 'sv.team.late': 'Late', 'sv.team.early': 'Left early', 'sv.team.leave': 'On leave',
    'sv.team.holiday': 'Day off', 'sv.team.notYetIn': 'Not yet in', 'sv.team.absent': 'Absent', 'sv.team.notScheduled': 'Not scheduled',
    'sv.team.total': 'Employees', 'sv.team.all': 'All', 'sv.team.filterHint': 'Choose a number to filter the list.', 'sv.team.counts': 'Employees by state',
  },
});

// The API names a leave type by its enum (LEAVE_TYPE_ANNUAL) in a request, and by its API or
// Indonesian name ("annual", "tahunan") in daily statuses and recaps.
const LEAVE_KEYS = {
  tahunan: 'annual', besar: 'long', sakit: 'sick', melahirkan: 'maternity', alasan_penting: 'important_reasons',
  bersama: 'collective', cltn: 'unpaid',
};
/** leaveKey turns any of the API's names of a leave type into its API name ("annual"). */
export function leaveKey(v) {
  const s = String(v || '').replace(/^LEAVE_TYPE_/, '').toLowerCase();
  return LEAVE_KEYS[s] || s;
}
/** leaveLabel is a leave type's name in the user's language ("Cuti tahunan"); short: "Tahunan". */
export function leaveLabel(v, short = false) {
  const k = leaveKey(v);
  const key = (short ? 'sv.leaveShort.' : 'sv.leave.') + k;
  const s = t(key);
  return s === key ? String(v) : s;
}

const STATE_KIND = {
  LEAVE_STATE_SUBMITTED: 'info', LEAVE_STATE_AWAITING_SECOND_APPROVAL: 'info', LEAVE_STATE_DEFERRED: 'warn',
  LEAVE_STATE_APPROVED: 'ok', LEAVE_STATE_REJECTED: 'bad', LEAVE_STATE_CANCELLED: 'neutral',
};
/** LeaveStateBadge shows where a leave request stands. */
export const LeaveStateBadge = ({ state }) => html`<${Badge} kind=${STATE_KIND[state] || 'neutral'}>${t('sv.state.' + state)}</${Badge}>`;

/**
 * TEAM_STATES are the states of a team's day (ListTeamDay): the enum, the counts field, the
 * message key, the badge and stat colour, and whether a count of 0 is still worth showing.
 */
export const TEAM_STATES = [
  { state: 'TEAM_DAY_STATE_PRESENT', count: 'present', key: 'sv.team.present', kind: 'ok', always: true },
  { state: 'TEAM_DAY_STATE_LATE', count: 'late', key: 'sv.team.late', kind: 'warn', always: true },
  { state: 'TEAM_DAY_STATE_EARLY_DEPARTURE', count: 'earlyDeparture', key: 'sv.team.early', kind: 'warn' },
  { state: 'TEAM_DAY_STATE_ON_LEAVE', count: 'onLeave', key: 'sv.team.leave', kind: 'info', always: true },
  { state: 'TEAM_DAY_STATE_NOT_YET_IN', count: 'notYetIn', key: 'sv.team.notYetIn', kind: 'neutral', always: true },
  { state: 'TEAM_DAY_STATE_ABSENT', count: 'absent', key: 'sv.team.absent', kind: 'bad', always: true },
  { state: 'TEAM_DAY_STATE_HOLIDAY', count: 'holiday', key: 'sv.team.holiday', kind: 'neutral' },
  { state: 'TEAM_DAY_STATE_NOT_SCHEDULED', count: 'notScheduled', key: 'sv.team.notScheduled', kind: 'neutral' },
];
/** TeamStateBadge shows where an employee's day stands. */
export function TeamStateBadge({ state }) {
  const s = TEAM_STATES.find((x) => x.state === state);
  return s ? html`<${Badge} kind=${s.kind}>${t(s.key)}</${Badge}>` : null;
}

/** TeamStats shows the counts; each is a toggle that filters the list by its state. */
export function TeamStats({ counts, value, onValue, test = 'team-stats' }) {
  const shown = TEAM_STATES.filter((s) => s.always || counts?.[s.count]);
  return html`<div class="stats sv-stats" data-test=${test} role="group" aria-label=${onValue ? t('sv.team.filterHint') : t('sv.team.counts')}>
    ${onValue ? html`<button type="button" class="stat" aria-pressed=${!value ? 'true' : 'false'} onClick=${() => onValue('')}>
      <span class="stat-value">${fmtNumber(counts?.total ?? 0)}</span><span class="stat-label">${t('sv.team.all')}</span></button>` : null}
    ${shown.map((s) => {
      const body = html`<span class="stat-value">${fmtNumber(counts?.[s.count] ?? 0)}</span><span class="stat-label">${t(s.key)}</span>`;
      const kind = s.kind === 'neutral' ? '' : s.kind;
      return onValue
        ? html`<button type="button" class=${'stat ' + kind} data-state=${s.state} aria-pressed=${value === s.state ? 'true' : 'false'} onClick=${() => onValue(value === s.state ? '' : s.state)}>${body}</button>`
        : html`<div class=${'stat ' + kind} data-state=${s.state}>${body}</div>`;
    })}
  </div>`;
}

// Employees by NIP, read once per page load: a list of requests names the same people often.
const people = new Map();
/** employee returns planning's record of nip (a promise), or null when it cannot be read. */
export function employee(nip) {
  if (!nip) return Promise.resolve(null);
  if (!people.has(nip)) {
    const p = get(`/v1/employees/${encodeURIComponent(nip)}`).catch((e) => { people.delete(nip); if (e.status === 404 || e.status === 403) return null; throw e; });
    people.set(nip, p);
  }
  return people.get(nip);
}
/** rememberEmployees keeps employees a list call returned, so their names need no call each. */
export function rememberEmployees(list) {
  for (const e of list || []) if (e?.nip && !people.has(e.nip)) people.set(e.nip, Promise.resolve(e));
}
const agencyLists = new Map();
/**
 * useEmployees returns { nip: employee } for nips, filling in as the calls answer. Given the
 * agency they belong to and many of them, it reads the agency's list (pages of 1000) once
 * instead of one call per employee.
 */
export function useEmployees(nips, agency = '') {
  const key = [...new Set(nips.filter(Boolean))].sort().join(',');
  const [map, setMap] = useState({});
  useEffect(() => {
    let live = true;
    let list = key ? key.split(',') : [];
    if (agency && list.filter((n) => !people.has(n)).length > 40) {
      if (!agencyLists.has(agency)) {
        agencyLists.set(agency, getAll('/v1/employees', { agency }, 'employees', 20000).then(rememberEmployees).catch(() => agencyLists.delete(agency)));
      }
      agencyLists.get(agency).then(() => { if (live) next(); });
    } else next();
    function next() {
      // At most 8 calls at a time: a long list must not flood the gateway.
      let i = 0;
      const worker = async () => {
        while (live && i < list.length) {
          const nip = list[i++];
          const e = await employee(nip).catch(() => null);
          if (live) setMap((m) => (m[nip] === e ? m : { ...m, [nip]: e }));
        }
      };
      Promise.all([...Array(Math.min(8, list.length))].map(worker));
    }
    return () => { live = false; };
  }, [key, agency]);
  return map;
}

/** displayName is an employee's name with titles, or their NIP while unknown. */
export const displayName = (map, nip) => map[nip]?.displayName || map[nip]?.fullName || t('sv.unknown', { nip });

let agenciesP = null;
/** agencies returns the top-level agencies [{ code, displayName }] in code order (cached). */
export function agencies() {
  if (!agenciesP) agenciesP = getAll('/v1/agencies', { parent: '-' }, 'agencies').catch((e) => { agenciesP = null; throw e; });
  return agenciesP;
}

/** cityWide is true for the roles that may pick any agency (city HR, the inspectorate). */
export const cityWide = () => hasRole('city-hr', 'auditor') && !hasRole('agency-hr');

/**
 * AgencyPicker lets city HR and the inspectorate choose an agency; agency HR keeps their own
 * (shown, not editable). allowAll adds "all agencies" as the empty value.
 */
export function AgencyPicker({ value, onValue, allowAll = false, test }) {
  const [list, setList] = useState(null);
  const [error, setError] = useState(false);
  useEffect(() => { agencies().then(setList, () => setError(true)); }, []);
  const opts = (list || []).map((a) => ({ value: a.code, label: `${a.displayName} (${a.code})` }));
  if (value && !opts.some((o) => o.value === value)) opts.unshift({ value, label: value });
  if (allowAll) opts.unshift({ value: '', label: t('sv.agency.all') });
  else if (!value) opts.unshift({ value: '', label: t('sv.agency.pick') });
  return html`<${Select} label=${t('sv.agency')} name="agency" value=${value} onValue=${onValue} options=${opts}
    hint=${error ? t('error.unavailable') : undefined} data-test=${test} />`;
}

/** agencyOf is the agency a screen starts with: the URL's, else the session's (agency HR). */
export const agencyOf = (session, query) => query?.get('agency') || (hasRole('agency-hr') ? session.agency : '') || '';

/** setQuery replaces the page's query parameters without a new history entry. */
export function setQuery(params) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) if (v === '' || v == null) q.delete(k); else q.set(k, v);
  const s = q.toString();
  history.replaceState({}, '', location.pathname + (s ? '?' + s : ''));
}

// Months: "YYYY-MM".
/** thisMonth is the current month in tz. */
export const thisMonth = (tz = DEFAULT_TZ) => todayIn(tz).slice(0, 7);
/** shiftMonth moves a month by n (negative: back). */
export function shiftMonth(m, n) {
  const [y, mo] = m.split('-').map(Number);
  const d = new Date(Date.UTC(y, mo - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
/** monthDays lists the month's dates "YYYY-MM-DD". */
export function monthDays(m) {
  const [y, mo] = m.split('-').map(Number);
  const n = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return [...Array(n)].map((_, i) => `${m}-${String(i + 1).padStart(2, '0')}`);
}
/** monthRange is the month's first and last date. */
export const monthRange = (m) => { const d = monthDays(m); return { startDate: d[0], endDate: d[d.length - 1] }; };
/** validMonth reports whether s is "YYYY-MM". */
export const validMonth = (s) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s || '');

/** MonthSwitcher: previous / the month (a labelled month input) / next. max: the last month allowed. */
export function MonthSwitcher({ value, onValue, max, test }) {
  const [id] = useState(() => 'm' + Math.random().toString(36).slice(2, 8));
  const atMax = max && value >= max;
  return html`<div class="sv-month">
    <${Button} kind="ghost" aria-label=${t('sv.month.prev')} onClick=${() => onValue(shiftMonth(value, -1))}>‹</${Button}>
    <div class="field"><label for=${id}>${t('sv.month')}</label>
      <input id=${id} type="month" value=${value} max=${max || undefined} data-test=${test}
        onChange=${(e) => validMonth(e.currentTarget.value) && onValue(e.currentTarget.value)} /></div>
    <${Button} kind="ghost" aria-label=${t('sv.month.next')} disabled=${atMax} onClick=${() => onValue(shiftMonth(value, 1))}>›</${Button}>
  </div>`;
}

// Offices' time zones: the API gives an office's zone as an enum; times are shown in it.
const ZONES = { TIME_ZONE_WIB: 'Asia/Jakarta', TIME_ZONE_WITA: 'Asia/Makassar', TIME_ZONE_WIT: 'Asia/Jayapura', TIME_ZONE_UNSPECIFIED: 'Asia/Jakarta' };
/** zoneOf turns a TimeZone enum into the IANA zone the portal formats with. */
export const zoneOf = (tz) => ZONES[tz] || DEFAULT_TZ;

const officesP = new Map();
/** offices returns an agency's offices (cached per agency; '' for all). */
export function offices(agency = '', fresh = false) {
  if (fresh || !officesP.has(agency)) {
    const p = getAll('/v1/offices', { agency }, 'offices').catch((e) => { officesP.delete(agency); throw e; });
    officesP.set(agency, p);
  }
  return officesP.get(agency);
}
/** useAgencyZone returns the time zone of an agency's offices (its first office's; WIB if none). */
export function useAgencyZone(agency) {
  const [tz, setTz] = useState(DEFAULT_TZ);
  useEffect(() => {
    if (!agency) return;
    offices(agency).then((list) => setTz(zoneOf(list[0]?.timeZone)), () => {});
  }, [agency]);
  return tz;
}
/** useOfficeZones returns { "offices/x": IANA zone } for an agency's offices. */
export function useOfficeZones(agency) {
  const [map, setMap] = useState({});
  useEffect(() => {
    if (!agency) return;
    offices(agency).then((list) => setMap(Object.fromEntries(list.map((o) => [o.name, zoneOf(o.timeZone)]))), () => {});
  }, [agency]);
  return map;
}

/** lang is the current language, for components that format without t(). */
export const lang = () => getLang();
