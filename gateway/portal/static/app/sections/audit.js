// audit.js: "Jejak audit" (/audit), every change made through the suite's API as the services
// recorded it in the same transaction: the planning trail (/v1/planning/auditRecords) and the
// attendance trail (/v1/attendance/auditRecords), each newest first, merged here by time
// without gaps: a page takes the newest record among both trails' heads and fetches a trail's
// next page only when its buffer runs dry, so "load more" never skips or repeats a record.
// Filters (the services' own): the resource name and the actor. Each entry shows when (the
// office's zone, WIB), who (name and NIP, roles, agency), what (the action in words), on which
// resource (employees link to their page), the service's own detail, and the request, peer and
// trace ids for correlation with logs. City HR and the inspectorate read it.
import { html, useState, useEffect, useRef } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtTime, getLang } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, Input, Select, Button, Table, ErrorBox, Loading, Badge } from '../ui.js';
import { Link, navigate } from '../router.js';
import { useNames } from './_shared/ch-common.js';

addMessages({
  id: {
    'audit.title': 'Jejak audit', 'audit.filters': 'Saring', 'audit.resource': 'Sumber daya', 'audit.resource.hint': 'Nama lengkap, mis. employees/198609262015051001, atau NIP saja.',
    'audit.actor': 'Pelaku (NIP atau id klien)', 'audit.source': 'Layanan', 'audit.source.all': 'Semua layanan', 'audit.source.planning': 'Kepegawaian (planning)',
    'audit.source.attendance': 'Kehadiran & cuti (attendance)', 'audit.apply': 'Terapkan', 'audit.clear': 'Hapus saringan',
    'audit.when': 'Waktu', 'audit.who': 'Pelaku', 'audit.what': 'Tindakan', 'audit.on': 'Sumber daya', 'audit.detail': 'Rincian',
    'audit.more': 'Muat lebih banyak', 'audit.end': 'Tidak ada catatan lagi.', 'audit.none': 'Tidak ada catatan yang cocok.', 'audit.count': '{n} catatan ditampilkan',
    'audit.tech': 'Data teknis', 'audit.requestId': 'ID permintaan', 'audit.peer': 'Alamat asal', 'audit.traceId': 'ID jejak', 'audit.roles': 'Peran',
    'audit.agency': 'Instansi pelaku', 'audit.method': 'Metode', 'audit.svc.planning': 'Kepegawaian', 'audit.svc.attendance': 'Kehadiran',
    'audit.partial': 'Sebagian jejak tidak dapat dimuat: {what}',
  },
  en: {
    'audit.title': 'Audit trail', 'audit.filters': 'Filter', 'audit.resource': 'Resource', 'audit.resource.hint': 'The full name, e.g. employees/198609262015051001, or just a NIP.',
    'audit.actor': 'Actor (NIP or client id)', 'audit.source': 'Service', 'audit.source.all': 'All services', 'audit.source.planning': 'Registry (planning)',
    'audit.source.attendance': 'Attendance & leave', 'audit.apply': 'Apply', 'audit.clear': 'Clear filters',
    'audit.when': 'When', 'audit.who': 'Actor', 'audit.what': 'Action', 'audit.on': 'Resource', 'audit.detail': 'Detail',
    'audit.more': 'Load more', 'audit.end': 'No more records.', 'audit.none': 'No matching records.', 'audit.count': '{n} records shown',
    'audit.tech': 'Technical data', 'audit.requestId': 'Request id', 'audit.peer': 'Peer address', 'audit.traceId': 'Trace id', 'audit.roles': 'Roles',
    'audit.agency': 'Actor\'s agency', 'audit.method': 'Method', 'audit.svc.planning': 'Registry', 'audit.svc.attendance': 'Attendance',
    'audit.partial': 'Part of the trail could not be loaded: {what}',
  },
});

// The changing methods in words (the reads are not audited).
const ACTIONS = {
  CreateAgency: ['Buat instansi', 'Create agency'], UpdateAgency: ['Ubah instansi', 'Update agency'],
  CreatePosition: ['Buat jabatan', 'Create position'], UpdatePosition: ['Ubah jabatan', 'Update position'],
  CreateEmployee: ['Daftarkan pegawai', 'Register employee'], BatchCreateEmployees: ['Daftarkan pegawai (massal)', 'Register employees (batch)'],
  ImportEmployees: ['Impor pegawai', 'Import employees'], UpdateEmployee: ['Ubah data pegawai', 'Update employee'],
  TransferEmployee: ['Mutasi pegawai', 'Transfer employee'], RetireEmployee: ['Pensiunkan pegawai', 'Retire employee'],
  CreateOffice: ['Buat kantor', 'Create office'], UpdateOffice: ['Ubah kantor', 'Update office'],
  CreateHoliday: ['Tambah hari libur', 'Add holiday'], DeleteHoliday: ['Hapus hari libur', 'Delete holiday'], ImportHolidays: ['Impor hari libur', 'Import holidays'],
  UpdateWorkSchedule: ['Ubah jam kerja', 'Update working hours'], SetRamadanPeriod: ['Atur periode Ramadan', 'Set Ramadan period'],
  CreateShift: ['Buat sif', 'Create shift'], SetRoster: ['Atur jadwal dinas', 'Set roster'], RecordAttendance: ['Catat kehadiran', 'Record attendance'],
  CreateLeaveRequest: ['Ajukan cuti', 'Request leave'], ApproveLeaveRequest: ['Setujui cuti', 'Approve leave'], RejectLeaveRequest: ['Tolak cuti', 'Reject leave'],
  DeferLeaveRequest: ['Tangguhkan cuti', 'Defer leave'], CancelLeaveRequest: ['Batalkan cuti', 'Cancel leave'],
  ImportOpeningBalances: ['Impor saldo awal cuti', 'Import opening balances'], ImportApprovedLeave: ['Impor cuti yang disetujui', 'Import approved leave'],
  CloseDay: ['Tutup hari', 'Close day'],
};
const methodOf = (action) => String(action || '').split('/').pop();
const actionText = (action) => { const m = methodOf(action); return ACTIONS[m]?.[getLang() === 'en' ? 1 : 0] || m || '—'; };
const serviceOf = (action) => (String(action).includes('.attendance.') ? 'attendance' : 'planning');

const SOURCES = { planning: '/v1/planning/auditRecords', attendance: '/v1/attendance/auditRecords' };
const PAGE = 50;

/** Audit is the /audit screen; its filters live in the address (?resource=&actor=&source=). */
export default function Audit({ query }) {
  useLang();
  const filters = { resource: query.get('resource') || '', actor: query.get('actor') || '', source: query.get('source') || '' };
  const key = JSON.stringify(filters);
  const [draft, setDraft] = useState(filters);
  const [state, setState] = useState({ items: [], loading: true, error: null, done: false, partial: '' });
  const trails = useRef(null);

  useEffect(() => { setDraft(filters); }, [key]);
  // A new filter starts new trails.
  useEffect(() => {
    const resource = /^\d{18}$/.test(filters.resource) ? `employees/${filters.resource}` : filters.resource;
    const keys = filters.source ? [filters.source] : Object.keys(SOURCES);
    trails.current = keys.map((k) => ({ key: k, buf: [], token: '', done: false, params: { resource, actor: filters.actor } }));
    setState({ items: [], loading: true, error: null, done: false, partial: '' });
    more(trails.current, []);
  }, [key]);

  async function more(ts, shown) {
    setState((s) => ({ ...s, loading: true, error: null }));
    const out = [];
    const failed = [];
    try {
      while (out.length < PAGE) {
        await Promise.all(ts.filter((x) => !x.done && !x.failed && x.buf.length === 0).map(async (x) => {
          try {
            const r = await get(SOURCES[x.key], { ...x.params, pageSize: PAGE, pageToken: x.token });
            x.buf.push(...(r.records || []).map((rec) => ({ ...rec, service: x.key })));
            x.token = r.nextPageToken || '';
            x.done = !x.token;
          } catch (e) {
            if (e.status === 0 || ts.length === 1) throw e;
            x.failed = e; failed.push(t('audit.svc.' + x.key));
          }
        }));
        const heads = ts.filter((x) => x.buf.length);
        if (!heads.length) break;
        const newest = heads.reduce((a, b) => (b.buf[0].time > a.buf[0].time || (b.buf[0].time === a.buf[0].time && b.buf[0].id > a.buf[0].id) ? b : a));
        out.push(newest.buf.shift());
      }
      if (ts !== trails.current) return; // the filter changed meanwhile
      const done = ts.every((x) => x.failed || (x.done && x.buf.length === 0));
      setState((s) => ({ items: [...shown, ...out], loading: false, error: null, done, partial: failed.length ? failed.join(', ') : s.partial }));
    } catch (error) {
      if (ts !== trails.current) return;
      setState((s) => ({ ...s, items: [...shown, ...out], loading: false, error }));
    }
  }

  const apply = (f) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v.trim()) p.set(k, v.trim());
    const s = p.toString();
    navigate('/audit' + (s ? '?' + s : ''), { replace: true });
  };
  const names = useNames(state.items.map((r) => r.actor));
  const columns = [
    { key: 'time', label: t('audit.when'), render: (r) => html`<span class="ch-when">${fmtDate(r.time, { style: 'short' })}<br />${fmtTime(r.time)}</span>` },
    {
      key: 'actor', label: t('audit.who'), render: (r) => html`<span>${/^\d{18}$/.test(r.actor)
        ? html`<${Link} href=${`/pegawai/${r.actor}`}>${names[r.actor] || r.actor}</${Link}>${names[r.actor] ? html`<br /><span class="ch-nip muted">${r.actor}</span>` : null}`
        : html`<code>${r.actor || '—'}</code>`}
        ${(r.actorRoles || []).length ? html`<br /><span class="muted">${r.actorRoles.map((x) => t('role.' + x)).join(', ')}</span>` : null}</span>`,
    },
    { key: 'action', label: t('audit.what'), render: (r) => html`<span>${actionText(r.action)}<br /><${Badge} kind=${r.service === 'attendance' ? 'info' : 'neutral'}>${t('audit.svc.' + serviceOf(r.action))}</${Badge}></span>` },
    { key: 'resource', label: t('audit.on'), render: (r) => resourceLink(r.resource) },
    {
      key: 'detail', label: t('audit.detail'), render: (r) => html`<div class="ch-audit-detail">${r.detail ? html`<span>${r.detail}</span>` : null}
        <details><summary>${t('audit.tech')}</summary><dl class="ch-dl">
          <dt>${t('audit.method')}</dt><dd><code>${r.action}</code></dd>
          ${r.actorAgency ? html`<dt>${t('audit.agency')}</dt><dd>${r.actorAgency}</dd>` : null}
          <dt>${t('audit.requestId')}</dt><dd><code>${r.requestId || '—'}</code></dd>
          <dt>${t('audit.peer')}</dt><dd><code>${r.peer || '—'}</code></dd>
          ${r.traceId ? html`<dt>${t('audit.traceId')}</dt><dd><code>${r.traceId}</code></dd>` : null}
        </dl></details></div>`,
    },
  ];
  return html`<${Page} title=${t('audit.title')} wide>
    <${Card} title=${t('audit.filters')}>
      <form class="ch-bar" onSubmit=${(e) => { e.preventDefault(); apply(draft); }} role="search">
        <${Input} label=${t('audit.resource')} name="resource" value=${draft.resource} onValue=${(v) => setDraft({ ...draft, resource: v })}
          aria-describedby="ch-audit-hint" data-test="audit-filter-resource" />
        <${Input} label=${t('audit.actor')} name="actor" value=${draft.actor} onValue=${(v) => setDraft({ ...draft, actor: v })} data-test="audit-filter-actor" />
        <${Select} label=${t('audit.source')} name="source" value=${draft.source} onValue=${(v) => apply({ ...draft, source: v })}
          options=${[{ value: '', label: t('audit.source.all') }, { value: 'planning', label: t('audit.source.planning') }, { value: 'attendance', label: t('audit.source.attendance') }]} />
        <div class="actions">
          <${Button} type="submit" data-test="audit-apply">${t('audit.apply')}</${Button}>
          ${key !== JSON.stringify({ resource: '', actor: '', source: '' }) ? html`<${Button} kind="secondary" onClick=${() => apply({ resource: '', actor: '', source: '' })}>${t('audit.clear')}</${Button}>` : null}
        </div>
      </form>
      <p class="hint" id="ch-audit-hint">${t('audit.resource.hint')}</p>
    </${Card}>
    <${Card}>
      ${state.partial ? html`<p class="alert alert-warn" role="status">${t('audit.partial', { what: state.partial })}</p>` : null}
      <p class="muted" aria-live="polite">${t('audit.count', { n: state.items.length })}</p>
      <div data-test="audit-list" aria-busy=${state.loading ? 'true' : 'false'}>
        ${state.items.length ? html`<${Table} columns=${columns} rows=${state.items} rowKey=${(r) => r.service + r.id} />`
          : state.loading || state.error ? null : html`<p class="empty">${t('audit.none')}</p>`}
      </div>
      ${state.error ? html`<${ErrorBox} error=${state.error} onRetry=${() => more(trails.current, state.items)} />` : null}
      ${state.loading ? html`<${Loading} />` : null}
      ${!state.loading && !state.error && state.items.length ? (state.done ? html`<p class="muted">${t('audit.end')}</p>`
        : html`<div class="actions"><${Button} kind="secondary" onClick=${() => more(trails.current, state.items)} data-test="audit-more">${t('audit.more')}</${Button}></div>`) : null}
    </${Card}>
  </${Page}>`;
}

/** resourceLink names a resource, linking the ones the portal has a page for. */
function resourceLink(name) {
  if (!name) return '—';
  const m = /^employees\/(\d{18})(\/.*)?$/.exec(name);
  if (m) return html`<span><${Link} href=${`/pegawai/${m[1]}`}>employees/${m[1]}</${Link}>${m[2] ? html`<wbr />${m[2]}` : null}</span>`;
  return html`<code class="ch-res">${name}</code>`;
}
