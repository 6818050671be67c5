// ch-common.js: what the HR registry screens (employees, city dashboard, holidays, organisation,
// audit) share — the organisation read once per page life (agencies and units, positions by
// agency, employee names), the planning enums in both languages, ranks, the NIP's embedded
// parts, the agency picker, and the Indonesian texts of the planning API's field errors. Only
// the ch-* screens import it.
import { html, useState, useEffect, useRef } from '../../../vendor/preact-htm.js';
import { t, addMessages, fmtDate, fmtTime, DEFAULT_TZ } from '../../i18n.js';
import { get, getAll, addErrorTranslations } from '../../api.js';
import { Select, Input, Badge } from '../../ui.js';

addMessages({
  id: {
    'ch.agency': 'Instansi', 'ch.agency.all': 'Semua instansi', 'ch.unit': 'Unit kerja', 'ch.unit.none': '— tanpa unit —',
    'ch.unit.all': 'Semua unit', 'ch.position': 'Jabatan', 'ch.position.none': '— tanpa jabatan —', 'ch.nip': 'NIP',
    'ch.name': 'Nama', 'ch.rank': 'Pangkat/golongan', 'ch.grade': 'Golongan PPPK', 'ch.type': 'Jenis ASN', 'ch.status': 'Status',
    'ch.supervisor': 'Atasan langsung', 'ch.sex': 'Jenis kelamin', 'ch.birth': 'Tanggal lahir', 'ch.appointment': 'TMT pengangkatan',
    'ch.none': '—', 'ch.choose': '— pilih —', 'ch.demo': 'Data demo bersifat ilustratif, bukan data resmi.',
    'ch.type.EMPLOYMENT_TYPE_PNS': 'PNS', 'ch.type.EMPLOYMENT_TYPE_CPNS': 'CPNS', 'ch.type.EMPLOYMENT_TYPE_PPPK': 'PPPK',
    'ch.status.EMPLOYEE_STATUS_ACTIVE': 'Aktif', 'ch.status.EMPLOYEE_STATUS_TRANSFERRED': 'Pindah keluar',
    'ch.status.EMPLOYEE_STATUS_RETIRED': 'Pensiun', 'ch.status.all': 'Semua status',
    'ch.sex.SEX_MALE': 'Laki-laki', 'ch.sex.SEX_FEMALE': 'Perempuan',
    'ch.pkind.POSITION_KIND_STRUCTURAL': 'Struktural', 'ch.pkind.POSITION_KIND_FUNCTIONAL': 'Fungsional',
    'ch.pkind.POSITION_KIND_EXECUTOR': 'Pelaksana',
    'ch.akind.AGENCY_KIND_SECRETARIAT': 'Sekretariat', 'ch.akind.AGENCY_KIND_DINAS': 'Dinas', 'ch.akind.AGENCY_KIND_BADAN': 'Badan',
    'ch.akind.AGENCY_KIND_OTHER': 'Lainnya', 'ch.akind.AGENCY_KIND_KECAMATAN': 'Kecamatan', 'ch.akind.AGENCY_KIND_HOSPITAL': 'Rumah sakit (RSUD)',
    'ch.akind.AGENCY_KIND_UNIT': 'Unit (bidang/seksi/UPT)',
    'ch.nip.decoded': 'Lahir {birth} · diangkat {appointment} · {sex}', 'ch.nip.bad': 'NIP belum lengkap atau tidak sah.',
    'ch.picker.hint': 'Ketik nama atau awal NIP, lalu pilih dari daftar.', 'ch.picker.found': 'Terpilih: {name}',
    'ch.fullName': 'Nama lengkap (tanpa gelar)', 'ch.frontTitle': 'Gelar depan', 'ch.backTitle': 'Gelar belakang',
    'ch.frontTitle.hint': 'Mis. Dr.', 'ch.backTitle.hint': 'Mis. S.Kom., M.T.',
  },
  en: {
    'ch.agency': 'Agency', 'ch.agency.all': 'All agencies', 'ch.unit': 'Unit', 'ch.unit.none': '— no unit —',
    'ch.unit.all': 'All units', 'ch.position': 'Position', 'ch.position.none': '— no position —', 'ch.nip': 'NIP',
    'ch.name': 'Name', 'ch.rank': 'Rank', 'ch.grade': 'PPPK grade', 'ch.type': 'Employment type', 'ch.status': 'Status',
    'ch.supervisor': 'Direct supervisor', 'ch.sex': 'Sex', 'ch.birth': 'Birth date', 'ch.appointment': 'Appointment date',
    'ch.none': '—', 'ch.choose': '— choose —', 'ch.demo': 'Demo data is illustrative, not official.',
    'ch.type.EMPLOYMENT_TYPE_PNS': 'PNS (career)', 'ch.type.EMPLOYMENT_TYPE_CPNS': 'CPNS (candidate, on probation)', 'ch.type.EMPLOYMENT_TYPE_PPPK': 'PPPK (contract)',
    'ch.status.EMPLOYEE_STATUS_ACTIVE': 'Active', 'ch.status.EMPLOYEE_STATUS_TRANSFERRED': 'Transferred out',
    'ch.status.EMPLOYEE_STATUS_RETIRED': 'Retired', 'ch.status.all': 'Any status',
    'ch.sex.SEX_MALE': 'Male', 'ch.sex.SEX_FEMALE': 'Female',
    'ch.pkind.POSITION_KIND_STRUCTURAL': 'Structural', 'ch.pkind.POSITION_KIND_FUNCTIONAL': 'Functional',
    'ch.pkind.POSITION_KIND_EXECUTOR': 'Executor',
    'ch.akind.AGENCY_KIND_SECRETARIAT': 'Secretariat', 'ch.akind.AGENCY_KIND_DINAS': 'Service agency (dinas)', 'ch.akind.AGENCY_KIND_BADAN': 'Agency body (badan)',
    'ch.akind.AGENCY_KIND_OTHER': 'Other', 'ch.akind.AGENCY_KIND_KECAMATAN': 'District (kecamatan)', 'ch.akind.AGENCY_KIND_HOSPITAL': 'City hospital (RSUD)',
    'ch.akind.AGENCY_KIND_UNIT': 'Unit (division/section/UPT)',
    'ch.nip.decoded': 'Born {birth} · appointed {appointment} · {sex}', 'ch.nip.bad': 'The NIP is incomplete or not valid.',
    'ch.picker.hint': 'Type a name or the start of a NIP, then pick from the list.', 'ch.picker.found': 'Chosen: {name}',
    'ch.fullName': 'Full name (without titles)', 'ch.frontTitle': 'Title before the name', 'ch.backTitle': 'Titles after the name',
    'ch.frontTitle.hint': 'E.g. Dr.', 'ch.backTitle.hint': 'E.g. S.Kom., M.T.',
  },
});

// The planning API's field errors, in Indonesian (services/planning: nip, domain).
addErrorTranslations([
  { re: /^must be 18 digits, got (\d+) characters$/, id: (m) => (m[1] === '0' ? 'wajib diisi (18 digit)' : `harus 18 digit, terisi ${m[1]} karakter`) },
  { re: /^character (\d+) \("?(.*?)"?\) is not a digit$/, id: 'karakter ke-$1 ($2) bukan angka' },
  { re: /^digits 1-8 \((\d+)\) are not a real date YYYYMMDD$/, id: 'digit 1–8 ($1) bukan tanggal lahir yang sah (TTTTBBHH)' },
  { re: /^birth date (\S+) is in the future$/, id: 'tanggal lahir $1 ada di masa depan' },
  { re: /^birth year (\d+) is before 1900$/, id: 'tahun lahir $1 sebelum 1900' },
  { re: /^digits 9-14 \((\d+)\) are not a real month YYYYMM$/, id: 'digit 9–14 ($1) bukan bulan pengangkatan yang sah (TTTTBB)' },
  { re: /^appointment month (\S+) is in the future$/, id: 'bulan pengangkatan $1 ada di masa depan' },
  { re: /^appointment (\S+) is before the 17th birthday \((\S+)\)$/, id: 'pengangkatan $1 sebelum ulang tahun ke-17 ($2)' },
  { re: /^digit 15 is (.); it must be 1 \(male\) or 2 \(female\)$/, id: 'digit ke-15 adalah $1; harus 1 (laki-laki) atau 2 (perempuan)' },
  { re: /^digits 16-18 are 000; the sequence starts at 001$/, id: 'digit 16–18 bernilai 000; nomor urut mulai dari 001' },
  { re: /^is (\w+) but the NIP's 15th digit \((\d)\) says (\w+)$/, id: 'tidak sesuai digit ke-15 NIP ($2)' },
  { re: /^is (\S+) but the NIP says (\S+)$/, id: 'tidak sesuai NIP, yang menyebut $2' },
  { re: /^is (\S+) but the NIP says the appointment was in (\S+)$/, id: 'tidak sesuai NIP, yang menyebut pengangkatan pada $2' },
  { re: /^is required for a PPPK \(the number does not encode it\)$/, id: 'wajib diisi untuk PPPK (nomornya tidak memuatnya)' },
  { re: /^is required for a PPPK$/, id: 'wajib diisi untuk PPPK' },
  { re: /^(\S+) is in the future$/, id: '$1 ada di masa depan' },
  { re: /^(\S+) is before the 17th birthday$/, id: '$1 sebelum ulang tahun ke-17' },
  { re: /^must be 2-150 characters$/, id: 'harus 2–150 karakter' },
  { re: /^"(.*)" is not a PNS rank; use I\/a … IV\/e$/, id: (m) => (m[1] ? `"${m[1]}" bukan golongan PNS; gunakan I/a … IV/e` : 'wajib diisi') },
  { re: /^"(.*)" is not a PPPK grade; use I … XVII$/, id: (m) => (m[1] ? `"${m[1]}" bukan golongan PPPK; gunakan I … XVII` : 'wajib diisi') },
  { re: /^must be PNS or PPPK$/, id: 'harus PNS atau PPPK' },
  { re: /^a PNS is identified by a NIP$/, id: 'PNS diidentifikasi dengan NIP' },
  { re: /^a PPPK is identified by a PPPK number, not a NIP$/, id: 'PPPK diidentifikasi dengan nomor PPPK, bukan NIP' },
  { re: /^is required$/, id: 'wajib diisi' },
  { re: /^agency "(.*)" does not exist$/, id: 'instansi "$1" tidak ada' },
  { re: /^"(.*)" is a unit of (\S+); name the top-level agency here and the unit in .*$/, id: '"$1" adalah unit dari $2; pilih instansinya di sini dan unitnya di kolom unit' },
  { re: /^unit "(.*)" does not exist$/, id: 'unit "$1" tidak ada' },
  { re: /^"(.*)" is a top-level agency, not a unit$/, id: '"$1" adalah instansi, bukan unit' },
  { re: /^unit "(.*)" belongs to (\S+), not (\S+)$/, id: 'unit "$1" milik $2, bukan $3' },
  { re: /^position "(.*)" does not exist$/, id: 'jabatan "$1" tidak ada' },
  { re: /^position "(.*)" belongs to (\S+), not (\S+)$/, id: 'jabatan "$1" milik $2, bukan $3' },
  { re: /^position "(.*)" sits in unit (\S+), not (\S+)$/, id: 'jabatan "$1" berada di unit $2, bukan $3' },
  { re: /^an employee cannot supervise themselves$/, id: 'pegawai tidak dapat menjadi atasan dirinya sendiri' },
  { re: /^employee (\d+) is not registered with this government$/, id: 'pegawai $1 tidak terdaftar di pemerintah kota ini' },
  { re: /^employee (\d+) is (\w+) and cannot supervise$/, id: 'pegawai $1 tidak aktif ($2) dan tidak dapat menjadi atasan' },
  { re: /^(\d+) reports \(directly or not\) to (\d+); the link would make a cycle$/, id: '$1 (langsung atau tidak) adalah bawahan $2; hubungan ini membentuk lingkaran' },
  { re: /^the supervisor chain above (\d+) is longer than (\d+)$/, id: 'rantai atasan di atas $1 lebih dari $2 tingkat' },
  { re: /^employee (\d+) is already registered$/, id: 'pegawai $1 sudah terdaftar' },
  { re: /^name the city agency to move to, or external_destination for a move out of the city$/, id: 'pilih instansi tujuan di kota, atau isi tujuan di luar pemerintah kota' },
  { re: /^give either agency or external_destination, not both$/, id: 'isi instansi tujuan atau tujuan di luar kota, bukan keduanya' },
  { re: /^(\S+) is not after the current assignment's start \((\S+)\)$/, id: '$1 harus sesudah awal penugasan sekarang ($2)' },
  { re: /^(\S+) is before the current assignment's start \((\S+)\)$/, id: '$1 sebelum awal penugasan sekarang ($2)' },
  { re: /^employee (\d+) already serves in (\S+); use UpdateEmployee to move within an agency$/, id: 'pegawai $1 sudah bertugas di $2; perpindahan di dalam instansi lewat ubah data' },
  { re: /^is required for a transfer inside the city$/, id: 'wajib diisi untuk mutasi di dalam kota' },
  { re: /^employee (\d+) is (\w+); only an active employee can (be transferred|retire)$/, id: 'pegawai $1 tidak aktif' },
  { re: /^employee (\d+) (already )?has a transfer pending from (\S+).*$/, id: 'pegawai $1 masih punya mutasi yang berlaku mulai $3' },
  { re: /^agency "(.*)" already exists$/, id: 'instansi "$1" sudah ada' },
  { re: /^position "(.*)" already exists$/, id: 'jabatan "$1" sudah ada' },
  { re: /^(?:value )?does not match regex pattern `(.*)`$/, id: 'format tidak sesuai ($1)' },
  { re: /^must be at least (\d+) characters$/, id: 'minimal $1 karakter' },
  { re: /^must be at most (\d+) characters$/, id: 'maksimal $1 karakter' },
  { re: /^must be greater than or equal to (-?\d+) and less than or equal to (-?\d+)$/, id: 'harus antara $1 dan $2' },
  { re: /^must be greater than or equal to (-?\d+)$/, id: 'minimal $1' },
  { re: /^must be less than or equal to (-?\d+)$/, id: 'maksimal $1' },
  { re: /^(?:value )?is required$/, id: 'wajib diisi' },
  { re: /^value length must be at least (\d+) characters$/, id: 'minimal $1 karakter' },
  { re: /^value length must be at most (\d+) characters$/, id: 'maksimal $1 karakter' },
  { re: /^value must be greater than or equal to (\d+) and less than or equal to (\d+)$/, id: 'harus antara $1 dan $2' },
  { re: /^must be a date YYYY-MM-DD, got "(.*)"$/, id: 'harus tanggal TTTT-BB-HH, terisi "$1"' },
]);

// ---- Ranks ----------------------------------------------------------------------------------

/** PNS_RANKS are the PNS ranks (golongan/ruang) I/a … IV/e in order. */
export const PNS_RANKS = ['I/a', 'I/b', 'I/c', 'I/d', 'II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e'];
/** PPPK_GRADES are the PPPK grades I … XVII in order. */
export const PPPK_GRADES = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII'];
/** rankOptions lists the ranks of an employment type for a Select. */
export const rankOptions = (type) => [{ value: '', label: t('ch.choose') }, ...(type === 'EMPLOYMENT_TYPE_PPPK' ? PPPK_GRADES : PNS_RANKS).map((r) => ({ value: r, label: r }))];

// ---- Enums ----------------------------------------------------------------------------------

/** label shows an enum value in the user's language: label('status', 'EMPLOYEE_STATUS_ACTIVE'). */
export function label(group, v) {
  if (!v) return t('ch.none');
  const key = `ch.${group}.${v}`;
  const s = t(key);
  return s === key ? String(v) : s;
}
const STATUS_KIND = { EMPLOYEE_STATUS_ACTIVE: 'ok', EMPLOYEE_STATUS_TRANSFERRED: 'info', EMPLOYEE_STATUS_RETIRED: 'neutral' };
/** StatusBadge shows an employee's status. */
export const StatusBadge = ({ status }) => html`<${Badge} kind=${STATUS_KIND[status] || 'neutral'}>${label('status', status)}</${Badge}>`;
/** enumOptions turns enum values into Select options with their labels. */
export const enumOptions = (group, values, { blank } = {}) => [...(blank ? [{ value: '', label: blank }] : []), ...values.map((v) => ({ value: v, label: label(group, v) }))];
export const AGENCY_KINDS = ['AGENCY_KIND_SECRETARIAT', 'AGENCY_KIND_DINAS', 'AGENCY_KIND_BADAN', 'AGENCY_KIND_KECAMATAN', 'AGENCY_KIND_HOSPITAL', 'AGENCY_KIND_OTHER', 'AGENCY_KIND_UNIT'];
export const POSITION_KINDS = ['POSITION_KIND_STRUCTURAL', 'POSITION_KIND_FUNCTIONAL', 'POSITION_KIND_EXECUTOR'];
export const STATUSES = ['EMPLOYEE_STATUS_ACTIVE', 'EMPLOYEE_STATUS_TRANSFERRED', 'EMPLOYEE_STATUS_RETIRED'];

// ---- The organisation, read once ------------------------------------------------------------

let agencyCache = null;
/** agencies returns every agency and unit (cached for the page's life; fresh=true re-reads). */
export function agencies(fresh = false) {
  if (!agencyCache || fresh) {
    agencyCache = getAll('/v1/agencies', { pageSize: 1000 }, 'agencies').catch((e) => { agencyCache = null; throw e; });
  }
  return agencyCache;
}
/** byCode indexes agencies by code. */
export const byCode = (list) => Object.fromEntries((list || []).map((a) => [a.code, a]));
/** topLevel keeps the top-level agencies, sorted by name. */
export const topLevel = (list) => (list || []).filter((a) => !a.parent).sort((a, b) => a.displayName.localeCompare(b.displayName, 'id'));
/** unitsOf keeps the units under a top-level agency, sorted by name. */
export const unitsOf = (list, code) => (list || []).filter((a) => a.parent && a.root === code).sort((a, b) => a.displayName.localeCompare(b.displayName, 'id'));
/** agencyName is an agency's name, or its code when unknown. */
export const agencyName = (map, code) => (code ? map?.[code]?.displayName || code : t('ch.none'));

/** useAgencies reads the agencies once: { list, map, error }. */
export function useAgencies() {
  const [state, set] = useState({ list: null, map: {}, error: null });
  useEffect(() => {
    let live = true;
    agencies().then((list) => live && set({ list, map: byCode(list), error: null })).catch((error) => live && set({ list: [], map: {}, error }));
    return () => { live = false; };
  }, []);
  return state;
}

const positionCache = new Map(); // agency code -> Promise<Position[]>
const positionById = new Map(); // id -> Position
/** positionsOf returns an agency's positions (cached). */
export function positionsOf(agency, fresh = false) {
  if (!agency) return Promise.resolve([]);
  if (!positionCache.has(agency) || fresh) {
    const p = getAll('/v1/positions', { agency, pageSize: 1000 }, 'positions').then((list) => {
      list.forEach((x) => positionById.set(x.id, x));
      return list;
    }).catch((e) => { positionCache.delete(agency); throw e; });
    positionCache.set(agency, p);
  }
  return positionCache.get(agency);
}
/** positionTitles reads the positions of ids not yet known and returns {id: title}. */
export async function positionTitles(ids) {
  const missing = [...new Set(ids.filter((id) => id && !positionById.has(id)))];
  await Promise.all(missing.map((id) => get(`/v1/positions/${encodeURIComponent(id)}`).then((p) => positionById.set(id, p)).catch(() => {})));
  return Object.fromEntries(ids.filter(Boolean).map((id) => [id, positionById.get(id)?.title || id]));
}
/** forgetPositions drops the cached positions (after a change). */
export const forgetPositions = () => { positionCache.clear(); positionById.clear(); };

const people = new Map(); // nip -> Promise<Employee|null>
/** employeeNames reads the display names of nips (cached; unknown ones stay absent). */
export async function employeeNames(nips) {
  const want = [...new Set(nips.filter((n) => /^\d{18}$/.test(n || '')))];
  for (const n of want) {
    if (!people.has(n)) people.set(n, get(`/v1/employees/${n}`).catch(() => null));
  }
  const out = {};
  for (const n of want) {
    const e = await people.get(n);
    if (e) out[n] = e.displayName || e.fullName;
  }
  return out;
}
/** rememberEmployees stores employees already read (a list page) for employeeNames. */
export const rememberEmployees = (list) => (list || []).forEach((e) => people.set(e.nip, Promise.resolve(e)));

/** useNames resolves NIPs to names: {nip: name}, filled in as they arrive. */
export function useNames(nips) {
  const [names, set] = useState({});
  const key = [...new Set(nips.filter(Boolean))].sort().join(',');
  useEffect(() => {
    let live = true;
    if (key) employeeNames(key.split(',')).then((m) => live && set(m));
    return () => { live = false; };
  }, [key]);
  return names;
}

// ---- The NIP's embedded parts ---------------------------------------------------------------

/** decodeNip reads the birth date, appointment month and sex a NIP encodes, or null. */
export function decodeNip(nip) {
  if (!/^\d{18}$/.test(nip || '')) return null;
  const by = +nip.slice(0, 4), bm = +nip.slice(4, 6), bd = +nip.slice(6, 8);
  const ay = +nip.slice(8, 12), am = +nip.slice(12, 14), sex = nip[14];
  const birth = new Date(Date.UTC(by, bm - 1, bd));
  if (birth.getUTCFullYear() !== by || birth.getUTCMonth() !== bm - 1 || birth.getUTCDate() !== bd) return null;
  if (am < 1 || am > 12 || (sex !== '1' && sex !== '2')) return null;
  const pad = (n) => String(n).padStart(2, '0');
  return {
    birthDate: `${by}-${pad(bm)}-${pad(bd)}`,
    appointmentDate: `${ay}-${pad(am)}-01`,
    sex: sex === '1' ? 'SEX_MALE' : 'SEX_FEMALE',
  };
}
/** nipHint says in words what a NIP encodes (for the hint under the NIP field). */
export function nipHint(nip) {
  if (!nip || nip.length < 18) return undefined;
  const d = decodeNip(nip);
  if (!d) return t('ch.nip.bad');
  return t('ch.nip.decoded', { birth: fmtDate(d.birthDate, { style: 'short' }), appointment: fmtDate(d.appointmentDate, { style: 'month' }), sex: label('sex', d.sex) });
}

// ---- Pickers and formats --------------------------------------------------------------------

/** AgencyPicker chooses a top-level agency; fixed to one for agency HR (locked). */
export function AgencyPicker({ list, value, onValue, allowAll, locked, label: lbl, name = 'agency', error, required, test }) {
  const opts = topLevel(list).map((a) => ({ value: a.code, label: `${a.displayName} (${a.code})` }));
  const options = locked ? opts.filter((o) => o.value === value) : [...(allowAll ? [{ value: '', label: t('ch.agency.all') }] : [{ value: '', label: t('ch.choose') }]), ...opts];
  return html`<${Select} label=${lbl || t('ch.agency')} name=${name} value=${value} onValue=${onValue} options=${options}
    disabled=${locked} error=${error} required=${required} data-test=${test} />`;
}

/** fmtWhen shows an instant as "5 Des 2026, 07.45 WIB". */
export const fmtWhen = (ts, tz = DEFAULT_TZ) => (ts ? `${fmtDate(ts, { tz, style: 'short' })}, ${fmtTime(ts, tz)}` : t('ch.none'));

/** compact drops empty strings, null and undefined from an object (request bodies). */
export const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== null && v !== undefined));

/** addDays adds n days to "YYYY-MM-DD". */
export function addDays(d, n) {
  const x = new Date(d + 'T00:00:00Z');
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
}

let pickerSeq = 0;
/** EmployeePicker is a NIP field that suggests active employees (of agency, when given) by name
 * or NIP as one types, and names the one chosen. */
export function EmployeePicker({ label: lbl, name, value, onValue, agency, error, required, test }) {
  const listId = useRef(`ch-people-${++pickerSeq}`).current;
  const [found, setFound] = useState([]);
  const timer = useRef(0);
  const names = useNames(/^\d{18}$/.test(value || '') ? [value] : []);
  useEffect(() => {
    clearTimeout(timer.current);
    const q = (value || '').trim();
    if (q.length < 3 || /^\d{18}$/.test(q)) return undefined;
    timer.current = setTimeout(() => {
      get('/v1/employees', { query: q, agency, status: 'EMPLOYEE_STATUS_ACTIVE', pageSize: 10 })
        .then((r) => { rememberEmployees(r.employees); setFound(r.employees || []); }).catch(() => setFound([]));
    }, 300);
    return () => clearTimeout(timer.current);
  }, [value, agency]);
  const chosen = names[value];
  return html`<div class="ch-picker">
    <${Input} label=${lbl} name=${name} value=${value} onValue=${(v) => onValue(v.trim())} error=${error} required=${required}
      hint=${chosen ? t('ch.picker.found', { name: chosen }) : t('ch.picker.hint')} list=${listId} autocomplete="off" data-test=${test} />
    <datalist id=${listId}>${found.map((e) => html`<option value=${e.nip} label=${e.displayName || e.fullName}>${e.displayName || e.fullName}</option>`)}</datalist>
  </div>`;
}
