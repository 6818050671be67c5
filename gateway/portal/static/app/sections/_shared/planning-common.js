// planning-common.js: what the staffing screens (sections/planning-*.js, issue 12 §4) share: the
// vocabulary of the plans in both languages (plan and formasi states, the nine target kinds with
// their Indonesian labels, target statuses, action states, position kinds), badges, the gap
// coloured by its sign, field errors matched by the API's field path (snake_case or camelCase,
// with list indexes), the error box, the agency a screen is about, and the live stream of a plan
// (GET /v1/workPlans/{id}:watch read as newline-delimited JSON, re-opened when it ends).
import { html, useState, useEffect, useRef } from '../../../vendor/preact-htm.js';
import { t, addMessages, fmtNumber } from '../../i18n.js';
import { ApiError, addErrorTranslations } from '../../api.js';
import { Badge } from '../../ui.js';
import { hasRole } from '../../session.js';

addMessages({
  id: {
    'pl.state.WORK_PLAN_STATE_DRAFT': 'Draf', 'pl.state.WORK_PLAN_STATE_SUBMITTED': 'Diajukan', 'pl.state.WORK_PLAN_STATE_RETURNED': 'Dikembalikan',
    'pl.state.WORK_PLAN_STATE_APPROVED': 'Disetujui', 'pl.state.WORK_PLAN_STATE_IN_PROGRESS': 'Berjalan', 'pl.state.WORK_PLAN_STATE_CLOSED': 'Ditutup',
    'pl.formasi.FORMASI_STATE_DRAFT': 'Draf', 'pl.formasi.FORMASI_STATE_SUBMITTED': 'Diajukan', 'pl.formasi.FORMASI_STATE_RETURNED': 'Dikembalikan',
    'pl.formasi.FORMASI_STATE_APPROVED': 'Disetujui',
    'pl.kind.TARGET_KIND_JP_SHARE': 'Pegawai ≥ 20 JP (%)', 'pl.kind.TARGET_KIND_PROGRAMME_PARTICIPANTS': 'Peserta program TIK',
    'pl.kind.TARGET_KIND_INTERNSHIPS_COMPLETED': 'Magang selesai', 'pl.kind.TARGET_KIND_ATTENDANCE_RATE': 'Tingkat kehadiran (%)',
    'pl.kind.TARGET_KIND_UNEXCUSED_ABSENCE_DAYS': 'Hari tanpa keterangan', 'pl.kind.TARGET_KIND_SKP_APPROVED_SHARE': 'SKP disetujui (%)',
    'pl.kind.TARGET_KIND_RATINGS_FINALISED_SHARE': 'Penilaian final (%)', 'pl.kind.TARGET_KIND_FEEDBACK_SHARE': 'Umpan balik triwulan (%)',
    'pl.kind.TARGET_KIND_FILL_RATE': 'Keterisian jabatan (%)',
    'pl.status.TARGET_STATUS_UNSPECIFIED': 'Belum diukur', 'pl.status.TARGET_STATUS_ON_TRACK': 'Sesuai jalur', 'pl.status.TARGET_STATUS_AT_RISK': 'Berisiko',
    'pl.status.TARGET_STATUS_OFF_TRACK': 'Keluar jalur', 'pl.status.TARGET_STATUS_ACHIEVED': 'Tercapai',
    'pl.action.ACTION_STATE_OPEN': 'Terbuka', 'pl.action.ACTION_STATE_DONE': 'Selesai', 'pl.action.ACTION_STATE_OVERDUE': 'Lewat tenggat',
    'pl.pkind.structural': 'Struktural', 'pl.pkind.functional': 'Fungsional', 'pl.pkind.executor': 'Pelaksana', 'pl.pkind.none': 'Tanpa jabatan',
    'pl.need': 'Kebutuhan', 'pl.holders': 'Pemangku', 'pl.gap': 'Selisih', 'pl.gap.short': 'kurang {n}', 'pl.gap.over': 'lebih {n}', 'pl.gap.even': 'pas',
    'pl.agency': 'Instansi', 'pl.city': 'Pemerintah Kota', 'pl.illustrative': 'Ilustrasi',
    'pl.forbidden': 'Layar ini hanya untuk Kepegawaian instansi, BKPSDM, Inspektorat dan kepala instansi. Akun Anda tidak berwenang membukanya.',
    'pl.unavailable': 'Fitur ini belum tersedia di layanan perencanaan (server belum mendukungnya).',
    'pl.live': 'Langsung', 'pl.live.off': 'Menyambung ulang…', 'pl.live.hint': 'Halaman ini diperbarui otomatis saat data berubah.',
    'pl.err.kind': 'Jenis target ini belum dapat diukur oleh layanan sumbernya.',
    'pl.gate': 'Layar ini untuk kepala instansi (serta Kepegawaian, BKPSDM dan Inspektorat): data instansi Anda ditampilkan bila Anda kepala instansinya menurut data kepegawaian.',
    'pl.gate.open': 'Tampilkan data instansi saya',
  },
  en: {
    'pl.state.WORK_PLAN_STATE_DRAFT': 'Draft', 'pl.state.WORK_PLAN_STATE_SUBMITTED': 'Submitted', 'pl.state.WORK_PLAN_STATE_RETURNED': 'Returned',
    'pl.state.WORK_PLAN_STATE_APPROVED': 'Approved', 'pl.state.WORK_PLAN_STATE_IN_PROGRESS': 'In progress', 'pl.state.WORK_PLAN_STATE_CLOSED': 'Closed',
    'pl.formasi.FORMASI_STATE_DRAFT': 'Draft', 'pl.formasi.FORMASI_STATE_SUBMITTED': 'Submitted', 'pl.formasi.FORMASI_STATE_RETURNED': 'Returned',
    'pl.formasi.FORMASI_STATE_APPROVED': 'Approved',
    'pl.kind.TARGET_KIND_JP_SHARE': 'Employees with ≥ 20 JP (%)', 'pl.kind.TARGET_KIND_PROGRAMME_PARTICIPANTS': 'ICT programme participants',
    'pl.kind.TARGET_KIND_INTERNSHIPS_COMPLETED': 'Internships completed', 'pl.kind.TARGET_KIND_ATTENDANCE_RATE': 'Attendance rate (%)',
    'pl.kind.TARGET_KIND_UNEXCUSED_ABSENCE_DAYS': 'Unexcused absence days', 'pl.kind.TARGET_KIND_SKP_APPROVED_SHARE': 'SKPs approved (%)',
    'pl.kind.TARGET_KIND_RATINGS_FINALISED_SHARE': 'Ratings finalised (%)', 'pl.kind.TARGET_KIND_FEEDBACK_SHARE': 'Quarterly feedback (%)',
    'pl.kind.TARGET_KIND_FILL_RATE': 'Positions filled (%)',
    'pl.status.TARGET_STATUS_UNSPECIFIED': 'Not measured yet', 'pl.status.TARGET_STATUS_ON_TRACK': 'On track', 'pl.status.TARGET_STATUS_AT_RISK': 'At risk',
    'pl.status.TARGET_STATUS_OFF_TRACK': 'Off track', 'pl.status.TARGET_STATUS_ACHIEVED': 'Achieved',
    'pl.action.ACTION_STATE_OPEN': 'Open', 'pl.action.ACTION_STATE_DONE': 'Done', 'pl.action.ACTION_STATE_OVERDUE': 'Overdue',
    'pl.pkind.structural': 'Structural', 'pl.pkind.functional': 'Functional', 'pl.pkind.executor': 'Executor', 'pl.pkind.none': 'No position',
    'pl.need': 'Need', 'pl.holders': 'Holders', 'pl.gap': 'Gap', 'pl.gap.short': '{n} short', 'pl.gap.over': '{n} over', 'pl.gap.even': 'even',
    'pl.agency': 'Agency', 'pl.city': 'City government', 'pl.illustrative': 'Illustrative',
    'pl.forbidden': 'This screen is for agency HR, city HR (BKPSDM), the inspectorate and agency heads. Your account may not open it.',
    'pl.unavailable': 'This feature is not available in the planning service yet (the server does not support it).',
    'pl.live': 'Live', 'pl.live.off': 'Reconnecting…', 'pl.live.hint': 'This page updates by itself when the data changes.',
    'pl.err.kind': 'The service that measures this target kind cannot answer it yet.',
    'pl.gate': 'This screen is for agency heads (and HR, city HR and the inspectorate): your agency\'s figures are shown if the registry says you head it.',
    'pl.gate.open': 'Show my agency\'s figures',
  },
});

addErrorTranslations([
  { re: /^must be at least (\d+)$/, id: 'paling sedikit $1' },
  { re: /^must be at most (\d+)$/, id: 'paling banyak $1' },
  { re: /^must be greater than or equal to (\d+)$/, id: 'paling sedikit $1' },
  { re: /^must be less than or equal to ([\d,]+)$/, id: 'paling banyak $1' },
  { re: /^value length must be at least (\d+) characters?$/, id: 'paling sedikit $1 karakter' },
  { re: /^value length must be at most (\d+) characters?$/, id: 'paling banyak $1 karakter' },
  { re: /^value must be greater than or equal to (\d+)$/, id: 'paling sedikit $1' },
  { re: /^value must be less than or equal to ([\d,]+)$/, id: 'paling banyak $1' },
  { re: /^is required$|^value is required$/, id: 'wajib diisi' },
  // The planning domain's own words (services/planning/internal/domain: workload.go, workplan_rules.go).
  { re: /^must be (\d+)-(\d+) characters$/, id: 'harus $1–$2 karakter' },
  { re: /^must be (\d+) to (\d+) characters, got (\d+)$/, id: 'harus $1 sampai $2 karakter (tertulis $3)' },
  { re: /^must be at most (\d+) characters, got (\d+)$/, id: 'paling banyak $1 karakter (tertulis $2)' },
  { re: /^must be (\d+) to (\d+) minutes, got (-?\d+)$/, id: 'harus $1 sampai $2 menit (tertulis $3)' },
  { re: /^must be (\d+) to (\d+) rupiah, got (-?\d+)$/, id: 'harus Rp $1 sampai Rp $2 (tertulis $3)' },
  { re: /^must be (\d+) to (\d+), got (-?\d+)$/, id: 'harus $1 sampai $2 (tertulis $3)' },
  { re: /^named twice: .*$/, id: 'tugas ini sudah ditulis; tulis setiap tugas pokok sekali dengan seluruh volume tahunannya' },
  { re: /^at least one core task is required$/, id: 'isi paling sedikit satu tugas pokok' },
  { re: /^is required, a date YYYY-MM-DD within (\d+)$/, id: 'wajib diisi: tanggal dalam tahun $1' },
  { re: /^must be within the plan's year (\d+), got (.+)$/, id: 'harus dalam tahun rencana $1 (tertulis $2)' },
  { re: /^is required: one of .*$/, id: 'wajib dipilih' },
  { re: /^must name one of the plan's goals by key, got .*$/, id: 'pilih salah satu sasaran rencana' },
  { re: /^is a percentage for \S+: 0 to 100, got (.+)$/, id: 'berupa persen: 0 sampai 100 (tertulis $1)' },
  { re: /^is a count for \S+: a whole number, got (.+)$/, id: 'berupa bilangan bulat (tertulis $1)' },
  { re: /^must be a number of at least 0, got (.+)$/, id: 'harus bilangan 0 atau lebih (tertulis $1)' },
  { re: /^must be the owner's NIP, 18 digits, got .*$/, id: 'harus NIP penanggung jawab, 18 angka' },
  { re: /^a plan has at least one goal$/, id: 'rencana memerlukan paling sedikit satu sasaran' },
  { re: /^a plan is submitted with at least one measurable target$/, id: 'rencana diajukan dengan paling sedikit satu target terukur' },
  { re: /^a \S+ target names 1 to (\d+) programmes.*$/, id: 'sebutkan 1 sampai $1 program (programmes/{id})' },
]);

/** The target kinds in the order the editor offers them. */
export const TARGET_KINDS = ['TARGET_KIND_JP_SHARE', 'TARGET_KIND_PROGRAMME_PARTICIPANTS', 'TARGET_KIND_INTERNSHIPS_COMPLETED',
  'TARGET_KIND_ATTENDANCE_RATE', 'TARGET_KIND_UNEXCUSED_ABSENCE_DAYS', 'TARGET_KIND_SKP_APPROVED_SHARE',
  'TARGET_KIND_RATINGS_FINALISED_SHARE', 'TARGET_KIND_FEEDBACK_SHARE', 'TARGET_KIND_FILL_RATE'];
/** percentKind: the kinds whose value is a percentage (the others count). */
export const percentKind = (k) => /_SHARE$|_RATE$/.test(k || '');

/** pl shows an enum value in the user's language: pl('kind', 'TARGET_KIND_JP_SHARE'). */
export function pl(group, v) {
  if (!v) return '—';
  const key = `pl.${group}.${v}`;
  const s = t(key);
  return s === key ? String(v) : s;
}

const PLAN_KIND = { WORK_PLAN_STATE_DRAFT: 'neutral', WORK_PLAN_STATE_SUBMITTED: 'info', WORK_PLAN_STATE_RETURNED: 'warn',
  WORK_PLAN_STATE_APPROVED: 'ok', WORK_PLAN_STATE_IN_PROGRESS: 'ok', WORK_PLAN_STATE_CLOSED: 'neutral' };
/** PlanBadge is a plan's state. */
export const PlanBadge = ({ s }) => html`<${Badge} kind=${PLAN_KIND[s] || 'neutral'}><span data-test="plan-state" data-state=${s}>${pl('state', s)}</span></${Badge}>`;

const FORMASI_KIND = { FORMASI_STATE_DRAFT: 'neutral', FORMASI_STATE_SUBMITTED: 'info', FORMASI_STATE_RETURNED: 'warn', FORMASI_STATE_APPROVED: 'ok' };
/** FormasiBadge is a formasi proposal's state. */
export const FormasiBadge = ({ s }) => html`<${Badge} kind=${FORMASI_KIND[s] || 'neutral'}><span data-test="formasi-state" data-state=${s}>${pl('formasi', s)}</span></${Badge}>`;

const STATUS_KIND = { TARGET_STATUS_ON_TRACK: 'ok', TARGET_STATUS_ACHIEVED: 'ok', TARGET_STATUS_AT_RISK: 'warn', TARGET_STATUS_OFF_TRACK: 'bad' };
/** StatusBadge is a target's status against its linear path. */
export const StatusBadge = ({ s }) => html`<${Badge} kind=${STATUS_KIND[s] || 'neutral'}><span data-test="target-status" data-status=${s || 'TARGET_STATUS_UNSPECIFIED'}>${pl('status', s || 'TARGET_STATUS_UNSPECIFIED')}</span></${Badge}>`;

const ACTION_KIND = { ACTION_STATE_OPEN: 'info', ACTION_STATE_DONE: 'ok', ACTION_STATE_OVERDUE: 'bad' };
/** ActionBadge is an action's state. */
export const ActionBadge = ({ s }) => html`<${Badge} kind=${ACTION_KIND[s] || 'neutral'}><span data-test="action-state" data-state=${s}>${pl('action', s)}</span></${Badge}>`;

/** Gap shows need − holders coloured by its sign: red when people are missing, amber when there
 * are too many, green when even; the words say it too (colour is never the only cue). */
export function Gap({ gap = 0 }) {
  const g = gap || 0;
  const kind = g > 0 ? 'bad' : g < 0 ? 'warn' : 'ok';
  const words = g > 0 ? t('pl.gap.short', { n: fmtNumber(g) }) : g < 0 ? t('pl.gap.over', { n: fmtNumber(-g) }) : t('pl.gap.even');
  return html`<span class=${'pl-gap pl-gap-' + kind} data-test="gap" data-gap=${g}>${g > 0 ? '+' : ''}${fmtNumber(g)} <span class="pl-gap-words">(${words})</span></span>`;
}

const snake = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
/** errAt picks the API's message for a field path such as "tasks[0].yearly_volume", matching
 * the whole key or its end after a dot, in snake_case or camelCase. */
export function errAt(error, ...paths) {
  if (!(error instanceof ApiError)) return undefined;
  for (const p of paths) {
    const want = snake(p);
    for (const [k, v] of Object.entries(error.fields)) {
      const key = snake(k);
      if (key === want || key.endsWith('.' + want) || key.startsWith(want + '[') || key.includes('.' + want + '[')) return v;
    }
  }
  return undefined;
}

/** errText is a failed call in words: 403 as this screen's message, 501 as not yet available. */
export function errText(error) {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.status === 403) return t('pl.forbidden');
  if (error.status === 501 || error.code === 12) return t('pl.unavailable');
  return error.text;
}

/** PlError shows a failed call and the field errors not placed next to a field (fields: the
 * paths that are). */
export function PlError({ error, fields = [], test, onRetry }) {
  if (!error) return null;
  const placed = (k) => fields.some((p) => {
    const a = snake(k), b = snake(p);
    return a === b || a.endsWith('.' + b) || a.startsWith(b + '.') || a.startsWith(b + '[') || a.includes('.' + b + '.') || a.includes('.' + b + '[');
  });
  const unplaced = error instanceof ApiError ? Object.entries(error.fields).filter(([k]) => !placed(k)) : [];
  return html`<div class="alert alert-error" role="alert" data-test=${test} data-status=${error instanceof ApiError ? error.status : ''}>
    <p>${errText(error)}</p>
    ${error instanceof ApiError && error.status !== 403 && error.message && Object.keys(error.fields).length === 0 && errText(error) !== error.message && error.status === 400 ? html`<p lang="en">${error.message}</p>` : null}
    ${unplaced.length ? html`<ul>${unplaced.map(([k, v]) => html`<li><code>${k}</code>: ${v}</li>`)}</ul>` : null}
    ${onRetry ? html`<button type="button" class="btn btn-secondary" onClick=${onRetry}>${t('common.retry')}</button>` : null}</div>`;
}

/** PlAsync renders a useAsync state with PlError (a 403 in this screen's words). */
export function PlAsync({ state, children, test }) {
  if (state.error) return html`<${PlError} error=${state.error} onRetry=${state.reload} test=${test || 'load-error'} />`;
  if (state.loading && state.data === undefined) return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${t('common.loading')}</p>`;
  return children(state.data);
}

/** mayDraft: agency HR and city HR write plans, workloads and proposals; the rest read. */
export const mayDraft = () => hasRole('agency-hr', 'city-hr');
/** cityHR: only city HR approves and returns. */
export const cityHR = () => hasRole('city-hr');
/** pickAgency: city HR and the inspectorate choose any agency; the others have their own. */
export const pickAgency = () => hasRole('city-hr', 'auditor') && !hasRole('agency-hr');

/** validId: a plan's or position's id as the API makes them (the screens' walk opens "/rencana/:id" as written). */
export const validId = (id) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(id || '');

/** roundNeed is services/planning's domain.RoundNeed: a yearly workload of totalMinutes in people
 * at effectiveHours each, in whole minutes — the whole part, plus one from a half up (1.49 → 1,
 * 1.5 → 2), and at least one for a position with any work (0.3 → 1). The editor previews with it;
 * the need shown as stored is always the API's. */
export function roundNeed(totalMinutes, effectiveHours) {
  const per = effectiveHours * 60;
  if (totalMinutes <= 0 || per <= 0) return 0;
  const q = Math.floor(totalMinutes / per), r = totalMinutes - q * per;
  return Math.max(1, 2 * r >= per ? q + 1 : q);
}

const GATE_KEY = 'simpeg.pl.head';
/** HeadGate shows children at once to HR and auditors. An agency head signs in as a supervisor,
 * and only the registry knows who heads an agency, so for a supervisor the screen first says
 * what it is for and asks before calling the API (a supervisor who heads no agency is refused
 * by it, and told so in words); the answer is kept for the browser session. */
export function HeadGate({ children }) {
  const reader = hasRole('agency-hr', 'city-hr', 'auditor');
  const [go, setGo] = useState(() => reader || (() => { try { return sessionStorage.getItem(GATE_KEY) === '1'; } catch { return false; } })());
  if (go) return children;
  const open = () => { try { sessionStorage.setItem(GATE_KEY, '1'); } catch { /* private mode */ } setGo(true); };
  return html`<section class="card" data-test="head-gate"><p>${t('pl.gate')}</p>
    <div class="actions"><button type="button" class="btn btn-primary" onClick=${open} data-test="head-gate-open">${t('pl.gate.open')}</button></div></section>`;
}

/** thisYear is the year in Medan now. */
export const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));

/** fmtValue shows a target's value: "72,5 %" for the percentage kinds, "12" for counts. */
export const fmtValue = (v, unit) => (unit === 'percent' ? `${fmtNumber(v ?? 0, 1)} %` : fmtNumber(v ?? 0, 1));

/** fmtRupiah: "Rp 25.000.000". */
export const fmtRupiah = (n) => `Rp ${fmtNumber(Number(n || 0))}`;

/**
 * useWatch follows a plan's stream: GET /v1/workPlans/{id}:watch answers newline-delimited JSON
 * objects ({"result": {"workPlan": …, "change": …}}, or {"error": …}) as the plan changes. Each
 * object goes to onMessage(workPlan, change). The stream ends after ten minutes (the service's
 * bound) or when the network drops: it is opened again at once after a clean end, else after a
 * backoff of 1, 2, 4 … up to 30 s. Returns { live, error }: live while the stream is open.
 */
export function useWatch(name, onMessage) {
  const [live, setLive] = useState(false);
  const [error, setError] = useState(null);
  const cb = useRef(onMessage);
  cb.current = onMessage;
  useEffect(() => {
    if (!name) return undefined;
    let stopped = false, ctrl = null, timer = 0, backoff = 1000;
    const again = (delay) => { if (!stopped) timer = setTimeout(open, delay); };
    async function open() {
      ctrl = new AbortController();
      let ok = false;
      const began = Date.now();
      try {
        const res = await fetch(`/v1/${name}:watch`, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: ctrl.signal, cache: 'no-store' });
        if (!res.ok || !res.body) {
          const body = await res.json().catch(() => ({}));
          throw new ApiError(res.status, body.code ?? 0, body.message || res.statusText);
        }
        setLive(true); setError(null);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            const msg = JSON.parse(line);
            if (msg.error) throw new ApiError(500, msg.error.code ?? 0, msg.error.message || 'stream error');
            const r = msg.result || msg;
            if (r.workPlan) { cb.current(r.workPlan, r.change || ''); backoff = 1000; }
          }
        }
        ok = true;
      } catch (e) {
        if (stopped || e.name === 'AbortError') return;
        setError(e);
        // A refusal (403, 404) will not change by asking again soon: wait longest.
        if (e instanceof ApiError && (e.status === 403 || e.status === 404 || e.status === 401)) backoff = 30000;
      } finally {
        if (!stopped) setLive(false);
      }
      // A stream that ran its course (ten minutes) is opened again at once; one that ended at
      // once (the service going away, say) is not hammered.
      if (ok && Date.now() - began > 5000) again(0);
      else { again(backoff); backoff = Math.min(backoff * 2, 30000); }
    }
    open();
    return () => { stopped = true; clearTimeout(timer); ctrl?.abort(); };
  }, [name]);
  return { live, error };
}

/** LiveDot is the small "Langsung" indicator: green while the stream is open. */
export const LiveDot = ({ live }) => html`<span class=${'pl-live' + (live ? ' pl-live-on' : '')} data-test="live" data-live=${String(live)} title=${t('pl.live.hint')} role="status">
  <span class="pl-live-dot" aria-hidden="true"></span>${live ? t('pl.live') : t('pl.live.off')}</span>`;
