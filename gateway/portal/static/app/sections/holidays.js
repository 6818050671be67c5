// holidays.js: "Hari libur & cuti bersama" (/hari-libur), the working calendar of the city. A
// year's national holidays and collective leave days (GET /v1/holidays?year=), the fixed-date
// ones the law sets every year marked as such; for city HR, adding and deleting a day, and
// importing the year's decree (SKB 3 Menteri) from a CSV or JSON file: the file is read in the
// browser and shown before anything is sent, then POST /v1/holidays:import checks every row and
// writes nothing unless all are good; its errors name the line and column ("line 3, column 1
// (date)"), which the screen lists in the user's language. A new day recounts approved leave
// that includes it (the API does that and says so to the employees). Everyone may read.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, todayIn } from '../i18n.js';
import { get, post, del, addErrorTranslations, ApiError } from '../api.js';
import { Page, Card, Async, useAsync, Input, Select, Button, Table, Dialog, FormError, fieldError, toast, Badge, Stat } from '../ui.js';
import { hasRole, readOnly } from '../session.js';
import { navigate } from '../router.js';

addMessages({
  id: {
    'holidays.title': 'Hari libur & cuti bersama', 'holidays.year': 'Tahun', 'holidays.prev': 'Tahun sebelumnya', 'holidays.next': 'Tahun berikutnya',
    'holidays.list': 'Daftar {year}', 'holidays.none': 'Belum ada hari libur untuk tahun ini. Impor keputusan bersama (SKB) tahun ini.',
    'holidays.date': 'Tanggal', 'holidays.name': 'Nama', 'holidays.kind': 'Jenis', 'holidays.actions': 'Tindakan',
    'holidays.kind.HOLIDAY_KIND_NATIONAL': 'Libur nasional', 'holidays.kind.HOLIDAY_KIND_COLLECTIVE': 'Cuti bersama',
    'holidays.count.national': 'Libur nasional', 'holidays.count.collective': 'Cuti bersama', 'holidays.count.weekday': 'Jatuh pada hari kerja',
    'holidays.fixed': 'tetap setiap tahun', 'holidays.fixed.hint': 'Ditetapkan undang-undang setiap tahun; tidak dapat dihapus.',
    'holidays.delete': 'Hapus', 'holidays.delete.label': 'Hapus {name}, {date}', 'holidays.delete.title': 'Hapus hari libur',
    'holidays.delete.confirm': 'Hapus {name} ({date})? Cuti yang sudah disetujui tidak dihitung ulang saat hari libur dihapus.',
    'holidays.deleted': '{name} dihapus.',
    'holidays.add': 'Tambah hari libur', 'holidays.add.submit': 'Tambah', 'holidays.added': '{name} ditambahkan.',
    'holidays.add.hint': 'Cuti yang sudah disetujui dan mencakup tanggal ini dihitung ulang; sisa cutinya dikembalikan.',
    'holidays.import': 'Impor keputusan (CSV atau JSON)', 'holidays.import.file': 'Berkas keputusan',
    'holidays.import.hint': 'CSV dengan baris judul date,name,kind (kind: national atau collective), atau JSON berisi larik {"date","name","kind"}.',
    'holidays.import.example': 'Contoh CSV', 'holidays.import.format': 'Format', 'holidays.import.preview': 'Pratinjau: {n} baris dari {file}',
    'holidays.import.previewBad': 'Berkas belum dapat dibaca di peramban ({why}); server tetap memeriksanya saat diimpor.',
    'holidays.import.replace': 'Tanggal yang sama yang sudah tersimpan akan diganti. Tidak ada yang disimpan bila ada satu baris yang salah.',
    'holidays.import.submit': 'Impor {n} baris', 'holidays.import.submit0': 'Impor', 'holidays.import.done': '{n} hari libur diimpor.',
    'holidays.import.errors': 'Berkas tidak diimpor. Perbaiki baris berikut:', 'holidays.import.tooBig': 'Berkas lebih dari 1 MB.',
    'holidays.readonly': 'Hanya BKPSDM Kota yang dapat mengubah hari libur.',
    'holidays.line': 'Baris {line}, kolom {col}', 'holidays.lineOnly': 'Baris {line}', 'holidays.entry': 'Entri ke-{n}, {field}', 'holidays.file': 'Berkas',
  },
  en: {
    'holidays.title': 'Holidays & collective leave', 'holidays.year': 'Year', 'holidays.prev': 'Previous year', 'holidays.next': 'Next year',
    'holidays.list': 'List for {year}', 'holidays.none': 'No holidays for this year yet. Import this year\'s joint decree (SKB).',
    'holidays.date': 'Date', 'holidays.name': 'Name', 'holidays.kind': 'Kind', 'holidays.actions': 'Actions',
    'holidays.kind.HOLIDAY_KIND_NATIONAL': 'National holiday', 'holidays.kind.HOLIDAY_KIND_COLLECTIVE': 'Collective leave',
    'holidays.count.national': 'National holidays', 'holidays.count.collective': 'Collective leave days', 'holidays.count.weekday': 'On working days',
    'holidays.fixed': 'fixed every year', 'holidays.fixed.hint': 'Set by law every year; cannot be deleted.',
    'holidays.delete': 'Delete', 'holidays.delete.label': 'Delete {name}, {date}', 'holidays.delete.title': 'Delete holiday',
    'holidays.delete.confirm': 'Delete {name} ({date})? Approved leave is not recounted when a holiday is deleted.',
    'holidays.deleted': '{name} deleted.',
    'holidays.add': 'Add a holiday', 'holidays.add.submit': 'Add', 'holidays.added': '{name} added.',
    'holidays.add.hint': 'Approved leave that includes this date is recounted; its days return to the balance.',
    'holidays.import': 'Import the decree (CSV or JSON)', 'holidays.import.file': 'Decree file',
    'holidays.import.hint': 'CSV with the header row date,name,kind (kind: national or collective), or JSON holding an array of {"date","name","kind"}.',
    'holidays.import.example': 'CSV example', 'holidays.import.format': 'Format', 'holidays.import.preview': 'Preview: {n} rows from {file}',
    'holidays.import.previewBad': 'The browser could not read the file ({why}); the server checks it all the same on import.',
    'holidays.import.replace': 'Dates already stored are replaced. Nothing is saved if any row is wrong.',
    'holidays.import.submit': 'Import {n} rows', 'holidays.import.submit0': 'Import', 'holidays.import.done': '{n} holidays imported.',
    'holidays.import.errors': 'The file was not imported. Fix these rows:', 'holidays.import.tooBig': 'The file is larger than 1 MB.',
    'holidays.readonly': 'Only city HR (BKPSDM) changes holidays.',
    'holidays.line': 'Line {line}, column {col}', 'holidays.lineOnly': 'Line {line}', 'holidays.entry': 'Entry {n}, {field}', 'holidays.file': 'File',
  },
});

// The attendance API's texts about holidays and their import, in Indonesian.
addErrorTranslations([
  { re: /^is required$/, id: 'wajib diisi' },
  { re: /^must be a date YYYY-MM-DD, got "(.*)"$/, id: 'harus tanggal TTTT-BB-HH, terisi "$1"' },
  { re: /^must be "national" or "collective", got "(.*)"$/, id: 'harus "national" atau "collective", terisi "$1"' },
  { re: /^is missing: the row has (\d+) columns$/, id: 'tidak ada: baris ini hanya $1 kolom' },
  { re: /^a header row date,name,kind is required; the file is empty$/, id: 'berkas kosong; baris judul date,name,kind wajib ada' },
  { re: /^the header must name the columns date, name and kind; "(\w+)" is missing$/, id: 'baris judul harus memuat kolom date, name dan kind; "$1" tidak ada' },
  { re: /^column "(.*)" appears twice$/, id: 'kolom "$1" muncul dua kali' },
  { re: /^must be a JSON array of .* objects: (.*)$/, id: 'harus berupa larik JSON {"date","name","kind"}: $1' },
  { re: /^must be at most (\d+) characters$/, id: 'maksimal $1 karakter' },
  { re: /^must be a real date, got (.*)$/, id: 'bukan tanggal yang sah ($1)' },
  { re: /^holds no holidays$/, id: 'tidak berisi hari libur' },
  { re: /^(\S+) is already a holiday \((.*)\); delete it first or import the decree$/, id: '$1 sudah menjadi hari libur ($2); hapus dulu atau impor keputusannya' },
  { re: /^(\S+) is not a holiday$/, id: '$1 bukan hari libur' },
  { re: /^bare " in non-quoted-field$/, id: 'tanda " di luar kolom berkutip' },
  { re: /^extraneous or missing " in quoted-field$/, id: 'tanda " berlebih atau kurang di kolom berkutip' },
]);

const FIXED = { '01-01': 'Tahun Baru Masehi', '05-01': 'Hari Buruh Internasional', '06-01': 'Hari Lahir Pancasila', '08-17': 'Hari Proklamasi Kemerdekaan Republik Indonesia', '12-25': 'Hari Raya Natal' };
const isFixed = (h) => FIXED[h.date.slice(5)] === h.displayName;
const weekday = (d) => { const x = new Date(d + 'T00:00:00Z').getUTCDay(); return x !== 0 && x !== 6; };
const KINDS = ['HOLIDAY_KIND_NATIONAL', 'HOLIDAY_KIND_COLLECTIVE'];
const kindBadge = (k) => html`<${Badge} kind=${k === 'HOLIDAY_KIND_COLLECTIVE' ? 'info' : 'warn'}>${t('holidays.kind.' + k)}</${Badge}>`;
const EXAMPLE = 'date,name,kind\n2027-03-10,Hari Raya Nyepi,national\n2027-03-11,Cuti bersama Hari Raya Nyepi,collective';

/** Holidays is the /hari-libur screen. */
export default function Holidays({ query }) {
  useLang();
  const thisYear = +todayIn().slice(0, 4);
  const y = +(query.get('tahun') || thisYear);
  const year = y >= 2000 && y <= 2100 ? y : thisYear;
  const canChange = hasRole('city-hr') && !readOnly();
  const list = useAsync(() => get('/v1/holidays', { year }), [year]);
  const [deleting, setDeleting] = useState(null);
  const go = (n) => navigate(n === thisYear ? '/hari-libur' : `/hari-libur?tahun=${n}`, { replace: true });

  return html`<${Page} title=${t('holidays.title')} wide actions=${html`<div class="ch-year" role="group" aria-label=${t('holidays.year')}>
      <${Button} kind="secondary" onClick=${() => go(year - 1)} disabled=${year <= 2000} aria-label=${t('holidays.prev')}>‹</${Button}>
      <span class="ch-year-n" aria-live="polite">${year}</span>
      <${Button} kind="secondary" onClick=${() => go(year + 1)} disabled=${year >= 2100} aria-label=${t('holidays.next')}>›</${Button}>
    </div>`}>
    ${canChange ? null : html`<p class="alert alert-info">${t('holidays.readonly')}</p>`}
    <${Async} state=${list}>${(d) => {
      const hs = d.holidays || [];
      return html`
        <div class="stats">
          <${Stat} label=${t('holidays.count.national')} value=${fmtNumber(hs.filter((h) => h.kind === 'HOLIDAY_KIND_NATIONAL').length)} />
          <${Stat} label=${t('holidays.count.collective')} value=${fmtNumber(hs.filter((h) => h.kind === 'HOLIDAY_KIND_COLLECTIVE').length)} kind="ok" />
          <${Stat} label=${t('holidays.count.weekday')} value=${fmtNumber(hs.filter((h) => weekday(h.date)).length)} kind="warn" />
        </div>
        <${Card} title=${t('holidays.list', { year })}>
          <div data-test="holiday-list">
            <${Table} rows=${hs} rowKey=${(h) => h.date} empty=${t('holidays.none')} columns=${[
              { key: 'date', label: t('holidays.date'), render: (h) => html`<span class="ch-when">${fmtDate(h.date)}</span>` },
              { key: 'name', label: t('holidays.name'), render: (h) => html`<span>${h.displayName}${isFixed(h) ? html` <span class="muted" title=${t('holidays.fixed.hint')}>(${t('holidays.fixed')})</span>` : null}</span>` },
              { key: 'kind', label: t('holidays.kind'), render: (h) => kindBadge(h.kind) },
              ...(canChange ? [{
                key: 'actions', label: t('holidays.actions'), render: (h) => (isFixed(h) ? html`<span class="muted">—</span>`
                  : html`<${Button} kind="ghost" onClick=${() => setDeleting(h)} aria-label=${t('holidays.delete.label', { name: h.displayName, date: fmtDate(h.date, { style: 'short' }) })}
                      data-test="holiday-delete">${t('holidays.delete')}</${Button}>`),
              }] : []),
            ]} />
          </div>
        </${Card}>`;
    }}</${Async}>
    ${canChange ? html`<div class="grid grid-2">
      <${ImportCard} onDone=${(years) => { list.reload(); if (years.length && !years.includes(year)) go(years[0]); }} />
      <${AddCard} year=${year} onDone=${(h) => { const hy = +h.date.slice(0, 4); if (hy === year) list.reload(); else go(hy); }} />
    </div>` : null}
    <${Dialog} title=${t('holidays.delete.title')} open=${!!deleting} onClose=${() => setDeleting(null)}>
      ${deleting ? html`<${DeleteForm} h=${deleting} onDone=${() => { setDeleting(null); list.reload(); }} onCancel=${() => setDeleting(null)} />` : null}
    </${Dialog}>
  </${Page}>`;
}

function DeleteForm({ h, onDone, onCancel }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = async () => {
    setBusy(true); setError(null);
    try {
      await del(`/v1/holidays/${h.date}`);
      toast(t('holidays.deleted', { name: h.displayName }), 'ok');
      onDone();
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<div class="ch-f">
    <p>${t('holidays.delete.confirm', { name: h.displayName, date: fmtDate(h.date) })}</p>
    <${FormError} error=${error} />
    <div class="actions">
      <${Button} kind="danger" busy=${busy} onClick=${go} data-test="holiday-delete-confirm">${t('holidays.delete')}</${Button}>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
    </div>
  </div>`;
}

function AddCard({ year, onDone }) {
  const [v, setV] = useState({ date: '', displayName: '', kind: 'HOLIDAY_KIND_NATIONAL' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const h = await post('/v1/holidays', { date: v.date, displayName: v.displayName.trim(), kind: v.kind });
      toast(t('holidays.added', { name: h.displayName }), 'ok');
      setV({ date: '', displayName: '', kind: v.kind });
      onDone(h);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Card} title=${t('holidays.add')}>
    <form class="ch-f" onSubmit=${submit} noValidate>
      <${Input} label=${t('holidays.date')} name="date" type="date" value=${v.date} onValue=${(x) => setV({ ...v, date: x })} required
        min=${`${year - 1}-01-01`} error=${fieldError(error, 'date')} data-test="holiday-date" />
      <${Input} label=${t('holidays.name')} name="display_name" value=${v.displayName} onValue=${(x) => setV({ ...v, displayName: x })} required maxlength="200"
        error=${fieldError(error, 'display_name')} data-test="holiday-name" />
      <${Select} label=${t('holidays.kind')} name="kind" value=${v.kind} onValue=${(x) => setV({ ...v, kind: x })} required error=${fieldError(error, 'kind')}
        options=${KINDS.map((k) => ({ value: k, label: t('holidays.kind.' + k) }))} />
      <p class="hint">${t('holidays.add.hint')}</p>
      <${FormError} error=${error} fields=${['date', 'display_name', 'kind']} />
      <div class="actions"><${Button} type="submit" busy=${busy} data-test="holiday-add">${t('holidays.add.submit')}</${Button}></div>
    </form>
  </${Card}>`;
}

/** parseCSV reads the decree CSV the way the server does (header names the columns), for the preview. */
function parseCSV(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const data = rows.filter((r) => r.some((x) => x.trim() !== ''));
  if (!data.length) throw new Error('kosong / empty');
  const head = data[0].map((h) => h.trim().toLowerCase());
  const col = (n) => head.indexOf(n);
  if (col('date') < 0 || col('name') < 0 || col('kind') < 0) throw new Error('date,name,kind?');
  return data.slice(1).map((r) => ({ date: (r[col('date')] || '').trim(), name: (r[col('name')] || '').trim(), kind: (r[col('kind')] || '').trim().toLowerCase() }));
}

function parseJSON(text) {
  const v = JSON.parse(text.replace(/^\uFEFF/, ''));
  const list = Array.isArray(v) ? v : v && Array.isArray(v.holidays) ? v.holidays : null;
  if (!list) throw new Error('[{"date","name","kind"}]');
  return list.map((x) => ({ date: String(x.date || ''), name: String(x.name || ''), kind: String(x.kind || '').toLowerCase() }));
}

/** safeDate shows a file's date in the user's format, or as written when it is not a real date. */
function safeDate(s) {
  const d = new Date(s + 'T00:00:00Z');
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? fmtDate(s, { style: 'short' }) : s;
}

/** where says in words which part of the file an API field path names. */
function where(path) {
  const p = path.replace(/^content\.?/, '');
  let m = /^line (\d+), column (\d+)(?: \((\w+)\))?$/.exec(p);
  if (m) return t('holidays.line', { line: m[1], col: m[2] }) + (m[3] ? ` (${m[3]})` : '');
  m = /^line (\d+)$/.exec(p);
  if (m) return t('holidays.lineOnly', { line: m[1] });
  m = /^holidays\[(\d+)\]\.(\w+)$/.exec(p);
  if (m) return t('holidays.entry', { n: +m[1] + 1, field: m[2] });
  return p || t('holidays.file');
}

function ImportCard({ onDone }) {
  const [file, setFile] = useState(null); // { name, content, format, rows, bad }
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const pick = async (e) => {
    setError(null);
    const f = e.currentTarget.files?.[0];
    if (!f) { setFile(null); return; }
    if (f.size > 1048576) { setFile({ name: f.name, tooBig: true }); return; }
    const content = await f.text();
    const json = /\.json$/i.test(f.name) || /^\s*[[{]/.test(content.replace(/^\uFEFF/, ''));
    let rows = null, bad = '';
    try { rows = json ? parseJSON(content) : parseCSV(content); } catch (x) { bad = x.message; }
    setFile({ name: f.name, content, format: json ? 'IMPORT_FORMAT_JSON' : 'IMPORT_FORMAT_CSV', rows, bad });
  };
  const submit = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!file || file.tooBig) return;
    setBusy(true); setError(null);
    try {
      const r = await post('/v1/holidays:import', { format: file.format, content: file.content });
      const hs = r.holidays || [];
      toast(t('holidays.import.done', { n: fmtNumber(hs.length) }), 'ok');
      setFile(null);
      form.reset();
      onDone([...new Set(hs.map((h) => +h.date.slice(0, 4)))]);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  const lines = error instanceof ApiError ? Object.entries(error.fields) : [];
  return html`<${Card} title=${t('holidays.import')}>
    <form class="ch-f" onSubmit=${submit} noValidate>
      <div class="field">
        <label for="ch-holiday-file">${t('holidays.import.file')}</label>
        <input id="ch-holiday-file" type="file" accept=".csv,.json,text/csv,application/json" onChange=${pick}
          aria-describedby="ch-holiday-file-hint" data-test="holiday-import-file" />
        <p class="hint" id="ch-holiday-file-hint">${t('holidays.import.hint')}</p>
      </div>
      <details class="ch-example"><summary>${t('holidays.import.example')}</summary><pre>${EXAMPLE}</pre></details>
      ${file?.tooBig ? html`<p class="alert alert-error" role="alert">${t('holidays.import.tooBig')}</p>` : null}
      ${file && !file.tooBig ? html`<div class="ch-preview" aria-live="polite">
        ${file.rows ? html`<p><strong>${t('holidays.import.preview', { n: fmtNumber(file.rows.length), file: file.name })}</strong> · ${t('holidays.import.format')}: ${file.format === 'IMPORT_FORMAT_JSON' ? 'JSON' : 'CSV'}</p>
          <div class="ch-preview-rows"><${Table} rows=${file.rows.slice(0, 50)} columns=${[
            { key: 'date', label: t('holidays.date'), render: (r) => safeDate(r.date) },
            { key: 'name', label: t('holidays.name') },
            { key: 'kind', label: t('holidays.kind'), render: (r) => (r.kind === 'national' ? t('holidays.kind.HOLIDAY_KIND_NATIONAL') : r.kind === 'collective' ? t('holidays.kind.HOLIDAY_KIND_COLLECTIVE') : r.kind) },
          ]} /></div>`
        : html`<p class="alert alert-warn">${t('holidays.import.previewBad', { why: file.bad })}</p>`}
        <p class="hint">${t('holidays.import.replace')}</p>
      </div>` : null}
      ${error ? html`<div class="alert alert-error" role="alert" data-test="holiday-import-errors">
        <p>${lines.length ? t('holidays.import.errors') : error.text}</p>
        ${lines.length ? html`<ul>${lines.map(([k, v]) => html`<li><strong>${where(k)}</strong>: ${v}</li>`)}</ul>` : null}
      </div>` : null}
      <div class="actions">
        <${Button} type="submit" busy=${busy} disabled=${!file || file.tooBig} data-test="holiday-import-submit">
          ${file?.rows ? t('holidays.import.submit', { n: fmtNumber(file.rows.length) }) : t('holidays.import.submit0')}</${Button}>
      </div>
    </form>
  </${Card}>`;
}
