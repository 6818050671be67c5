// planning-workload.js: "Beban kerja & kebutuhan" (/beban-kerja, issue 12 §1 and §4): an
// agency's position map (peta jabatan, GET /v1/agencies/{agency}/positionMap) — each unit with its
// positions' need, holders and gap, the gap coloured by its sign, the totals, and the CSV
// (…/positionMap:csv) — and, opened from a position (?jabatan={id}), its workload analysis (ABK,
// GET/PUT /v1/positions/{id}/workload): core tasks with their unit of output, yearly volume and
// standard minutes, the hours and the need computed live as they are typed
// (need = Σ volume × minutes ÷ 60 ÷ effective hours, PermenPAN-RB 1/2020), and after saving the
// need, holders and gap as the API computed and rounded them. Agency HR and city HR edit;
// auditors and agency heads read (the API decides; a refusal is said in words).
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, fmtDate } from '../i18n.js';
import { get, request, ApiError } from '../api.js';
import { Page, Card, useAsync, Button, Input, Stat, DownloadLink, toast } from '../ui.js';
import { Link, navigate } from '../router.js';
import { AgencyPicker, setQuery } from './_shared/sv-common.js';
import { Gap, PlAsync, PlError, HeadGate, errAt, mayDraft, pickAgency, pl, roundNeed, validId } from './_shared/planning-common.js';

addMessages({
  id: {
    'wl.title': 'Beban kerja & kebutuhan', 'wl.map': 'Peta jabatan {agency}', 'wl.csv': 'Unduh CSV', 'wl.pick': 'Pilih instansi untuk melihat peta jabatannya.',
    'wl.asOf': 'Pemangku per {d}.', 'wl.withWl': 'Jabatan dengan ABK', 'wl.withoutWl': 'Jabatan tanpa ABK', 'wl.position': 'Jabatan', 'wl.kind': 'Jenis / kelas',
    'wl.fromWl': 'ABK', 'wl.typed': 'diisi manual', 'wl.noPositions': 'Belum ada jabatan di unit ini.', 'wl.open': 'Buka ABK {title}',
    'wl.editor': 'Analisis beban kerja', 'wl.back': '← Peta jabatan', 'wl.tasks': 'Tugas pokok', 'wl.task': 'Tugas', 'wl.unit': 'Satuan hasil',
    'wl.volume': 'Volume per tahun', 'wl.minutes': 'Norma waktu (menit)', 'wl.hours': '{h} jam/tahun', 'wl.addTask': 'Tambah tugas', 'wl.removeTask': 'Hapus tugas {n}',
    'wl.taskN': 'Tugas {n}', 'wl.total': 'Jumlah jam kerja per tahun', 'wl.effective': 'Jam kerja efektif per pegawai', 'wl.exact': 'Kebutuhan (tepat)',
    'wl.preview': 'Perkiraan kebutuhan', 'wl.previewHint': 'Dihitung saat Anda mengetik: Σ volume × norma waktu ÷ 60 ÷ {eff} jam, dibulatkan setengah ke atas dan paling sedikit 1 orang bila ada beban kerja. Angka resmi adalah yang disimpan layanan.', 'wl.gapPreview': 'Selisih dengan pemangku',
    'wl.saved': 'Beban kerja disimpan: kebutuhan {need} orang.', 'wl.save': 'Simpan ABK', 'wl.stored': 'Tersimpan', 'wl.none': 'Jabatan ini belum punya ABK; isi tugas pokoknya.',
    'wl.readonly': 'Anda hanya dapat membaca ABK ini.', 'wl.people': '{n} orang', 'wl.updated': 'Terakhir diubah {d}.',
  },
  en: {
    'wl.title': 'Workload & staffing needs', 'wl.map': 'Position map of {agency}', 'wl.csv': 'Download CSV', 'wl.pick': 'Choose an agency to see its position map.',
    'wl.asOf': 'Holders as of {d}.', 'wl.withWl': 'Positions with a workload analysis', 'wl.withoutWl': 'Positions without one', 'wl.position': 'Position', 'wl.kind': 'Kind / class',
    'wl.fromWl': 'ABK', 'wl.typed': 'typed in', 'wl.noPositions': 'No position in this unit yet.', 'wl.open': 'Open the workload of {title}',
    'wl.editor': 'Workload analysis', 'wl.back': '← Position map', 'wl.tasks': 'Core tasks', 'wl.task': 'Task', 'wl.unit': 'Unit of output',
    'wl.volume': 'Yearly volume', 'wl.minutes': 'Standard time (minutes)', 'wl.hours': '{h} hours/year', 'wl.addTask': 'Add a task', 'wl.removeTask': 'Remove task {n}',
    'wl.taskN': 'Task {n}', 'wl.total': 'Total working hours a year', 'wl.effective': 'Effective hours per employee', 'wl.exact': 'Need (exact)',
    'wl.preview': 'Estimated need', 'wl.previewHint': 'Computed as you type: Σ volume × standard time ÷ 60 ÷ {eff} hours, rounded half up and at least 1 person when there is any work. The official figure is the one the service stores.', 'wl.gapPreview': 'Gap against the holders',
    'wl.saved': 'Workload saved: a need of {need}.', 'wl.save': 'Save the workload', 'wl.stored': 'Stored', 'wl.none': 'This position has no workload analysis yet; enter its core tasks.',
    'wl.readonly': 'You may only read this workload analysis.', 'wl.people': '{n} people', 'wl.updated': 'Last changed {d}.',
  },
});

const EFFECTIVE_HOURS = 1250; // the default policy; the API's answer says which one it used

/** hoursOf is a task's hours a year: volume × minutes ÷ 60 (blank counts as 0). */
const hoursOf = (x) => ((Number(x.yearlyVolume) || 0) * (Number(x.standardMinutes) || 0)) / 60;

function PositionRow({ p, agency }) {
  const id = p.position.replace(/^positions\//, '');
  return html`<li class="pl-pos" data-test="position" data-position=${p.position} data-need=${p.need} data-holders=${p.holders} data-gap=${p.gap}>
    <div class="pl-pos-main">
      <${Link} href=${`/beban-kerja?agency=${encodeURIComponent(agency)}&jabatan=${encodeURIComponent(id)}`} aria-label=${t('wl.open', { title: p.title })} data-test="position-open">${p.title}</${Link}>
      <span class="muted pl-small">${pl('pkind', p.kind)}${p.class ? ` · ${p.class}` : ''}${p.level ? ` · ${p.level.replace(/_/g, ' ')}` : ''}</span>
    </div>
    <dl class="pl-figs">
      <div><dt>${t('pl.need')}</dt><dd>${fmtNumber(p.need || 0)} <span class="muted pl-small">${p.fromWorkload ? t('wl.fromWl') : t('wl.typed')}</span></dd></div>
      <div><dt>${t('pl.holders')}</dt><dd>${fmtNumber(p.holders || 0)}</dd></div>
      <div><dt>${t('pl.gap')}</dt><dd><${Gap} gap=${p.gap} /></dd></div>
    </dl>
  </li>`;
}

function PositionMap({ agency }) {
  const state = useAsync(() => get(`/v1/agencies/${encodeURIComponent(agency)}/positionMap`).then((r) => r.positionMap || r), [agency]);
  return html`<div data-test="position-map"><${PlAsync} state=${state}>${(m) => html`
    <${Card} title=${t('wl.map', { agency: m.displayName || agency })} actions=${html`<${DownloadLink} href=${`/v1/agencies/${encodeURIComponent(agency)}/positionMap:csv`}>${t('wl.csv')}</${DownloadLink}>`}>
      <div class="stats" data-test="map-totals" data-need=${m.need || 0} data-holders=${m.holders || 0} data-gap=${m.gap || 0}>
        <${Stat} label=${t('pl.need')} value=${fmtNumber(m.need || 0)} />
        <${Stat} label=${t('pl.holders')} value=${fmtNumber(m.holders || 0)} />
        <${Stat} label=${t('pl.gap')} value=${html`<${Gap} gap=${m.gap} />`} kind=${(m.gap || 0) > 0 ? 'bad' : (m.gap || 0) < 0 ? 'warn' : 'ok'} />
        <${Stat} label=${t('wl.withWl')} value=${`${fmtNumber(m.positionsWithWorkload || 0)} / ${fmtNumber((m.positionsWithWorkload || 0) + (m.positionsWithoutWorkload || 0))}`} />
      </div>
      ${m.date ? html`<p class="hint">${t('wl.asOf', { d: fmtDate(m.date) })}</p>` : null}
    </${Card}>
    ${(m.units || []).map((u) => html`<${Card} key=${u.unit} title=${u.displayName || u.unit}>
      <div class="pl-unit" data-test="unit" data-unit=${u.unit}>
        <p class="pl-unit-sum">${t('pl.need')} <strong>${fmtNumber(u.need || 0)}</strong> · ${t('pl.holders')} <strong>${fmtNumber(u.holders || 0)}</strong> · ${t('pl.gap')} <${Gap} gap=${u.gap} /></p>
        ${(u.positions || []).length ? html`<ul class="pl-positions">${u.positions.map((p) => html`<${PositionRow} key=${p.position} p=${p} agency=${agency} />`)}</ul>`
          : html`<p class="empty">${t('wl.noPositions')}</p>`}
      </div></${Card}>`)}
  `}</${PlAsync}></div>`;
}

const blankTask = () => ({ task: '', outputUnit: '', yearlyVolume: '', standardMinutes: '' });

function TaskRow({ i, x, set, remove, error, readOnly, count }) {
  const f = (k) => (v) => set({ ...x, [k]: v });
  const e = (snake) => errAt(error, `tasks[${i}].${snake}`);
  return html`<fieldset class=${'pl-task' + (e('task') || e('output_unit') || e('yearly_volume') || e('standard_minutes') ? ' field-invalid' : '')} data-test="task" data-n=${i}>
    <legend>${t('wl.taskN', { n: i + 1 })}</legend>
    <${Input} label=${t('wl.task')} name=${`tasks[${i}].task`} value=${x.task} onValue=${f('task')} required maxlength="300" disabled=${readOnly} error=${e('task')} data-test="task-text" />
    <div class="pl-task-nums">
      <${Input} label=${t('wl.unit')} name=${`tasks[${i}].output_unit`} value=${x.outputUnit} onValue=${f('outputUnit')} required maxlength="100" disabled=${readOnly} error=${e('output_unit')} data-test="task-unit" />
      <${Input} label=${t('wl.volume')} name=${`tasks[${i}].yearly_volume`} type="number" inputmode="numeric" min="1" step="1" value=${x.yearlyVolume} onValue=${f('yearlyVolume')} required disabled=${readOnly} error=${e('yearly_volume')} data-test="task-volume" />
      <${Input} label=${t('wl.minutes')} name=${`tasks[${i}].standard_minutes`} type="number" inputmode="numeric" min="1" step="1" value=${x.standardMinutes} onValue=${f('standardMinutes')} required disabled=${readOnly} error=${e('standard_minutes')} data-test="task-minutes" />
    </div>
    <p class="pl-task-hours" data-test="task-hours" data-hours=${hoursOf(x)}>${t('wl.hours', { h: fmtNumber(hoursOf(x), 1) })}</p>
    ${readOnly || count < 2 ? null : html`<${Button} kind="ghost" onClick=${remove} data-test="task-remove">${t('wl.removeTask', { n: i + 1 })}</${Button}>`}
  </fieldset>`;
}

function Editor({ id, agency }) {
  const name = `positions/${id}`;
  const [stored, setStored] = useState(null);
  const [tasks, setTasks] = useState(null);
  const [loadErr, setLoadErr] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const readOnly = !mayDraft();
  const take = (w) => {
    setStored(w);
    setTasks((w.tasks || []).length ? w.tasks.map((x) => ({ task: x.task || '', outputUnit: x.outputUnit || '', yearlyVolume: String(x.yearlyVolume ?? ''), standardMinutes: String(x.standardMinutes ?? '') })) : [blankTask()]);
  };
  useEffect(() => {
    let live = true;
    get(`/v1/${name}/workload`).then((r) => live && take(r.workload || r), (e) => {
      if (!live) return;
      if (e instanceof ApiError && e.status === 404) { setStored({}); setTasks([blankTask()]); } else setLoadErr(e);
    });
    return () => { live = false; };
  }, [name]);
  if (loadErr) return html`<${PlError} error=${loadErr} test="workload-error" />`;
  if (!tasks) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
  const eff = stored?.effectiveHours || EFFECTIVE_HOURS;
  const total = tasks.reduce((a, x) => a + hoursOf(x), 0);
  const exact = total / eff;
  const minutes = tasks.reduce((a, x) => a + (Number(x.yearlyVolume) || 0) * (Number(x.standardMinutes) || 0), 0);
  const need = roundNeed(minutes, eff);
  const save = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const body = {
        tasks: tasks.map((x) => ({ task: x.task.trim(), outputUnit: x.outputUnit.trim(), yearlyVolume: x.yearlyVolume === '' ? 0 : Number(x.yearlyVolume), standardMinutes: x.standardMinutes === '' ? 0 : Number(x.standardMinutes) })),
        etag: stored?.etag || undefined,
      };
      const r = await request('PUT', `/v1/${name}/workload`, body);
      const w = r.workload || r;
      take(w);
      toast(t('wl.saved', { need: fmtNumber(w.need || 0) }), 'ok');
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${save} novalidate class="pl-stack" data-test="workload-form">
    <${Card} title=${stored?.title || name}>
      <p class="muted">${[stored?.agency || agency, stored?.unit].filter(Boolean).join(' · ')}</p>
      ${!stored?.etag && !readOnly ? html`<p class="hint" data-test="workload-none">${t('wl.none')}</p>` : null}
      ${readOnly ? html`<p class="hint">${t('wl.readonly')}</p>` : null}
      ${stored?.etag ? html`<div class="stats" data-test="workload-stored" data-need=${stored.need || 0} data-holders=${stored.holders || 0} data-gap=${stored.gap || 0} data-need-exact=${stored.needExact || 0}>
        <${Stat} label=${`${t('pl.need')} (${t('wl.stored')})`} value=${t('wl.people', { n: fmtNumber(stored.need || 0) })} />
        <${Stat} label=${t('pl.holders')} value=${fmtNumber(stored.holders || 0)} />
        <${Stat} label=${t('pl.gap')} value=${html`<${Gap} gap=${stored.gap} />`} kind=${(stored.gap || 0) > 0 ? 'bad' : (stored.gap || 0) < 0 ? 'warn' : 'ok'} />
      </div>
      ${stored.updateTime ? html`<p class="hint">${t('wl.updated', { d: fmtDate(stored.updateTime) })}</p>` : null}` : null}
    </${Card}>
    <${Card} title=${t('wl.tasks')}>
      <div class="pl-stack">
        ${tasks.map((x, i) => html`<${TaskRow} key=${i} i=${i} x=${x} count=${tasks.length} readOnly=${readOnly} error=${error}
          set=${(v) => setTasks(tasks.map((y, j) => (j === i ? v : y)))} remove=${() => setTasks(tasks.filter((_, j) => j !== i))} />`)}
        ${readOnly ? null : html`<div><${Button} kind="secondary" onClick=${() => setTasks([...tasks, blankTask()])} data-test="task-add">${t('wl.addTask')}</${Button}></div>`}
      </div>
    </${Card}>
    <${Card} title=${t('wl.preview')}>
      <div class="stats" aria-live="polite" data-test="workload-live" data-total-hours=${total} data-need-exact=${exact} data-need=${need}>
        <${Stat} label=${t('wl.total')} value=${fmtNumber(total, 1)} />
        <${Stat} label=${t('wl.effective')} value=${fmtNumber(eff)} />
        <${Stat} label=${t('wl.exact')} value=${fmtNumber(exact, 2)} />
        <${Stat} label=${t('wl.preview')} value=${t('wl.people', { n: fmtNumber(need) })} kind="info" />
        ${stored?.etag ? html`<${Stat} label=${t('wl.gapPreview')} value=${html`<${Gap} gap=${need - (stored.holders || 0)} />`} />` : null}
      </div>
      <p class="hint">${t('wl.previewHint', { eff: fmtNumber(eff) })}</p>
      <${PlError} error=${error} fields=${tasks.flatMap((_, i) => ['task', 'output_unit', 'yearly_volume', 'standard_minutes'].map((f) => `tasks[${i}].${f}`))} test="workload-save-error" />
      ${readOnly ? null : html`<div class="actions"><${Button} type="submit" busy=${busy} data-test="workload-save">${t('wl.save')}</${Button}></div>`}
    </${Card}>
  </form>`;
}

/** Workload is the /beban-kerja screen. */
export default function Workload({ session, query }) {
  useLang();
  const [agency, setAgency] = useState(query.get('agency') || (pickAgency() ? '' : session.agency || ''));
  const position = validId(query.get('jabatan')) ? query.get('jabatan') : '';
  const choose = (a) => { setAgency(a); setQuery({ agency: a }); };
  return html`<${Page} title=${t('wl.title')} wide>
    ${position ? html`<div class="pl-stack">
        <p><${Link} href=${`/beban-kerja${agency ? `?agency=${encodeURIComponent(agency)}` : ''}`} data-test="workload-back">${t('wl.back')}</${Link}></p>
        <h2 class="h3">${t('wl.editor')}</h2>
        <${Editor} key=${position} id=${position} agency=${agency} />
      </div>`
      : html`<div class="pl-stack">
        ${pickAgency() ? html`<${Card}><${AgencyPicker} value=${agency} onValue=${choose} test="workload-agency" /></${Card}>` : null}
        <${HeadGate}>${agency ? html`<${PositionMap} key=${agency} agency=${agency} />` : html`<${Card}><p class="empty">${t('wl.pick')}</p></${Card}>`}</${HeadGate}>
      </div>`}
  </${Page}>`;
}

// navigate is kept for screens that open a position from elsewhere (the plan's fill-rate target).
export const openPosition = (agency, id) => navigate(`/beban-kerja?agency=${encodeURIComponent(agency)}&jabatan=${encodeURIComponent(id)}`);
