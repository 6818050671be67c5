// i18n.js: the portal's languages (Bahasa Indonesia first, English as a switch) and the
// Indonesian conventions for dates, times and numbers. Every screen keeps its own messages next
// to its code and registers them with addMessages; t() looks a key up in the current language,
// then in Indonesian, then shows the key itself (so a missing text is visible, never blank).
import { useState, useEffect } from '../vendor/preact-htm.js';

const LANGS = ['id', 'en'];
const stored = (() => { try { return localStorage.getItem('simpeg.lang'); } catch { return null; } })();
let lang = LANGS.includes(stored) ? stored : 'id';
const dict = { id: {}, en: {} };
const listeners = new Set();

/** addMessages merges a screen's messages: { id: { key: 'teks' }, en: { key: 'text' } }. */
export function addMessages(m) {
  for (const l of LANGS) Object.assign(dict[l], m[l] || {});
}

/** t returns the message for key in the current language, with {name} placeholders filled. */
export function t(key, params) {
  let s = dict[lang][key] ?? dict.id[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? `{${k}}`));
  return s;
}

export const getLang = () => lang;
export const locale = () => (lang === 'id' ? 'id-ID' : 'en-GB');

/** setLang switches the language and re-renders every component using useLang. */
export function setLang(l) {
  if (!LANGS.includes(l) || l === lang) return;
  lang = l;
  try { localStorage.setItem('simpeg.lang', l); } catch { /* private mode */ }
  document.documentElement.lang = l;
  listeners.forEach((f) => f(l));
}

/** useLang re-renders the calling component when the language changes. */
export function useLang() {
  const [l, set] = useState(lang);
  useEffect(() => { listeners.add(set); return () => listeners.delete(set); }, []);
  return l;
}

// Indonesia's three time zones and their abbreviations (UU: WIB UTC+7, WITA UTC+8, WIT UTC+9).
const TZ_ABBR = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };
/** The time zone the portal shows times in when a screen knows no office's: Medan's. */
export const DEFAULT_TZ = 'Asia/Jakarta';
export const tzAbbr = (tz) => TZ_ABBR[tz] || tz;

const toDate = (v) => (v instanceof Date ? v : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(v + 'T00:00:00Z') : new Date(v));
const isDateOnly = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** fmtDate: "Sabtu, 5 Desember 2026" (long) or "5 Des 2026" (short). A "YYYY-MM-DD" is a date, not an instant. */
export function fmtDate(v, { tz = DEFAULT_TZ, style = 'long' } = {}) {
  if (!v) return '';
  const opts = style === 'long'
    ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
    : style === 'month' ? { month: 'long', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(locale(), { ...opts, timeZone: isDateOnly(v) ? 'UTC' : tz }).format(toDate(v));
}

/** fmtTime: "07.45 WIB" — Indonesian time uses a dot; the zone is the office's. */
export function fmtTime(v, tz = DEFAULT_TZ, { zone = true } = {}) {
  if (!v) return '';
  const s = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }).format(toDate(v));
  return zone ? `${s} ${tzAbbr(tz)}` : s;
}

/** fmtNumber: "20.548" and "97,5" in Indonesian; "20,548" and "97.5" in English. */
export const fmtNumber = (n, digits = 0) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n ?? 0);
export const fmtPercent = (ratio, digits = 1) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(ratio ?? 0);

/** todayIn returns "YYYY-MM-DD" for now in tz. */
export function todayIn(tz = DEFAULT_TZ, at = new Date()) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** monthNames for a calendar header, in the current language. */
export const weekdayShort = () => [...Array(7)].map((_, i) => new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)))); // Monday first

addMessages({
  id: {
    'app.name': 'SIMPEG', 'app.tagline': 'Sistem Informasi Manajemen Pegawai',
    'nav.menu': 'Menu', 'nav.signout': 'Keluar', 'nav.lang': 'English', 'nav.skip': 'Langsung ke isi',
    'role.employee': 'Pegawai', 'role.supervisor': 'Atasan', 'role.agency-hr': 'Kepegawaian Instansi',
    'role.city-hr': 'BKPSDM Kota', 'role.auditor': 'Inspektorat (baca saja)', 'role.service': 'Layanan',
    'common.loading': 'Memuat…', 'common.retry': 'Coba lagi', 'common.save': 'Simpan', 'common.cancel': 'Batal',
    'common.close': 'Tutup', 'common.empty': 'Belum ada data.', 'common.search': 'Cari', 'common.next': 'Berikutnya',
    'common.prev': 'Sebelumnya', 'common.download': 'Unduh', 'common.yes': 'Ya', 'common.no': 'Tidak',
    'common.details': 'Rincian', 'common.back': 'Kembali', 'common.required': 'wajib diisi',
    'error.offline': 'Tidak ada koneksi. Coba lagi saat jaringan kembali.',
    'error.unavailable': 'Layanan sedang tidak tersedia. Coba lagi sebentar lagi.',
    'error.forbidden': 'Anda tidak berwenang membuka ini.', 'error.notfound': 'Tidak ditemukan.',
    'error.signedout': 'Sesi Anda berakhir. Silakan masuk lagi.', 'error.conflict': 'Data sudah berubah; muat ulang lalu coba lagi.',
    'error.generic': 'Terjadi kesalahan.', 'error.invalid': 'Periksa isian yang ditandai.',
    'page.notfound': 'Halaman tidak ditemukan.', 'page.forbidden': 'Halaman ini tidak untuk peran Anda.',
    'net.offline': 'Anda sedang luring (offline).', 'update.ready': 'Versi baru tersedia.', 'update.reload': 'Muat ulang',
  },
  en: {
    'app.name': 'SIMPEG', 'app.tagline': 'Civil Service Management Information System',
    'nav.menu': 'Menu', 'nav.signout': 'Sign out', 'nav.lang': 'Bahasa Indonesia', 'nav.skip': 'Skip to content',
    'role.employee': 'Employee', 'role.supervisor': 'Supervisor', 'role.agency-hr': 'Agency HR',
    'role.city-hr': 'City HR (BKPSDM)', 'role.auditor': 'Inspectorate (read-only)', 'role.service': 'Service',
    'common.loading': 'Loading…', 'common.retry': 'Try again', 'common.save': 'Save', 'common.cancel': 'Cancel',
    'common.close': 'Close', 'common.empty': 'Nothing here yet.', 'common.search': 'Search', 'common.next': 'Next',
    'common.prev': 'Previous', 'common.download': 'Download', 'common.yes': 'Yes', 'common.no': 'No',
    'common.details': 'Details', 'common.back': 'Back', 'common.required': 'required',
    'error.offline': 'No connection. Try again when the network is back.',
    'error.unavailable': 'The service is unavailable. Try again shortly.',
    'error.forbidden': 'You are not allowed to open this.', 'error.notfound': 'Not found.',
    'error.signedout': 'Your session ended. Please sign in again.', 'error.conflict': 'The data changed; reload and try again.',
    'error.generic': 'Something went wrong.', 'error.invalid': 'Check the marked fields.',
    'page.notfound': 'Page not found.', 'page.forbidden': 'This page is not for your role.',
    'net.offline': 'You are offline.', 'update.ready': 'A new version is available.', 'update.reload': 'Reload',
  },
});
