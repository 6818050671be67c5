// organisation.js: "Instansi & jabatan" (/organisasi), the city's organisation as the planning
// service keeps it. Agencies (OPD) and the units under each, and the positions (jabatan) of an
// agency with their kind, class, the headcount the workload analysis calls for, the holders
// today and the gap. City HR creates and edits both (UpdateAgency and UpdatePosition with an
// update mask of the changed fields and the etag read); the inspectorate reads.
import { html, useState, useMemo } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber } from '../i18n.js';
import { post, patch, addErrorTranslations } from '../api.js';
import { Page, Card, Async, useAsync, Input, Select, TextArea, Button, Table, Dialog, FormError, fieldError, toast, Badge } from '../ui.js';
import { hasRole, readOnly } from '../session.js';
import { Link, navigate } from '../router.js';
import {
  agencies, byCode, topLevel, unitsOf, agencyName, positionsOf, forgetPositions, label, enumOptions, AGENCY_KINDS, POSITION_KINDS, AgencyPicker, compact,
} from './_shared/ch-common.js';

addMessages({
  id: {
    'organisation.title': 'Instansi & jabatan', 'organisation.tabs': 'Bagian', 'organisation.agencies': 'Instansi & unit', 'organisation.positions': 'Jabatan',
    'organisation.show': 'Tampilkan', 'organisation.top': 'Instansi (tingkat atas)', 'organisation.unitsOf': 'Unit di {name}',
    'organisation.code': 'Kode', 'organisation.name': 'Nama', 'organisation.kind': 'Jenis', 'organisation.parent': 'Induk', 'organisation.units': 'Unit',
    'organisation.filter': 'Saring nama atau kode', 'organisation.none': 'Tidak ada yang cocok.', 'organisation.count': '{n} ditampilkan',
    'organisation.edit': 'Ubah', 'organisation.editOf': 'Ubah {name}', 'organisation.newAgency': 'Tambah instansi/unit', 'organisation.newPosition': 'Tambah jabatan',
    'organisation.agency.create': 'Instansi atau unit baru', 'organisation.agency.edit': 'Ubah instansi atau unit',
    'organisation.code.hint': 'Huruf besar, angka dan tanda hubung, mis. DISKOMINFO. Tidak dapat diubah.',
    'organisation.parent.hint': 'Wajib untuk unit; kosong untuk instansi tingkat atas.', 'organisation.parent.none': '— tanpa induk —',
    'organisation.saved': '{name} disimpan.',
    'organisation.position.create': 'Jabatan baru', 'organisation.position.edit': 'Ubah jabatan', 'organisation.position': 'Jabatan',
    'organisation.class': 'Kelas jabatan', 'organisation.needed': 'Kebutuhan (ABK)', 'organisation.current': 'Terisi', 'organisation.gap': 'Selisih',
    'organisation.competencies': 'Standar kompetensi', 'organisation.competencies.hint': 'Satu per baris: kompetensi = tingkat 1–5, mis. technical:network-administration = 3. Jenis: technical, managerial, socio-cultural. Tanpa tingkat: belum ditetapkan.',
    'organisation.competencies.line': 'Baris {n}: {msg}', 'organisation.competencies.level': 'tingkat harus angka 1–5',
    'organisation.id': 'ID jabatan (opsional)', 'organisation.id.hint': 'Huruf kecil, angka dan tanda hubung; dibuat otomatis bila kosong.',
    'organisation.allKinds': 'Semua jenis', 'organisation.positions.of': 'Jabatan di {name}', 'organisation.pick': 'Pilih instansi untuk melihat jabatannya.',
    'organisation.totals': 'Kebutuhan {needed} · terisi {current} · selisih {gap}',
    'organisation.readonly': 'Hanya BKPSDM Kota yang mengubah instansi dan jabatan.',
  },
  en: {
    'organisation.title': 'Agencies & positions', 'organisation.tabs': 'Parts', 'organisation.agencies': 'Agencies & units', 'organisation.positions': 'Positions',
    'organisation.show': 'Show', 'organisation.top': 'Agencies (top level)', 'organisation.unitsOf': 'Units of {name}',
    'organisation.code': 'Code', 'organisation.name': 'Name', 'organisation.kind': 'Kind', 'organisation.parent': 'Parent', 'organisation.units': 'Units',
    'organisation.filter': 'Filter by name or code', 'organisation.none': 'Nothing matches.', 'organisation.count': '{n} shown',
    'organisation.edit': 'Edit', 'organisation.editOf': 'Edit {name}', 'organisation.newAgency': 'Add agency/unit', 'organisation.newPosition': 'Add position',
    'organisation.agency.create': 'New agency or unit', 'organisation.agency.edit': 'Edit agency or unit',
    'organisation.code.hint': 'Upper-case letters, digits and dashes, e.g. DISKOMINFO. Cannot change later.',
    'organisation.parent.hint': 'Required for a unit; empty for a top-level agency.', 'organisation.parent.none': '— no parent —',
    'organisation.saved': '{name} saved.',
    'organisation.position.create': 'New position', 'organisation.position.edit': 'Edit position', 'organisation.position': 'Position',
    'organisation.class': 'Position class', 'organisation.needed': 'Needed (workload analysis)', 'organisation.current': 'Held', 'organisation.gap': 'Gap',
    'organisation.competencies': 'Competency standard', 'organisation.competencies.hint': 'One per line: competency = level 1–5, e.g. technical:network-administration = 3. Types: technical, managerial, socio-cultural. Without a level: not set yet.',
    'organisation.competencies.line': 'Line {n}: {msg}', 'organisation.competencies.level': 'the level must be a number 1–5',
    'organisation.id': 'Position id (optional)', 'organisation.id.hint': 'Lower-case letters, digits and dashes; generated when empty.',
    'organisation.allKinds': 'All kinds', 'organisation.positions.of': 'Positions in {name}', 'organisation.pick': 'Choose an agency to see its positions.',
    'organisation.totals': 'Needed {needed} · held {current} · gap {gap}',
    'organisation.readonly': 'Only city HR (BKPSDM) changes agencies and positions.',
  },
});

addErrorTranslations([
  { re: /^must be 2-32 upper-case letters, digits or dashes, starting with a letter or digit$/, id: 'harus 2–32 huruf besar, angka atau tanda hubung, diawali huruf atau angka' },
  { re: /^must be 3-200 characters$/, id: 'harus 3–200 karakter' },
  { re: /^must be 1 to 5 \(PermenPANRB 38\/2017\), or 0 for not set; got (-?\d+)$/, id: 'tingkat harus 1–5 (PermenPANRB 38/2017), atau 0 bila belum ditetapkan; tertulis $1' },
  { re: /^type "(.*)" is not technical, managerial or socio-cultural .*$/, id: 'jenis "$1" bukan technical, managerial atau socio-cultural' },
  { re: /^must be "type:slug" with type .*$/, id: 'harus "jenis:nama" dengan jenis technical, managerial atau socio-cultural, mis. technical:network-administration' },
  { re: /^the part after "(.*)" must be lower-case letters, digits and dashes.*$/, id: 'bagian setelah "$1" harus huruf kecil, angka dan tanda hubung' },
  { re: /^"(.*)" is listed twice .*$/, id: '"$1" tercantum dua kali; setiap kompetensi cukup sekali' },
  { re: /^only units have a parent; a (\w+) is a top-level agency$/, id: 'hanya unit yang punya induk; $1 adalah instansi tingkat atas' },
  { re: /^a unit must name the agency or unit it belongs to$/, id: 'unit harus menyebut instansi atau unit induknya' },
  { re: /^must be one of secretariat, .*$/, id: 'pilih jenis instansi' },
  { re: /^an agency cannot be its own parent$/, id: 'instansi tidak dapat menjadi induk dirinya sendiri' },
  { re: /^"(.*)" is inside (\S+); moving it there would make a cycle$/, id: '"$1" berada di dalam $2; pemindahan ini membentuk lingkaran' },
  { re: /^a unit can move only within its own agency \((\S+)\)$/, id: 'unit hanya dapat dipindah di dalam instansinya sendiri ($1)' },
  { re: /^must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit$/, id: 'harus 1–63 huruf kecil, angka atau tanda hubung, diawali huruf atau angka' },
  { re: /^must be structural, functional or executor$/, id: 'pilih struktural, fungsional atau pelaksana' },
  { re: /^must be a position class from (\d+) to (\d+), got (-?\d+)$/, id: 'kelas jabatan harus $1 sampai $2, terisi $3' },
  { re: /^cannot be negative$/, id: 'tidak boleh negatif' },
]);

/** Organisation is the /organisasi screen; ?tab=jabatan shows the positions. */
export default function Organisation({ query, session }) {
  useLang();
  const tab = query.get('tab') === 'jabatan' ? 'positions' : 'agencies';
  const [fresh, setFresh] = useState(0);
  const org = useAsync(() => agencies(fresh > 0), [fresh]);
  const canChange = hasRole('city-hr') && !readOnly();
  const reload = () => setFresh((n) => n + 1);
  const tabLink = (key, href) => html`<${Link} href=${href} class=${'ch-tab' + (tab === key ? ' active' : '')} aria-current=${tab === key ? 'page' : undefined}>${t('organisation.' + key)}</${Link}>`;
  return html`<${Page} title=${t('organisation.title')} wide>
    <nav class="ch-tabs" aria-label=${t('organisation.tabs')}>${tabLink('agencies', '/organisasi')}${tabLink('positions', '/organisasi?tab=jabatan')}</nav>
    ${canChange ? null : html`<p class="alert alert-info">${t('organisation.readonly')}</p>`}
    <${Async} state=${org}>${(list) => (tab === 'agencies'
      ? html`<${Agencies} list=${list} query=${query} canChange=${canChange} onChanged=${reload} />`
      : html`<${Positions} list=${list} query=${query} session=${session} canChange=${canChange} />`)}
    </${Async}>
  </${Page}>`;
}

const setParam = (query, k, v) => {
  const p = new URLSearchParams(query);
  if (v) p.set(k, v); else p.delete(k);
  const s = p.toString();
  navigate('/organisasi' + (s ? '?' + s : ''), { replace: true });
};
const matches = (text, ...xs) => !text || xs.some((x) => String(x || '').toLowerCase().includes(text.toLowerCase()));

function Agencies({ list, query, canChange, onChanged }) {
  const map = useMemo(() => byCode(list), [list]);
  const parent = query.get('induk') || '';
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(null); // agency, or {} for a new one
  const rows = (parent ? unitsOf(list, parent) : topLevel(list)).filter((a) => matches(text, a.code, a.displayName));
  const unitCount = (code) => list.filter((a) => a.parent && a.root === code).length;
  return html`<${Card} title=${t('organisation.agencies')} actions=${canChange
    ? html`<${Button} onClick=${() => setEditing({})} data-test="agency-create">${t('organisation.newAgency')}</${Button}>` : null}>
    <div class="ch-bar">
      <${Select} label=${t('organisation.show')} name="parent" value=${parent} onValue=${(v) => setParam(query, 'induk', v)}
        options=${[{ value: '', label: t('organisation.top') }, ...topLevel(list).map((a) => ({ value: a.code, label: t('organisation.unitsOf', { name: a.displayName }) }))]} />
      <${Input} label=${t('organisation.filter')} name="filter" type="search" value=${text} onValue=${setText} />
    </div>
    <p class="muted" aria-live="polite">${t('organisation.count', { n: fmtNumber(rows.length) })}</p>
    <div data-test="agency-list">
      <${Table} rows=${rows} rowKey=${(a) => a.code} empty=${t('organisation.none')} columns=${[
        { key: 'code', label: t('organisation.code'), render: (a) => html`<code>${a.code}</code>` },
        { key: 'name', label: t('organisation.name'), render: (a) => a.displayName },
        { key: 'kind', label: t('organisation.kind'), render: (a) => label('akind', a.kind) },
        parent ? { key: 'parent', label: t('organisation.parent'), render: (a) => agencyName(map, a.parent) }
          : { key: 'units', label: t('organisation.units'), num: true, render: (a) => html`<${Link} href=${`/organisasi?induk=${a.code}`}>${fmtNumber(unitCount(a.code))}</${Link}>` },
        ...(canChange ? [{ key: 'edit', label: t('organisation.edit'), render: (a) => html`<${Button} kind="ghost" onClick=${() => setEditing(a)}
          aria-label=${t('organisation.editOf', { name: a.displayName })} data-test="agency-edit">${t('organisation.edit')}</${Button}>` }] : []),
      ]} />
    </div>
    <${Dialog} title=${editing?.code ? t('organisation.agency.edit') : t('organisation.agency.create')} open=${!!editing} onClose=${() => setEditing(null)}>
      ${editing ? html`<${AgencyForm} a=${editing} list=${list} parent=${parent} onCancel=${() => setEditing(null)}
        onDone=${(a) => { setEditing(null); toast(t('organisation.saved', { name: a.displayName }), 'ok'); onChanged(); }} />` : null}
    </${Dialog}>
  </${Card}>`;
}

function AgencyForm({ a, list, parent, onDone, onCancel }) {
  const editing = !!a.code;
  const [v, setV] = useState({ code: a.code || '', displayName: a.displayName || '', kind: a.kind || (parent ? 'AGENCY_KIND_UNIT' : ''), parent: a.parent ?? parent });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: k === 'code' ? x.toUpperCase() : x }));
  const err = (f) => fieldError(error, f);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      if (editing) {
        const mask = [['displayName', 'display_name'], ['kind', 'kind'], ['parent', 'parent']].filter(([k]) => (v[k] || '') !== (a[k] || ''));
        if (!mask.length) { onCancel(); return; }
        const body = { etag: a.etag, ...Object.fromEntries(mask.map(([k]) => [k, k === 'displayName' ? v[k].trim() : v[k]])) };
        onDone(await patch(`/v1/agencies/${a.code}?updateMask=${mask.map(([, f]) => f).join(',')}`, body));
      } else {
        onDone(await post('/v1/agencies', compact({ code: v.code.trim(), displayName: v.displayName.trim(), kind: v.kind, parent: v.parent })));
      }
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const parents = [...list].filter((x) => x.code !== a.code).sort((x, y) => (x.root + x.displayName).localeCompare(y.root + y.displayName, 'id'));
  return html`<form class="ch-f" onSubmit=${submit} noValidate>
    <${Input} label=${t('organisation.code')} name="code" value=${v.code} onValue=${set('code')} required disabled=${editing} maxlength="32"
      hint=${t('organisation.code.hint')} error=${err('code')} autocapitalize="characters" data-test="agency-code" />
    <${Input} label=${t('organisation.name')} name="display_name" value=${v.displayName} onValue=${set('displayName')} required maxlength="200" error=${err('display_name')} data-test="agency-name" />
    <${Select} label=${t('organisation.kind')} name="kind" value=${v.kind} onValue=${set('kind')} required error=${err('kind')}
      options=${enumOptions('akind', AGENCY_KINDS, { blank: t('ch.choose') })} data-test="agency-kind" />
    <${Select} label=${t('organisation.parent')} name="parent" value=${v.parent} onValue=${set('parent')} error=${err('parent')} hint=${t('organisation.parent.hint')}
      options=${[{ value: '', label: t('organisation.parent.none') }, ...parents.map((x) => ({ value: x.code, label: x.parent ? `${x.root} › ${x.displayName}` : x.displayName }))]} />
    <${FormError} error=${error} fields=${['code', 'display_name', 'kind', 'parent']} />
    <div class="actions">
      <${Button} type="submit" busy=${busy} data-test="agency-submit">${t('common.save')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}

function Positions({ list, query, session, canChange }) {
  const agency = query.get('instansi') || (hasRole('agency-hr') ? session.agency : '') || '';
  const [unit, setUnit] = useState('');
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [fresh, setFresh] = useState(0);
  const [editing, setEditing] = useState(null);
  const map = useMemo(() => byCode(list), [list]);
  const ps = useAsync(() => positionsOf(agency, fresh > 0), [agency, fresh]);
  const units = unitsOf(list, agency);
  const rows = (ps.data || []).filter((p) => (!unit || p.unit === unit) && (!kind || p.kind === kind) && matches(text, p.title, p.id))
    .sort((a, b) => b.class - a.class || a.title.localeCompare(b.title, 'id'));
  const sum = (k) => rows.reduce((n, p) => n + (p[k] || 0), 0);
  return html`<${Card} title=${agency ? t('organisation.positions.of', { name: agencyName(map, agency) }) : t('organisation.positions')}
    actions=${canChange && agency ? html`<${Button} onClick=${() => setEditing({ agency })} data-test="position-create">${t('organisation.newPosition')}</${Button}>` : null}>
    <div class="ch-bar">
      <${AgencyPicker} list=${list} value=${agency} onValue=${(v) => { setUnit(''); setParam(query, 'instansi', v); }} test="position-agency" />
      <${Select} label=${t('ch.unit')} name="unit" value=${unit} onValue=${setUnit} disabled=${!agency}
        options=${[{ value: '', label: t('ch.unit.all') }, ...units.map((u) => ({ value: u.code, label: u.displayName }))]} />
      <${Select} label=${t('organisation.kind')} name="kind" value=${kind} onValue=${setKind} options=${enumOptions('pkind', POSITION_KINDS, { blank: t('organisation.allKinds') })} />
      <${Input} label=${t('organisation.filter')} name="filter" type="search" value=${text} onValue=${setText} />
    </div>
    ${!agency ? html`<p class="empty">${t('organisation.pick')}</p>` : html`<${Async} state=${ps}>${() => html`
      <p class="muted" aria-live="polite">${t('organisation.count', { n: fmtNumber(rows.length) }) + ' · '}${t('organisation.totals', { needed: fmtNumber(sum('neededHeadcount')), current: fmtNumber(sum('currentHeadcount')), gap: fmtNumber(sum('neededHeadcount') - sum('currentHeadcount')) })}</p>
      <div data-test="position-list">
        <${Table} rows=${rows} rowKey=${(p) => p.id} empty=${t('organisation.none')} columns=${[
          { key: 'title', label: t('organisation.position'), render: (p) => html`<span>${p.title}<br /><code class="muted">${p.id}</code></span>` },
          { key: 'kind', label: t('organisation.kind'), render: (p) => label('pkind', p.kind) },
          { key: 'class', label: t('organisation.class'), num: true, render: (p) => p.class },
          { key: 'unit', label: t('ch.unit'), render: (p) => (p.unit ? agencyName(map, p.unit) : t('ch.none')) },
          { key: 'needed', label: t('organisation.needed'), num: true, render: (p) => fmtNumber(p.neededHeadcount || 0) },
          { key: 'current', label: t('organisation.current'), num: true, render: (p) => fmtNumber(p.currentHeadcount || 0) },
          { key: 'gap', label: t('organisation.gap'), num: true, render: (p) => gapBadge((p.neededHeadcount || 0) - (p.currentHeadcount || 0)) },
          ...(canChange ? [{ key: 'edit', label: t('organisation.edit'), render: (p) => html`<${Button} kind="ghost" onClick=${() => setEditing(p)}
            aria-label=${t('organisation.editOf', { name: p.title })} data-test="position-edit">${t('organisation.edit')}</${Button}>` }] : []),
        ]} />
      </div>`}</${Async}>`}
    <${Dialog} title=${editing?.id ? t('organisation.position.edit') : t('organisation.position.create')} open=${!!editing} onClose=${() => setEditing(null)}>
      ${editing ? html`<${PositionForm} p=${editing} list=${list} onCancel=${() => setEditing(null)}
        onDone=${(p) => { setEditing(null); toast(t('organisation.saved', { name: p.title }), 'ok'); forgetPositions(); setFresh((n) => n + 1); }} />` : null}
    </${Dialog}>
  </${Card}>`;
}

// standardsOf is a position's competency standard as the form compares it: level 0 (not set)
// is left out of the API's JSON, so it is put back.
const standardsOf = (p) => (p.competencyStandards || []).map((s) => ({ competency: s.competency || '', level: s.level || 0 }));

// parseStandard reads a line "technical:network-administration = 3" (no level: 0, not set);
// null when the level is not a whole number 0–5. The competency itself is the API's to check.
function parseStandard(line) {
  const at = line.indexOf('=');
  const name = (at < 0 ? line : line.slice(0, at)).trim(), level = at < 0 ? '' : line.slice(at + 1).trim();
  if (level === '') return { competency: name, level: 0 };
  return /^[0-5]$/.test(level) ? { competency: name, level: Number(level) } : null;
}

const STANDARDS_FIELD = /(?:^|\.)(?:competency_standards|required_competencies)(?:\[(\d+)\])?/;

// standardsError is the API's first message about the standard, with the line it is about
// ("position.competency_standards[2].level" is line 3).
function standardsError(error) {
  for (const [k, msg] of Object.entries(error?.fields || {})) {
    const m = STANDARDS_FIELD.exec(k);
    if (m) return m[1] === undefined ? msg : t('organisation.competencies.line', { n: Number(m[1]) + 1, msg });
  }
  return undefined;
}

const gapBadge = (g) => (g > 0 ? html`<${Badge} kind="warn">−${fmtNumber(g)}</${Badge}>` : g < 0 ? html`<${Badge} kind="info">+${fmtNumber(-g)}</${Badge}>` : html`<${Badge} kind="ok">0</${Badge}>`);

function PositionForm({ p, list, onDone, onCancel }) {
  const editing = !!p.id;
  const [v, setV] = useState({
    id: '', title: p.title || '', kind: p.kind || '', class: p.class ? String(p.class) : '', unit: p.unit || '',
    neededHeadcount: String(p.neededHeadcount ?? 0), competencies: standardsOf(p).map((s) => (s.level ? `${s.competency} = ${s.level}` : s.competency)).join('\n'),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x }));
  const err = (f) => fieldError(error, f);
  const [lineError, setLineError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const lines = v.competencies.split('\n').map((s) => s.trim()).filter(Boolean);
    const competencyStandards = lines.map(parseStandard);
    const bad = competencyStandards.findIndex((s) => s === null);
    setLineError(bad < 0 ? null : t('organisation.competencies.line', { n: bad + 1, msg: t('organisation.competencies.level') }));
    if (bad >= 0) return;
    setBusy(true); setError(null);
    const values = {
      title: v.title.trim(), kind: v.kind, class: parseInt(v.class, 10) || 0, unit: v.unit, neededHeadcount: parseInt(v.neededHeadcount, 10) || 0,
      competencyStandards,
    };
    try {
      if (editing) {
        const names = { title: 'title', kind: 'kind', class: 'class', unit: 'unit', neededHeadcount: 'needed_headcount', competencyStandards: 'competency_standards' };
        const changed = Object.keys(names).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(k === 'competencyStandards' ? standardsOf(p) : p[k] ?? (k === 'unit' ? '' : 0)));
        if (!changed.length) { onCancel(); return; }
        onDone(await patch(`/v1/positions/${p.id}?updateMask=${changed.map((k) => names[k]).join(',')}`, { etag: p.etag, ...Object.fromEntries(changed.map((k) => [k, values[k]])) }));
      } else {
        const q = v.id.trim() ? `?positionId=${encodeURIComponent(v.id.trim())}` : '';
        onDone(await post('/v1/positions' + q, compact({ ...values, agency: p.agency })));
      }
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const units = unitsOf(list, p.agency);
  return html`<form class="ch-f" onSubmit=${submit} noValidate>
    <${Input} label=${t('organisation.position')} name="title" value=${v.title} onValue=${set('title')} required maxlength="200" error=${err('title')} data-test="position-title" />
    <div class="form-row">
      <${Select} label=${t('organisation.kind')} name="kind" value=${v.kind} onValue=${set('kind')} required error=${err('kind')}
        options=${enumOptions('pkind', POSITION_KINDS, { blank: t('ch.choose') })} data-test="position-kind" />
      <${Input} label=${t('organisation.class')} name="class" type="number" min="1" max="17" value=${v.class} onValue=${set('class')} required error=${err('class')} data-test="position-class" />
    </div>
    <div class="form-row">
      <${Select} label=${t('ch.unit')} name="unit" value=${v.unit} onValue=${set('unit')} error=${err('unit')}
        options=${[{ value: '', label: t('ch.unit.none') }, ...units.map((u) => ({ value: u.code, label: u.displayName }))]} />
      <${Input} label=${t('organisation.needed')} name="needed_headcount" type="number" min="0" value=${v.neededHeadcount} onValue=${set('neededHeadcount')} error=${err('needed_headcount')} />
    </div>
    <${TextArea} label=${t('organisation.competencies')} name="competency_standards" value=${v.competencies} onValue=${set('competencies')}
      hint=${t('organisation.competencies.hint')} error=${lineError || standardsError(error)} rows="4" data-test="position-standards" />
    ${editing ? null : html`<${Input} label=${t('organisation.id')} name="position_id" value=${v.id} onValue=${set('id')} hint=${t('organisation.id.hint')} error=${err('position_id')} maxlength="63" />`}
    <${FormError} error=${error} fields=${['title', 'kind', 'class', 'unit', 'needed_headcount', 'position_id', 'agency',
      ...Object.keys(error?.fields || {}).filter((k) => STANDARDS_FIELD.test(k))]} />
    <div class="actions">
      <${Button} type="submit" busy=${busy} data-test="position-submit">${t('common.save')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </form>`;
}
