// training-common.js: what the training screens (sections/training*.js) share — the training
// API's enums in both languages (forms, competency types, providers, enrolment, session,
// agreement, placement and Latsar states), the Indonesian texts of the API's errors a person can
// meet, a session's dates in its own time zone, the JP progress bar toward the 20 JP a year
// every civil servant is due (earned solid, projected hatched), and small formats (rupiah,
// int64 fields the API sends as strings, resource ids).
import { html } from '../../../vendor/preact-htm.js';
import { t, addMessages, getLang, fmtDate, fmtTime, fmtNumber, todayIn, tzAbbr, DEFAULT_TZ } from '../../i18n.js';
import { ApiError, addErrorTranslations } from '../../api.js';
import { Badge, Table } from '../../ui.js';

/** JP_TARGET is the competency development every PNS is due in a year: at least 20 lesson
 * hours (JP), PP 11/2017 as amended by PP 17/2020, art. 203 (DOMAIN.md). */
export const JP_TARGET = 20;

addMessages({
  id: {
    'tr.jp': '{n} JP', 'tr.jp.of': '{earned} dari {target} JP', 'tr.jp.earned': 'Diperoleh', 'tr.jp.projected': 'Terjadwal (belum selesai)',
    'tr.jp.short': 'Kurang {n} JP lagi untuk mencapai {target} JP.', 'tr.jp.shortProjected': 'Bila yang terjadwal selesai: kurang {n} JP.',
    'tr.jp.reachedProjected': 'Bila yang terjadwal selesai, {target} JP tercapai.', 'tr.jp.reached': 'Target {target} JP tahun ini tercapai.',
    'tr.jp.aria': '{earned} JP diperoleh dan {projected} JP terjadwal, dari target {target} JP',
    'tr.form.PROGRAMME_FORM_CLASSROOM': 'Klasikal', 'tr.form.PROGRAMME_FORM_E_LEARNING': 'E-learning', 'tr.form.PROGRAMME_FORM_COACHING': 'Coaching',
    'tr.form.PROGRAMME_FORM_MENTORING': 'Mentoring', 'tr.form.PROGRAMME_FORM_SEMINAR_WORKSHOP': 'Seminar/lokakarya', 'tr.form.PROGRAMME_FORM_INTERNSHIP': 'Magang',
    'tr.form.PROGRAMME_FORM_FORMAL_EDUCATION': 'Pendidikan formal',
    'tr.ctype.COMPETENCY_TYPE_TECHNICAL': 'Teknis', 'tr.ctype.COMPETENCY_TYPE_MANAGERIAL': 'Manajerial', 'tr.ctype.COMPETENCY_TYPE_SOCIO_CULTURAL': 'Sosial kultural',
    'tr.provider.PROVIDER_KIND_CITY_TRAINING_UNIT': 'Unit pelatihan kota (BKPSDM)', 'tr.provider.PROVIDER_KIND_INSTITUTE': 'Lembaga pelatihan provinsi/nasional',
    'tr.provider.PROVIDER_KIND_UNIVERSITY_PARTNER': 'Perguruan tinggi mitra',
    'tr.enrol.ENROLMENT_STATE_REQUESTED': 'Menunggu persetujuan atasan', 'tr.enrol.ENROLMENT_STATE_ENROLLED': 'Terdaftar',
    'tr.enrol.ENROLMENT_STATE_WAITLISTED': 'Daftar tunggu', 'tr.enrol.waitlist': 'Daftar tunggu ke-{n}', 'tr.enrol.ENROLMENT_STATE_REJECTED': 'Ditolak',
    'tr.enrol.ENROLMENT_STATE_WITHDRAWN': 'Mengundurkan diri', 'tr.enrol.ENROLMENT_STATE_PASSED': 'Lulus', 'tr.enrol.ENROLMENT_STATE_FAILED': 'Tidak lulus',
    'tr.enrol.ENROLMENT_STATE_DID_NOT_FINISH': 'Tidak menyelesaikan',
    'tr.origin.ENROLMENT_ORIGIN_NOMINATED': 'Dinominasikan kepegawaian', 'tr.origin.ENROLMENT_ORIGIN_SELF_REQUEST': 'Permohonan sendiri',
    'tr.session.SESSION_STATE_SCHEDULED': 'Terjadwal', 'tr.session.SESSION_STATE_CANCELLED': 'Dibatalkan', 'tr.session.SESSION_STATE_COMPLETED': 'Selesai',
    'tr.session.running': 'Sedang berlangsung', 'tr.session.ended': 'Sudah berakhir',
    'tr.ext.EXTERNAL_TRAINING_STATE_SUBMITTED': 'Menunggu verifikasi', 'tr.ext.EXTERNAL_TRAINING_STATE_VERIFIED': 'Terverifikasi',
    'tr.ext.EXTERNAL_TRAINING_STATE_REJECTED': 'Ditolak',
    'tr.pkind.PARTNER_KIND_UNIVERSITY': 'Universitas', 'tr.pkind.PARTNER_KIND_POLYTECHNIC': 'Politeknik', 'tr.pkind.PARTNER_KIND_OTHER': 'Lembaga lain',
    'tr.agreement.AGREEMENT_STATE_NOT_STARTED': 'Belum berlaku', 'tr.agreement.AGREEMENT_STATE_ACTIVE': 'Berlaku',
    'tr.agreement.AGREEMENT_STATE_EXPIRING': 'Segera berakhir', 'tr.agreement.AGREEMENT_STATE_EXPIRED': 'Berakhir',
    'tr.placement.PLACEMENT_STATE_ACTIVE': 'Berjalan', 'tr.placement.PLACEMENT_STATE_COMPLETED': 'Selesai', 'tr.placement.PLACEMENT_STATE_WITHDRAWN': 'Berhenti',
    'tr.latsar.LATSAR_STATE_DONE': 'Sudah Latsar', 'tr.latsar.LATSAR_STATE_DUE': 'Belum, masih dalam tahun pertama', 'tr.latsar.LATSAR_STATE_FLAGGED': 'Lewat tenggat',
    'tr.city': 'Kota (BKPSDM)', 'tr.online': 'Daring', 'tr.seats': '{seated} dari {capacity} kursi terisi', 'tr.waiting': '{n} dalam daftar tunggu',
    'tr.certificate': 'Sertifikat', 'tr.certificate.check': 'Periksa keaslian', 'tr.rupiah': 'Rp\u00a0{n}',
  },
  en: {
    'tr.jp': '{n} JP', 'tr.jp.of': '{earned} of {target} JP', 'tr.jp.earned': 'Earned', 'tr.jp.projected': 'Scheduled (not finished)',
    'tr.jp.short': '{n} JP more to reach {target} JP.', 'tr.jp.shortProjected': 'If the scheduled training is finished: {n} JP short.',
    'tr.jp.reachedProjected': 'If the scheduled training is finished, {target} JP is reached.', 'tr.jp.reached': 'This year\'s {target} JP is reached.',
    'tr.jp.aria': '{earned} JP earned and {projected} JP scheduled, of a {target} JP target',
    'tr.form.PROGRAMME_FORM_CLASSROOM': 'Classroom', 'tr.form.PROGRAMME_FORM_E_LEARNING': 'E-learning', 'tr.form.PROGRAMME_FORM_COACHING': 'Coaching',
    'tr.form.PROGRAMME_FORM_MENTORING': 'Mentoring', 'tr.form.PROGRAMME_FORM_SEMINAR_WORKSHOP': 'Seminar/workshop', 'tr.form.PROGRAMME_FORM_INTERNSHIP': 'Internship',
    'tr.form.PROGRAMME_FORM_FORMAL_EDUCATION': 'Formal education',
    'tr.ctype.COMPETENCY_TYPE_TECHNICAL': 'Technical', 'tr.ctype.COMPETENCY_TYPE_MANAGERIAL': 'Managerial', 'tr.ctype.COMPETENCY_TYPE_SOCIO_CULTURAL': 'Socio-cultural',
    'tr.provider.PROVIDER_KIND_CITY_TRAINING_UNIT': 'City training unit (BKPSDM)', 'tr.provider.PROVIDER_KIND_INSTITUTE': 'Provincial/national institute',
    'tr.provider.PROVIDER_KIND_UNIVERSITY_PARTNER': 'Partner university',
    'tr.enrol.ENROLMENT_STATE_REQUESTED': 'Awaiting supervisor\'s approval', 'tr.enrol.ENROLMENT_STATE_ENROLLED': 'Enrolled',
    'tr.enrol.ENROLMENT_STATE_WAITLISTED': 'Waitlisted', 'tr.enrol.waitlist': 'Waitlist position {n}', 'tr.enrol.ENROLMENT_STATE_REJECTED': 'Rejected',
    'tr.enrol.ENROLMENT_STATE_WITHDRAWN': 'Withdrawn', 'tr.enrol.ENROLMENT_STATE_PASSED': 'Passed', 'tr.enrol.ENROLMENT_STATE_FAILED': 'Failed',
    'tr.enrol.ENROLMENT_STATE_DID_NOT_FINISH': 'Did not finish',
    'tr.origin.ENROLMENT_ORIGIN_NOMINATED': 'Nominated by HR', 'tr.origin.ENROLMENT_ORIGIN_SELF_REQUEST': 'Own request',
    'tr.session.SESSION_STATE_SCHEDULED': 'Scheduled', 'tr.session.SESSION_STATE_CANCELLED': 'Cancelled', 'tr.session.SESSION_STATE_COMPLETED': 'Completed',
    'tr.session.running': 'Running', 'tr.session.ended': 'Ended',
    'tr.ext.EXTERNAL_TRAINING_STATE_SUBMITTED': 'Awaiting verification', 'tr.ext.EXTERNAL_TRAINING_STATE_VERIFIED': 'Verified',
    'tr.ext.EXTERNAL_TRAINING_STATE_REJECTED': 'Rejected',
    'tr.pkind.PARTNER_KIND_UNIVERSITY': 'University', 'tr.pkind.PARTNER_KIND_POLYTECHNIC': 'Polytechnic', 'tr.pkind.PARTNER_KIND_OTHER': 'Other institution',
    'tr.agreement.AGREEMENT_STATE_NOT_STARTED': 'Not yet in force', 'tr.agreement.AGREEMENT_STATE_ACTIVE': 'In force',
    'tr.agreement.AGREEMENT_STATE_EXPIRING': 'Ending soon', 'tr.agreement.AGREEMENT_STATE_EXPIRED': 'Ended',
    'tr.placement.PLACEMENT_STATE_ACTIVE': 'Running', 'tr.placement.PLACEMENT_STATE_COMPLETED': 'Completed', 'tr.placement.PLACEMENT_STATE_WITHDRAWN': 'Ended early',
    'tr.latsar.LATSAR_STATE_DONE': 'Latsar done', 'tr.latsar.LATSAR_STATE_DUE': 'Not yet, first year still running', 'tr.latsar.LATSAR_STATE_FLAGGED': 'Past the deadline',
    'tr.city': 'City (BKPSDM)', 'tr.online': 'Online', 'tr.seats': '{seated} of {capacity} seats taken', 'tr.waiting': '{n} on the waitlist',
    'tr.certificate': 'Certificate', 'tr.certificate.check': 'Check it', 'tr.rupiah': 'IDR\u00a0{n}',
  },
});

// The training API's texts a person can meet (services/training/internal/domain), in
// Indonesian; English shows the API's own text. Field errors are translated as they arrive
// (api.js), whole-call errors by errText below.
const TRANSLATIONS = [
  { re: /^overlaps session \S+ \((.+) – (.+)\) the employee already holds/, id: 'Waktunya bertumpuk dengan sesi lain yang sudah diikuti ($1 – $2); satu pelatihan pada satu waktu' },
  { re: /^session \S+ started at \S+: enrolment closed at its start$/, id: 'Sesi sudah dimulai; pendaftaran ditutup saat sesi dimulai.' },
  { re: /^session \S+ is (\w+) and takes no enrolments$/, id: 'Sesi ini tidak menerima pendaftaran lagi ($1).' },
  { re: /^enrolment \S+ is (\w+), only a requested enrolment can be (approved|rejected)$/, id: 'Permohonan ini sudah diputuskan. Muat ulang daftar.' },
  { re: /^enrolment \S+ is (\w+) and cannot be withdrawn$/, id: 'Pendaftaran ini tidak dapat dibatalkan lagi.' },
  { re: /^session \S+ started at \S+: withdrawal is possible only before the start$/, id: 'Sesi sudah dimulai; pengunduran diri hanya dapat dilakukan sebelum sesi dimulai.' },
  { re: /^only the (?:session's )?attendees\b.* may rate it$/, id: 'Hanya peserta yang hadir pada sesi ini (tercatat hadir paling sedikit satu hari) yang dapat menilainya.' },
  { re: /^session \S+ has not ended yet$/, id: 'Sesi belum berakhir; penilaian dibuka setelah sesi selesai.' },
  { re: /^this attendee has already rated session \S+$/, id: 'Anda sudah menilai sesi ini; setiap peserta menilai satu kali.' },
  { re: /^session \S+ has not started yet$/, id: 'Sesi belum dimulai.' },
  { re: /^(\d+) of the (\d+) seat holders of session \S+ have no outcome yet/, id: '$1 dari $2 peserta belum memiliki hasil; isi hasil mereka dahulu.' },
  { re: /^enrolment \S+ is (\w+), only an enrolled participant can complete$/, id: 'Hanya peserta terdaftar yang dapat diberi hasil.' },
  { re: /^session \S+ is (\w+) and cannot be cancelled$/, id: 'Sesi ini tidak dapat dibatalkan ($1).' },
  { re: /^session \S+ started at \S+: only a session still to come can be cancelled$/, id: 'Sesi sudah dimulai; hanya sesi yang belum dimulai yang dapat dibatalkan.' },
  { re: /^session \S+ is (\w+) and can no longer change$/, id: 'Sesi ini tidak dapat diubah lagi ($1).' },
  { re: /^programme \S+ is (\w+) and takes no new sessions$/, id: 'Program ini tidak menerima sesi baru ($1).' },
  { re: /^agency (\S+)'s (\d+) seats in cohort \S+ are all taken$/, id: 'Kuota $2 kursi $1 pada angkatan ini sudah terisi semua.' },
  { re: /^must be from 1 to 5, got (\d+)$/, id: 'pilih 1 sampai 5 bintang' },
  { re: /^give the reason of the rejection, at most (\d+) characters$/, id: 'wajib diisi: sebutkan alasan penolakan (paling banyak $1 karakter)' },
  { re: /^say why the training is rejected/, id: 'wajib diisi: sebutkan alasan penolakan (1 sampai 1000 karakter)' },
  { re: /^must be at least 1, got (-?\d+)$/, id: 'paling sedikit 1, terisi $1' },
  { re: /^(\d+) seats are already taken; capacity cannot go below that, got (\d+)$/, id: '$1 kursi sudah terisi; kapasitas tidak boleh kurang dari itu (terisi $2)' },
  { re: /^(\S+) is not a day of session \S+ \((\S+) to (\S+)\)$/, id: '$1 bukan hari sesi ini ($2 sampai $3)' },
  { re: /^(\S+) is in the future \(today is (\S+) in \S+\): record a day once it is held$/, id: '$1 belum tiba (hari ini $2); catat kehadiran setelah hari itu berlangsung' },
  { re: /^must look like STTPP\/2026\/000042(?:-K7Q2XM)?, got "(.*)"$/, id: 'nomor sertifikat berbentuk STTPP/2026/000042-K7Q2XM, terisi "$1"' },
  { re: /^the check code after the dash has no letter U/, id: 'kode pemeriksa setelah tanda hubung tidak memuat huruf U' },
  { re: /^sequence starts at 000001$/, id: 'nomor urut dimulai dari 000001' },
  { re: /^programme \S+ is a (\S+) programme, not an internship$/, id: 'program ini bukan program magang' },
  { re: /^must be 1 to (\d+) characters$/, id: 'harus 1 sampai $1 karakter' },
  { re: /^session \S+ was cancelled; there is nothing to rate$/, id: 'Sesi ini dibatalkan; tidak ada yang dinilai.' },
  { re: /^employee \S+ already has enrolment \S+ \((\w+)\) in session \S+$/, id: 'Pegawai ini sudah terdaftar di sesi ini ($1).' },
  { re: /^employee \S+ is (\w+), not active in the city/, id: 'Pegawai ini berstatus $1, tidak aktif; hanya pegawai aktif yang didaftarkan.' },
  { re: /may not enrol employee \S+: HR of the employee's agency nominates/, id: 'Hanya kepegawaian instansi pegawai itu yang dapat menominasikannya; atasan menyetujui permohonan pegawai sendiri.' },
  { re: /may not decide their own enrolment request/, id: 'Permohonan sendiri diputuskan oleh atasan atau kepegawaian, bukan oleh pemohon.' },
  { re: /^(?:no employee \S+ in the directory|employee \S+ is not in the directory)$/, id: 'NIP ini tidak ada di data kepegawaian.' },
  { re: /^must be an active employee of agency (\S+); \S+ is not$/, id: 'harus pegawai aktif instansi $1' },
  { re: /^employee \S+ serves in (\S+): an employee is placed in their own agency$/, id: 'pegawai ini bertugas di $1; pegawai ditempatkan di instansinya sendiri' },
  { re: /may not write in \S+'s logbook: the participant writes their own$/, id: 'Logbook ditulis oleh peserta sendiri.' },
  { re: /may not write in \S+'s logbook: a student has no account/, id: 'Logbook mahasiswa ditulis oleh mentornya.' },
  { re: /may not review \S+: its mentor \S+ does$/, id: 'Hanya mentor peserta ini yang meninjau logbooknya.' },
  { re: /may not assess \S+: its mentor \S+ or the agency's HR does$/, id: 'Penilaian akhir diberikan oleh mentor atau kepegawaian instansi.' },
  { re: /^\S+ was withdrawn: its logbook is closed$/, id: 'Magang ini sudah berhenti; logbooknya ditutup.' },
  { re: /^session \S+ was cancelled: it has no attendance to record$/, id: 'Sesi ini dibatalkan; tidak ada kehadiran yang dicatat.' },
];
addErrorTranslations(TRANSLATIONS);

/** errText is what to tell the user about a failed call: the API's own reason in the user's
 * language when the screen knows it (a 403 "only attendees may rate" says so, not just
 * "forbidden"), else the shell's text for the status. */
export function errText(e) {
  if (!(e instanceof ApiError)) return t('error.generic');
  if (e.status !== 0 && e.message) {
    for (const tr of TRANSLATIONS) {
      const m = tr.re.exec(e.message);
      if (m) return getLang() === 'en' ? e.message : tr.id.replace(/\$(\d)/g, (_, i) => m[i] ?? '');
    }
  }
  return e.text;
}

/** TrError shows a failed call with errText, and the field errors not placed next to a field. */
export function TrError({ error, fields = [], test }) {
  if (!error) return null;
  const unplaced = error instanceof ApiError ? Object.entries(error.fields).filter(([k]) => !fields.some((n) => k === n || k.endsWith('.' + n))) : [];
  return html`<div class="alert alert-error" role="alert" data-test=${test}><p>${errText(error)}</p>
    ${unplaced.length ? html`<ul>${unplaced.map(([k, v]) => html`<li><code>${k}</code>: ${v}</li>`)}</ul>` : null}</div>`;
}

/** TrTable is ui.js's Table in a wrapper whose badges and long values wrap, so a row turned
 * card on a phone never grows wider than the screen. */
export const TrTable = (props) => html`<div class="tr-table"><${Table} ...${props} /></div>`;

/** label shows an enum value in the user's language: label('form', 'PROGRAMME_FORM_CLASSROOM'). */
export function label(group, v) {
  if (!v) return '—';
  const key = `tr.${group}.${v}`;
  const s = t(key);
  return s === key ? String(v) : s;
}

/** options turns enum values into Select options, with an optional blank first. */
export const options = (group, values, blank) => [...(blank ? [{ value: '', label: blank }] : []), ...values.map((v) => ({ value: v, label: label(group, v) }))];

export const FORMS = ['PROGRAMME_FORM_CLASSROOM', 'PROGRAMME_FORM_E_LEARNING', 'PROGRAMME_FORM_COACHING', 'PROGRAMME_FORM_MENTORING',
  'PROGRAMME_FORM_SEMINAR_WORKSHOP', 'PROGRAMME_FORM_INTERNSHIP', 'PROGRAMME_FORM_FORMAL_EDUCATION'];
/** HOUR_FORMS are the forms counted in hours: JP = minutes ÷ 45 (policy, DOMAIN.md); the others state their JP. */
export const HOUR_FORMS = new Set(['PROGRAMME_FORM_CLASSROOM', 'PROGRAMME_FORM_E_LEARNING', 'PROGRAMME_FORM_SEMINAR_WORKSHOP']);
export const COMPETENCY_TYPES = ['COMPETENCY_TYPE_TECHNICAL', 'COMPETENCY_TYPE_MANAGERIAL', 'COMPETENCY_TYPE_SOCIO_CULTURAL'];
export const PROVIDER_KINDS = ['PROVIDER_KIND_CITY_TRAINING_UNIT', 'PROVIDER_KIND_INSTITUTE', 'PROVIDER_KIND_UNIVERSITY_PARTNER'];

const ENROL_KIND = {
  ENROLMENT_STATE_REQUESTED: 'warn', ENROLMENT_STATE_ENROLLED: 'ok', ENROLMENT_STATE_WAITLISTED: 'info', ENROLMENT_STATE_REJECTED: 'bad',
  ENROLMENT_STATE_WITHDRAWN: 'neutral', ENROLMENT_STATE_PASSED: 'ok', ENROLMENT_STATE_FAILED: 'bad', ENROLMENT_STATE_DID_NOT_FINISH: 'bad',
};
/** enrolmentText says where an enrolment stands, with its place on the waitlist. */
export const enrolmentText = (e) => (e.state === 'ENROLMENT_STATE_WAITLISTED' && e.waitlistPosition
  ? t('tr.enrol.waitlist', { n: fmtNumber(e.waitlistPosition) }) : label('enrol', e.state));
/** EnrolmentBadge is an enrolment's state as a badge. */
export const EnrolmentBadge = ({ e }) => html`<${Badge} kind=${ENROL_KIND[e.state] || 'neutral'}>${enrolmentText(e)}</${Badge}>`;
/** SEAT_STATES hold a seat in a session (enrolled or finished with an outcome). */
export const SEAT_STATES = new Set(['ENROLMENT_STATE_ENROLLED', 'ENROLMENT_STATE_PASSED', 'ENROLMENT_STATE_FAILED', 'ENROLMENT_STATE_DID_NOT_FINISH']);
/** OPEN_STATES can still be withdrawn before the session starts. */
export const OPEN_STATES = new Set(['ENROLMENT_STATE_REQUESTED', 'ENROLMENT_STATE_ENROLLED', 'ENROLMENT_STATE_WAITLISTED']);

const SESSION_KIND = { SESSION_STATE_SCHEDULED: 'info', SESSION_STATE_CANCELLED: 'neutral', SESSION_STATE_COMPLETED: 'ok' };
/** SessionBadge says where a session stands, running or ended when scheduled and under way. */
export function SessionBadge({ s }) {
  const now = Date.now();
  let text = label('session', s.state), kind = SESSION_KIND[s.state] || 'neutral';
  if (s.state === 'SESSION_STATE_SCHEDULED' && Date.parse(s.startTime) <= now) {
    const ended = Date.parse(s.endTime) <= now;
    text = t(ended ? 'tr.session.ended' : 'tr.session.running'); kind = ended ? 'warn' : 'ok';
  }
  return html`<${Badge} kind=${kind}>${text}</${Badge}>`;
}

/** idOf is the last part of a resource name: "sessions/abc" → "abc". */
export const idOf = (name) => String(name || '').split('/').pop();
/** validId tells a resource id from a route's placeholder (the screen walk opens "/sesi-pelatihan/:id"). */
export const validId = (id) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(id || '');
/** num reads a number the API may send as a string (int64) or leave out (zero). */
export const num = (v) => (v === undefined || v === null || v === '' ? 0 : Number(v) || 0);
/** rupiah: "Rp 1.500.000". */
export const rupiah = (v) => t('tr.rupiah', { n: fmtNumber(num(v)) });

/** started and ended compare a session's times with now. */
export const started = (s) => !!s && Date.parse(s.startTime) <= Date.now();
export const ended = (s) => !!s && Date.parse(s.endTime) <= Date.now();

/** sessionWhen shows a session's dates and times in its own zone: "Sen, 5 Des 2026, 08.00–16.00
 * WIB" for one day, "5 Des 2026 08.00 – 7 Des 2026 16.00 WIB" for several. */
export function sessionWhen(s) {
  if (!s?.startTime) return '—';
  const tz = s.timeZone || DEFAULT_TZ;
  const a = s.startTime, b = s.endTime || s.startTime;
  if (todayIn(tz, new Date(a)) === todayIn(tz, new Date(b))) {
    return `${fmtDate(a, { tz, style: 'short' })}, ${fmtTime(a, tz, { zone: false })}–${fmtTime(b, tz)}`;
  }
  return `${fmtDate(a, { tz, style: 'short' })} ${fmtTime(a, tz, { zone: false })} – ${fmtDate(b, { tz, style: 'short' })} ${fmtTime(b, tz)}`;
}

/** sessionDates lists the calendar dates ("YYYY-MM-DD") a session spans in its zone, as the
 * service counts them (domain.SessionDates): from the start's date to the date of the last
 * instant before the end. */
export function sessionDates(s) {
  const tz = s.timeZone || DEFAULT_TZ;
  const first = todayIn(tz, new Date(s.startTime));
  const last = todayIn(tz, new Date(Date.parse(s.endTime) - 1));
  const out = [];
  for (let d = first; d <= last && out.length < 400; d = nextDay(d)) out.push(d);
  return out;
}
const nextDay = (d) => { const x = new Date(d + 'T00:00:00Z'); x.setUTCDate(x.getUTCDate() + 1); return x.toISOString().slice(0, 10); };

/** ZONES are Indonesia's three zones, for a session's time zone (UU: WIB, WITA, WIT; no DST). */
export const ZONES = [{ tz: 'Asia/Jakarta', offset: '+07:00' }, { tz: 'Asia/Makassar', offset: '+08:00' }, { tz: 'Asia/Jayapura', offset: '+09:00' }];
export const zoneOptions = () => ZONES.map((z) => ({ value: z.tz, label: `${tzAbbr(z.tz)} (${z.tz})` }));
/** instant turns a datetime-local value ("2026-12-05T08:00") in tz into RFC 3339. */
export function instant(local, tz) {
  if (!local) return undefined;
  const z = ZONES.find((x) => x.tz === tz) || ZONES[0];
  return `${local.length === 16 ? local + ':00' : local}${z.offset}`;
}

/** slug makes a resource id from a title, as programme_id and partner_id take it: lower-case
 * letters, digits and hyphens, 1 to 63 characters ("Keamanan Siber untuk ASN" → "keamanan-siber-untuk-asn"). */
export const slug = (title) => String(title || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');

/** verifyHref is the public certificate check of a number. */
export const verifyHref = (number) => `/sertifikat?nomor=${encodeURIComponent(number)}`;

/** JPBar is the year's JP toward 20: earned solid, projected hatched after it, the target marked;
 * the figures in words under it. */
export function JPBar({ earned = 0, projected = 0, target = JP_TARGET, compact = false, test }) {
  const e = num(earned), p = num(projected);
  const top = Math.max(target, e + p) || 1;
  const pct = (v) => `${Math.max(0, Math.min(100, (v / top) * 100)).toFixed(1)}%`;
  const short = Math.max(0, target - e), shortP = Math.max(0, target - e - p);
  const aria = t('tr.jp.aria', { earned: fmtNumber(e), projected: fmtNumber(p), target });
  return html`<div class=${'tr-jp' + (compact ? ' tr-jp-compact' : '')} data-test=${test} data-earned=${e} data-projected=${p}>
    ${compact ? null : html`<p class="tr-jp-figure"><strong>${fmtNumber(e)}</strong> <span>/ ${fmtNumber(target)} JP</span></p>`}
    <div class="tr-jp-track" role="img" aria-label=${aria}>
      <span class="tr-jp-earned" style=${`width:${pct(e)}`}></span><span class="tr-jp-projected" style=${`width:${pct(p)}`}></span>
      <span class="tr-jp-target" style=${`left:${pct(target)}`}></span>
    </div>
    ${compact ? null : html`<ul class="tr-jp-legend">
      <li><span class="tr-swatch tr-swatch-earned" aria-hidden="true"></span>${t('tr.jp.earned')}: ${t('tr.jp', { n: fmtNumber(e) })}</li>
      <li><span class="tr-swatch tr-swatch-projected" aria-hidden="true"></span>${t('tr.jp.projected')}: ${t('tr.jp', { n: fmtNumber(p) })}</li>
    </ul>
    <p class=${short ? 'tr-jp-note' : 'tr-jp-note tr-jp-done'}>${short ? t('tr.jp.short', { n: fmtNumber(short), target }) : t('tr.jp.reached', { target })}
      ${short && p ? html` ${shortP ? t('tr.jp.shortProjected', { n: fmtNumber(shortP) }) : t('tr.jp.reachedProjected', { target })}` : null}</p>`}
  </div>`;
}

/** thisYear is the current year in Medan's zone. */
export const thisYear = () => Number(todayIn(DEFAULT_TZ).slice(0, 4));

/** newKey is an Idempotency-Key for a create call: a retry of the same form sends the same key. */
export const newKey = () => (globalThis.crypto?.randomUUID ? crypto.randomUUID() : `k${Date.now()}${Math.random().toString(16).slice(2)}`);
