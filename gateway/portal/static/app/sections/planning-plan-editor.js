// planning-plan-editor.js: the work plan editor (/rencana/{id}/ubah, /rencana/baru/ubah for a new
// one; issue 12 §2 and §4): the agency (city HR may leave it empty for the city plan), year and
// title; the goals; the targets under them — the kind chosen from the nine the services measure
// (never a value typed in), the goal value, the due date, and for the ICT-programme kind the
// programmes that count; the actions with their owner's NIP and due date; the budget lines. A new
// plan is created (POST /v1/workPlans), a draft or returned one changed whole
// (PATCH /v1/workPlans/{id} with its etag); the API's field errors sit next to their fields.
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber } from '../i18n.js';
import { get, post, patch, ApiError } from '../api.js';
import { Page, Card, Button, Input, Select, TextArea, toast } from '../ui.js';
import { Link, navigate } from '../router.js';
import { AgencyPicker } from './_shared/sv-common.js';
import { PlError, errAt, pickAgency, cityHR, pl, thisYear, TARGET_KINDS, percentKind, fmtRupiah, validId } from './_shared/planning-common.js';
import { editable } from './planning-plans.js';

addMessages({
  id: {
    'pe.new': 'Rencana kerja baru', 'pe.edit': 'Ubah rencana kerja', 'pe.back': '← Kembali ke rencana', 'pe.agency.city': '(kosong: rencana kota)',
    'pe.year': 'Tahun', 'pe.title': 'Judul rencana', 'pe.goals': 'Sasaran', 'pe.goal': 'Sasaran {n}', 'pe.goal.title': 'Judul sasaran', 'pe.goal.desc': 'Uraian',
    'pe.targets': 'Target terukur', 'pe.target': 'Target {n}', 'pe.t.title': 'Nama target', 'pe.t.kind': 'Jenis ukuran', 'pe.t.goal': 'Di bawah sasaran',
    'pe.t.value': 'Nilai sasaran', 'pe.t.valuePct': 'Persen, 0–100', 'pe.t.valueCount': 'Jumlah', 'pe.t.lower': 'Makin kecil makin baik.', 'pe.t.due': 'Tenggat',
    'pe.t.programmes': 'Program yang dihitung', 'pe.t.programmesHint': 'Nama sumber program dipisah koma, mis. programmes/tik-dasar.',
    'pe.t.measured': 'Nilainya diukur otomatis dari layanan sumber; tidak diketik.', 'pe.actions': 'Kegiatan', 'pe.action': 'Kegiatan {n}', 'pe.a.title': 'Kegiatan',
    'pe.a.owner': 'NIP penanggung jawab', 'pe.a.due': 'Tenggat', 'pe.budget': 'Anggaran', 'pe.line': 'Pos anggaran {n}', 'pe.b.desc': 'Uraian', 'pe.b.amount': 'Jumlah (Rp)',
    'pe.b.source': 'Sumber dana', 'pe.b.total': 'Jumlah anggaran: {total}', 'pe.add.goal': 'Tambah sasaran', 'pe.add.target': 'Tambah target', 'pe.add.action': 'Tambah kegiatan',
    'pe.add.line': 'Tambah pos anggaran', 'pe.remove': 'Hapus', 'pe.save': 'Simpan rencana', 'pe.created': 'Rencana dibuat (versi 1).', 'pe.saved': 'Rencana disimpan (versi {v}).',
    'pe.locked': 'Rencana ini tidak dapat diubah dalam keadaan {state}. Buka halaman rencana untuk merevisinya.', 'pe.pick': '— pilih —',
  },
  en: {
    'pe.new': 'New work plan', 'pe.edit': 'Edit the work plan', 'pe.back': '← Back to the plan', 'pe.agency.city': '(empty: the city plan)',
    'pe.year': 'Year', 'pe.title': 'Title', 'pe.goals': 'Goals', 'pe.goal': 'Goal {n}', 'pe.goal.title': 'Goal', 'pe.goal.desc': 'Description',
    'pe.targets': 'Measured targets', 'pe.target': 'Target {n}', 'pe.t.title': 'Target name', 'pe.t.kind': 'What is measured', 'pe.t.goal': 'Under goal',
    'pe.t.value': 'Goal value', 'pe.t.valuePct': 'Percent, 0–100', 'pe.t.valueCount': 'A count', 'pe.t.lower': 'Lower is better.', 'pe.t.due': 'Due date',
    'pe.t.programmes': 'Programmes that count', 'pe.t.programmesHint': 'Programme resource names separated by commas, e.g. programmes/tik-dasar.',
    'pe.t.measured': 'Its value is measured from the source service; never typed in.', 'pe.actions': 'Actions', 'pe.action': 'Action {n}', 'pe.a.title': 'Action',
    'pe.a.owner': 'Owner\'s NIP', 'pe.a.due': 'Due date', 'pe.budget': 'Budget', 'pe.line': 'Budget line {n}', 'pe.b.desc': 'Description', 'pe.b.amount': 'Amount (Rp)',
    'pe.b.source': 'Source of funds', 'pe.b.total': 'Budget total: {total}', 'pe.add.goal': 'Add a goal', 'pe.add.target': 'Add a target', 'pe.add.action': 'Add an action',
    'pe.add.line': 'Add a budget line', 'pe.remove': 'Remove', 'pe.save': 'Save the plan', 'pe.created': 'Plan created (version 1).', 'pe.saved': 'Plan saved (version {v}).',
    'pe.locked': 'This plan cannot be changed while {state}. Open the plan\'s page to revise it.', 'pe.pick': '— choose —',
  },
});

/** nextKey is the first "{prefix}{n}" not used by the list's keys. */
function nextKey(list, prefix) {
  const used = new Set(list.map((x) => x.key));
  for (let n = 1; ; n++) if (!used.has(prefix + n)) return prefix + n;
}

const fromPlan = (p) => ({
  agency: p.agency || '', year: String(p.year || thisYear()), title: p.title || '',
  goals: (p.goals || []).map((g) => ({ key: g.key, title: g.title || '', description: g.description || '' })),
  targets: (p.targets || []).map((x) => ({ key: x.key, goal: x.goal || '', title: x.title || '', kind: x.kind || '', goalValue: String(x.goalValue ?? ''), dueDate: x.dueDate || '', programmes: (x.programmes || []).join(', ') })),
  actions: (p.actions || []).map((a) => ({ key: a.key, goal: a.goal || '', title: a.title || '', owner: a.owner || '', dueDate: a.dueDate || '' })),
  budgetLines: (p.budgetLines || []).map((b) => ({ key: b.key, goal: b.goal || '', description: b.description || '', amount: String(b.amount ?? ''), source: b.source || '' })),
});

const toBody = (v) => ({
  title: v.title.trim(),
  goals: v.goals.map((g) => ({ key: g.key, title: g.title.trim(), description: g.description.trim() || undefined })),
  targets: v.targets.map((x) => ({ key: x.key, goal: x.goal, title: x.title.trim(), kind: x.kind || 'TARGET_KIND_UNSPECIFIED', goalValue: x.goalValue === '' ? 0 : Number(x.goalValue),
    dueDate: x.dueDate || undefined, programmes: x.kind === 'TARGET_KIND_PROGRAMME_PARTICIPANTS' ? x.programmes.split(',').map((s) => s.trim()).filter(Boolean) : [] })),
  actions: v.actions.map((a) => ({ key: a.key, goal: a.goal, title: a.title.trim(), owner: a.owner.trim(), dueDate: a.dueDate || undefined })),
  budgetLines: v.budgetLines.map((b) => ({ key: b.key, goal: b.goal, description: b.description.trim(), amount: b.amount === '' ? 0 : Number(b.amount), source: b.source.trim() || undefined })),
});

/** Part is one item of a list (a goal, target, action, budget line) as a fieldset with its remove button. */
const Part = ({ legend, test, n, onRemove, children, invalid }) => html`<fieldset class=${'pl-part' + (invalid ? ' field-invalid' : '')} data-test=${test} data-n=${n}>
  <legend>${legend}</legend>${children}
  <div><${Button} kind="ghost" onClick=${onRemove} data-test=${test + '-remove'}>${t('pe.remove')}</${Button}></div></fieldset>`;

function Form({ plan, onSaved }) {
  const isNew = !plan?.name;
  const [v, setV] = useState(() => (isNew ? { ...fromPlan({ agency: plan?.agency || '' }), goals: [{ key: 'g1', title: '', description: '' }] } : fromPlan(plan)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV((s) => ({ ...s, [k]: x }));
  const setItem = (list, i, k) => (x) => setV((s) => ({ ...s, [list]: s[list].map((y, j) => (j === i ? { ...y, [k]: x } : y)) }));
  const add = (list, item) => () => setV((s) => ({ ...s, [list]: [...s[list], item(s)] }));
  const remove = (list, i) => () => setV((s) => ({ ...s, [list]: s[list].filter((_, j) => j !== i) }));
  const e = (path) => errAt(error, path, `work_plan.${path}`);
  const goalOpts = [{ value: '', label: t('pe.pick') }, ...v.goals.map((g, i) => ({ value: g.key, label: g.title || t('pe.goal', { n: i + 1 }) }))];
  const firstGoal = (s) => s.goals[0]?.key || '';
  const total = v.budgetLines.reduce((a, b) => a + (Number(b.amount) || 0), 0);
  const placed = ['title', 'agency', 'year', ...['goals', 'targets', 'actions', 'budget_lines'].flatMap((l) => v[l === 'budget_lines' ? 'budgetLines' : l].map((_, i) => `${l}[${i}]`))];
  const save = async (ev) => {
    ev.preventDefault();
    setBusy(true); setError(null);
    try {
      let r;
      if (isNew) {
        r = await post('/v1/workPlans', { ...toBody(v), agency: v.agency || undefined, year: Number(v.year) || 0 });
        toast(t('pe.created'), 'ok');
      } else {
        r = await patch(`/v1/${plan.name}?updateMask=title,goals,targets,actions,budgetLines`, { ...toBody(v), name: plan.name, etag: plan.etag });
        toast(t('pe.saved', { v: (r.workPlan || r).version }), 'ok');
      }
      onSaved(r.workPlan || r);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  // A field error of a list item is shown on the item's fieldset and next to the field.
  const itemErr = (l, i) => error instanceof ApiError && Object.keys(error.fields).some((k) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()).includes(`${l}[${i}]`));
  return html`<form onSubmit=${save} novalidate class="pl-stack" data-test="plan-form">
    <${Card}>
      <div class="pl-stack">
        ${isNew ? html`<div class="grid grid-2">
          ${pickAgency() || cityHR() ? html`<div><${AgencyPicker} value=${v.agency} onValue=${set('agency')} allowAll test="plan-agency" /><p class="hint">${t('pe.agency.city')}</p></div>`
            : html`<${Input} label=${t('pl.agency')} name="agency" value=${v.agency || plan?.agency || ''} disabled />`}
          <${Input} label=${t('pe.year')} name="year" type="number" inputmode="numeric" min="2000" max="2100" value=${v.year} onValue=${set('year')} required error=${e('year')} data-test="plan-year" />
        </div>` : html`<p class="muted">${plan.agencyDisplayName || plan.agency || t('pl.city')} · ${plan.year}</p>`}
        <${Input} label=${t('pe.title')} name="title" value=${v.title} onValue=${set('title')} required maxlength="200" error=${e('title')} data-test="plan-title" />
      </div>
    </${Card}>
    <${Card} title=${t('pe.goals')}>
      <div class="pl-stack">
        ${v.goals.map((g, i) => html`<${Part} key=${g.key} legend=${t('pe.goal', { n: i + 1 })} test="goal" n=${i} onRemove=${remove('goals', i)} invalid=${itemErr('goals', i)}>
          <${Input} label=${t('pe.goal.title')} name=${`goals[${i}].title`} value=${g.title} onValue=${setItem('goals', i, 'title')} required maxlength="200" error=${e(`goals[${i}].title`) || e(`goals[${i}].key`)} data-test="goal-title" />
          <${TextArea} label=${t('pe.goal.desc')} name=${`goals[${i}].description`} value=${g.description} onValue=${setItem('goals', i, 'description')} maxlength="2000" error=${e(`goals[${i}].description`)} />
        </${Part}>`)}
        <div><${Button} kind="secondary" onClick=${add('goals', (s) => ({ key: nextKey(s.goals, 'g'), title: '', description: '' }))} data-test="goal-add">${t('pe.add.goal')}</${Button}></div>
      </div>
    </${Card}>
    <${Card} title=${t('pe.targets')}>
      <div class="pl-stack">
        <p class="hint">${t('pe.t.measured')}</p>
        ${v.targets.map((x, i) => html`<${Part} key=${x.key} legend=${t('pe.target', { n: i + 1 })} test="target-edit" n=${i} onRemove=${remove('targets', i)} invalid=${itemErr('targets', i)}>
          <${Input} label=${t('pe.t.title')} name=${`targets[${i}].title`} value=${x.title} onValue=${setItem('targets', i, 'title')} required maxlength="200" error=${e(`targets[${i}].title`) || e(`targets[${i}].key`)} data-test="target-title" />
          <div class="grid grid-2">
            <${Select} label=${t('pe.t.kind')} name=${`targets[${i}].kind`} value=${x.kind} onValue=${setItem('targets', i, 'kind')} required error=${e(`targets[${i}].kind`)} data-test="target-kind"
              options=${[{ value: '', label: t('pe.pick') }, ...TARGET_KINDS.map((k) => ({ value: k, label: pl('kind', k) }))]}
              hint=${x.kind === 'TARGET_KIND_UNEXCUSED_ABSENCE_DAYS' ? t('pe.t.lower') : undefined} />
            <${Select} label=${t('pe.t.goal')} name=${`targets[${i}].goal`} value=${x.goal} onValue=${setItem('targets', i, 'goal')} required options=${goalOpts} error=${e(`targets[${i}].goal`)} data-test="target-goal" />
            <${Input} label=${t('pe.t.value')} name=${`targets[${i}].goal_value`} type="number" inputmode="decimal" min="0" step="any" value=${x.goalValue} onValue=${setItem('targets', i, 'goalValue')} required
              hint=${x.kind ? t(percentKind(x.kind) ? 'pe.t.valuePct' : 'pe.t.valueCount') : undefined} error=${e(`targets[${i}].goal_value`)} data-test="target-value" />
            <${Input} label=${t('pe.t.due')} name=${`targets[${i}].due_date`} type="date" value=${x.dueDate} onValue=${setItem('targets', i, 'dueDate')} required error=${e(`targets[${i}].due_date`)} data-test="target-due" />
          </div>
          ${x.kind === 'TARGET_KIND_PROGRAMME_PARTICIPANTS' ? html`<${Input} label=${t('pe.t.programmes')} name=${`targets[${i}].programmes`} value=${x.programmes} onValue=${setItem('targets', i, 'programmes')}
            hint=${t('pe.t.programmesHint')} error=${e(`targets[${i}].programmes`)} data-test="target-programmes" />` : null}
        </${Part}>`)}
        <div><${Button} kind="secondary" onClick=${add('targets', (s) => ({ key: nextKey(s.targets, 't'), goal: firstGoal(s), title: '', kind: '', goalValue: '', dueDate: `${s.year || thisYear()}-12-31`, programmes: '' }))} data-test="target-add">${t('pe.add.target')}</${Button}></div>
      </div>
    </${Card}>
    <${Card} title=${t('pe.actions')}>
      <div class="pl-stack">
        ${v.actions.map((a, i) => html`<${Part} key=${a.key} legend=${t('pe.action', { n: i + 1 })} test="action-edit" n=${i} onRemove=${remove('actions', i)} invalid=${itemErr('actions', i)}>
          <${Input} label=${t('pe.a.title')} name=${`actions[${i}].title`} value=${a.title} onValue=${setItem('actions', i, 'title')} required maxlength="300" error=${e(`actions[${i}].title`) || e(`actions[${i}].key`)} data-test="action-title" />
          <div class="grid grid-3">
            <${Select} label=${t('pe.t.goal')} name=${`actions[${i}].goal`} value=${a.goal} onValue=${setItem('actions', i, 'goal')} required options=${goalOpts} error=${e(`actions[${i}].goal`)} />
            <${Input} label=${t('pe.a.owner')} name=${`actions[${i}].owner`} value=${a.owner} onValue=${setItem('actions', i, 'owner')} inputmode="numeric" maxlength="18" required error=${e(`actions[${i}].owner`)} data-test="action-owner" />
            <${Input} label=${t('pe.a.due')} name=${`actions[${i}].due_date`} type="date" value=${a.dueDate} onValue=${setItem('actions', i, 'dueDate')} required error=${e(`actions[${i}].due_date`)} data-test="action-due" />
          </div>
        </${Part}>`)}
        <div><${Button} kind="secondary" onClick=${add('actions', (s) => ({ key: nextKey(s.actions, 'a'), goal: firstGoal(s), title: '', owner: '', dueDate: '' }))} data-test="action-add">${t('pe.add.action')}</${Button}></div>
      </div>
    </${Card}>
    <${Card} title=${t('pe.budget')}>
      <div class="pl-stack">
        ${v.budgetLines.map((b, i) => html`<${Part} key=${b.key} legend=${t('pe.line', { n: i + 1 })} test="budget-edit" n=${i} onRemove=${remove('budgetLines', i)} invalid=${itemErr('budget_lines', i)}>
          <${Input} label=${t('pe.b.desc')} name=${`budget_lines[${i}].description`} value=${b.description} onValue=${setItem('budgetLines', i, 'description')} required maxlength="300" error=${e(`budget_lines[${i}].description`)} data-test="budget-desc" />
          <div class="grid grid-3">
            <${Select} label=${t('pe.t.goal')} name=${`budget_lines[${i}].goal`} value=${b.goal} onValue=${setItem('budgetLines', i, 'goal')} required options=${goalOpts} error=${e(`budget_lines[${i}].goal`)} />
            <${Input} label=${t('pe.b.amount')} name=${`budget_lines[${i}].amount`} type="number" inputmode="numeric" min="0" step="1" value=${b.amount} onValue=${setItem('budgetLines', i, 'amount')} required error=${e(`budget_lines[${i}].amount`)} data-test="budget-amount" />
            <${Input} label=${t('pe.b.source')} name=${`budget_lines[${i}].source`} value=${b.source} onValue=${setItem('budgetLines', i, 'source')} maxlength="100" error=${e(`budget_lines[${i}].source`)} />
          </div>
        </${Part}>`)}
        <p data-test="budget-total" data-total=${total}>${t('pe.b.total', { total: fmtRupiah(total) })}</p>
        <div><${Button} kind="secondary" onClick=${add('budgetLines', (s) => ({ key: nextKey(s.budgetLines, 'b'), goal: firstGoal(s), description: '', amount: '', source: 'APBD' }))} data-test="budget-add">${t('pe.add.line')}</${Button}></div>
      </div>
    </${Card}>
    <${PlError} error=${error} fields=${placed} test="plan-save-error" />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="plan-save">${t('pe.save')}</${Button}></div>
  </form>`;
}

/** PlanEditor is the /rencana/:id/ubah screen ("baru" for a new plan). */
export default function PlanEditor({ params, session }) {
  useLang();
  const isNew = params.id === 'baru';
  const [plan, setPlan] = useState(isNew ? { agency: pickAgency() ? '' : session.agency || '' } : null);
  const [error, setError] = useState(null);
  const ok = isNew || validId(params.id);
  useEffect(() => {
    if (isNew || !ok) return;
    get(`/v1/workPlans/${encodeURIComponent(params.id)}`).then((r) => setPlan(r.workPlan || r), setError);
  }, [params.id]);
  const saved = (p) => navigate(`/rencana/${p.name.replace(/^workPlans\//, '')}`);
  return html`<${Page} title=${isNew ? t('pe.new') : t('pe.edit')} wide>
    <p><${Link} href=${isNew ? '/rencana' : `/rencana/${params.id}`}>${t('pe.back')}</${Link}></p>
    ${!ok ? html`<p class="empty">${t('error.notfound')}</p>` : error ? html`<${PlError} error=${error} test="plan-load-error" />`
      : !plan ? html`<p class="loading" role="status">${t('common.loading')}</p>`
      : !isNew && !editable(plan.state) ? html`<p class="alert alert-warn" data-test="plan-locked">${t('pe.locked', { state: pl('state', plan.state) })}</p>`
      : html`<${Form} plan=${isNew ? { ...plan, name: '' } : plan} onSaved=${saved} />`}
  </${Page}>`;
}
