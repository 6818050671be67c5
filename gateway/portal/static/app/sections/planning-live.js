// planning-live.js: a work plan's live page (/rencana/{id}, issue 12 §2 and §4). Each target is a
// card: its value against its goal, the status against the linear path from its baseline to the
// goal on its due date (Sesuai jalur / Berisiko / Keluar jalur / Tercapai), the monthly trend with
// that path (GET …/targets/{key}/progress) as a small chart, and the events behind the value
// (…/evidence). Actions with their owner, due date and state ("Tandai selesai" for the owner and
// HR), the budget, the workflow (submit; city HR approves or returns with a comment; revise;
// close) and the versions. The page is pushed, not polled: it reads the plan's stream
// (GET /v1/workPlans/{id}:watch, planning-common's useWatch) and redraws as targets are measured
// anew, with a "Langsung" indicator while the stream is open.
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, fmtDate, fmtTime, locale } from '../i18n.js';
import { get, post } from '../api.js';
import { Page, Card, useAsync, Button, TextArea, Table, toast } from '../ui.js';
import { Link } from '../router.js';
import { PlAsync, PlError, PlanBadge, StatusBadge, ActionBadge, LiveDot, useWatch, errAt, mayDraft, cityHR, pl, fmtValue, fmtRupiah, validId } from './_shared/planning-common.js';
import { editable } from './planning-plans.js';

addMessages({
  id: {
    'lv.back': '← Semua rencana', 'lv.version': 'Versi {v}', 'lv.inForce': 'versi berlaku {v}', 'lv.notApproved': 'Belum disetujui: target mulai diukur setelah BKPSDM menyetujui.',
    'lv.comment': 'Catatan BKPSDM: {c}', 'lv.edit': 'Ubah rencana', 'lv.targets': 'Target', 'lv.noTargets': 'Rencana ini belum punya target.',
    'lv.value': 'Nilai sekarang', 'lv.goal': 'Sasaran {v}', 'lv.expected': 'Jalur: {v} saat ini', 'lv.due': 'Tenggat {d}', 'lv.baseline': 'Awal {v}',
    'lv.measured': 'Diukur {d} {time}', 'lv.chart': 'Tren bulanan {title}: nilai dan jalur linear ke sasaran', 'lv.chart.table': 'Tabel tren',
    'lv.month': 'Bulan', 'lv.valueCol': 'Nilai', 'lv.pathCol': 'Jalur', 'lv.legend.value': 'Nilai', 'lv.legend.path': 'Jalur linear', 'lv.legend.goal': 'Sasaran',
    'lv.evidence': 'Bukti di balik nilai ini', 'lv.noEvidence': 'Belum ada kejadian tercatat.', 'lv.lower': 'makin kecil makin baik',
    'lv.actions': 'Kegiatan', 'lv.noActions': 'Belum ada kegiatan.', 'lv.owner': 'Penanggung jawab: {who}', 'lv.done': 'Tandai selesai', 'lv.doneNote': 'Catatan penyelesaian',
    'lv.doneSaved': 'Kegiatan ditandai selesai.', 'lv.doneAt': 'Selesai {d}', 'lv.budget': 'Anggaran', 'lv.b.desc': 'Uraian', 'lv.b.goal': 'Sasaran', 'lv.b.source': 'Sumber', 'lv.b.amount': 'Jumlah',
    'lv.b.total': 'Jumlah: {total}', 'lv.goals': 'Sasaran', 'lv.workflow': 'Alur persetujuan', 'lv.submit': 'Ajukan ke BKPSDM', 'lv.approve': 'Setujui', 'lv.return': 'Kembalikan',
    'lv.revise': 'Revisi rencana', 'lv.close': 'Tutup rencana', 'lv.commentLabel': 'Catatan', 'lv.reasonLabel': 'Alasan revisi', 'lv.returnHint': '3 sampai 2.000 karakter.',
    'lv.done.submit': 'Rencana diajukan.', 'lv.done.approve': 'Rencana disetujui.', 'lv.done.return': 'Rencana dikembalikan.', 'lv.done.revise': 'Rencana dibuka untuk revisi.',
    'lv.done.close': 'Rencana ditutup.', 'lv.versions': 'Riwayat versi', 'lv.v.change': 'Perubahan', 'lv.v.actor': 'Oleh', 'lv.v.time': 'Waktu',
    'lv.change.created': 'dibuat', 'lv.change.updated': 'diubah', 'lv.change.submitted': 'diajukan', 'lv.change.returned': 'dikembalikan', 'lv.change.approved': 'disetujui',
    'lv.change.started': 'mulai berjalan', 'lv.change.revised': 'direvisi', 'lv.change.closed': 'ditutup', 'lv.change.action_completed': 'kegiatan selesai',
    'lv.updated': 'Diperbarui {time}', 'lv.nothing': 'Tidak ada langkah untuk peran Anda pada keadaan ini.',
  },
  en: {
    'lv.back': '← All plans', 'lv.version': 'Version {v}', 'lv.inForce': 'version {v} in force', 'lv.notApproved': 'Not approved yet: targets are measured once city HR approves.',
    'lv.comment': 'City HR\'s comment: {c}', 'lv.edit': 'Edit the plan', 'lv.targets': 'Targets', 'lv.noTargets': 'This plan has no target yet.',
    'lv.value': 'Value now', 'lv.goal': 'Goal {v}', 'lv.expected': 'Path: {v} by now', 'lv.due': 'Due {d}', 'lv.baseline': 'Baseline {v}',
    'lv.measured': 'Measured {d} {time}', 'lv.chart': 'Monthly trend of {title}: value and the linear path to the goal', 'lv.chart.table': 'Trend table',
    'lv.month': 'Month', 'lv.valueCol': 'Value', 'lv.pathCol': 'Path', 'lv.legend.value': 'Value', 'lv.legend.path': 'Linear path', 'lv.legend.goal': 'Goal',
    'lv.evidence': 'Evidence behind this value', 'lv.noEvidence': 'No event recorded yet.', 'lv.lower': 'lower is better',
    'lv.actions': 'Actions', 'lv.noActions': 'No action yet.', 'lv.owner': 'Owner: {who}', 'lv.done': 'Mark done', 'lv.doneNote': 'What was done',
    'lv.doneSaved': 'Action marked done.', 'lv.doneAt': 'Done {d}', 'lv.budget': 'Budget', 'lv.b.desc': 'Description', 'lv.b.goal': 'Goal', 'lv.b.source': 'Source', 'lv.b.amount': 'Amount',
    'lv.b.total': 'Total: {total}', 'lv.goals': 'Goals', 'lv.workflow': 'Approval', 'lv.submit': 'Submit to city HR', 'lv.approve': 'Approve', 'lv.return': 'Return',
    'lv.revise': 'Revise the plan', 'lv.close': 'Close the plan', 'lv.commentLabel': 'Comment', 'lv.reasonLabel': 'Why revise', 'lv.returnHint': '3 to 2,000 characters.',
    'lv.done.submit': 'Plan submitted.', 'lv.done.approve': 'Plan approved.', 'lv.done.return': 'Plan returned.', 'lv.done.revise': 'Plan opened for revision.',
    'lv.done.close': 'Plan closed.', 'lv.versions': 'Versions', 'lv.v.change': 'Change', 'lv.v.actor': 'By', 'lv.v.time': 'When',
    'lv.change.created': 'created', 'lv.change.updated': 'changed', 'lv.change.submitted': 'submitted', 'lv.change.returned': 'returned', 'lv.change.approved': 'approved',
    'lv.change.started': 'started', 'lv.change.revised': 'revised', 'lv.change.closed': 'closed', 'lv.change.action_completed': 'action done',
    'lv.updated': 'Updated {time}', 'lv.nothing': 'No step for your role in this state.',
  },
});

const running = (s) => s === 'WORK_PLAN_STATE_APPROVED' || s === 'WORK_PLAN_STATE_IN_PROGRESS';
const monthLabel = (m) => new Intl.DateTimeFormat(locale(), { month: 'short', timeZone: 'UTC' }).format(new Date(m + '-01T00:00:00Z'));

/** TrendChart draws the monthly values (solid) against the linear path (dashed) and the goal
 * (dotted) as a small SVG that scales with its card; the figures are in a table under it. */
function TrendChart({ points, target }) {
  if (!points.length) return null;
  const W = 320, H = 120, L = 34, R = 8, T = 8, B = 20;
  // The months from the first measured one to the due date's: the path runs on to the goal.
  const months = [points[0].month];
  const dueMonth = (target.dueDate || '').slice(0, 7);
  const last = dueMonth > points[points.length - 1].month ? dueMonth : points[points.length - 1].month;
  while (months[months.length - 1] < last && months.length < 24) {
    const [yy, mm] = months[months.length - 1].split('-').map(Number);
    months.push(mm === 12 ? `${yy + 1}-01` : `${yy}-${String(mm + 1).padStart(2, '0')}`);
  }
  const at = (m) => Math.max(0, months.indexOf(m));
  const ys = [...points.flatMap((p) => [p.value || 0, p.expected || 0]), target.goalValue || 0, target.baseline || 0];
  const max = Math.max(1, ...ys) * 1.08, min = Math.min(0, ...ys);
  const x = (i) => L + (months.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (months.length - 1));
  const y = (v) => T + (H - T - B) * (1 - ((v || 0) - min) / (max - min));
  const path = [...points.map((p) => [at(p.month), p.expected]), ...(dueMonth > points[points.length - 1].month ? [[at(dueMonth), target.goalValue]] : [])];
  const line = (k) => (k === 'expected' ? path.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`) : points.map((p) => `${x(at(p.month)).toFixed(1)},${y(p.value).toFixed(1)}`)).join(' ');
  const fmt = (v) => fmtValue(v, target.unit);
  return html`<figure class="pl-trend" data-test="trend" data-points=${points.length}>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${t('lv.chart', { title: target.title })} preserveAspectRatio="xMidYMid meet">
      <line x1=${L} x2=${W - R} y1=${y(target.goalValue)} y2=${y(target.goalValue)} class="pl-trend-goal" />
      <line x1=${L} x2=${L} y1=${T} y2=${H - B} class="pl-trend-axis" />
      <line x1=${L} x2=${W - R} y1=${H - B} y2=${H - B} class="pl-trend-axis" />
      <text x=${L - 4} y=${y(max / 1.08) + 4} class="pl-trend-tick" text-anchor="end">${fmtNumber(max / 1.08, 0)}</text>
      <text x=${L - 4} y=${y(min) + 4} class="pl-trend-tick" text-anchor="end">${fmtNumber(min, 0)}</text>
      <polyline points=${line('expected')} class="pl-trend-path" />
      <polyline points=${line('value')} class="pl-trend-value" />
      ${points.map((p) => html`<circle cx=${x(at(p.month))} cy=${y(p.value)} r="3" class="pl-trend-dot" />`)}
      ${months.map((m, i) => (months.length <= 6 || i % 2 === 0 || i === months.length - 1 ? html`<text x=${x(i)} y=${H - 6} class="pl-trend-tick" text-anchor="middle">${monthLabel(m)}</text>` : null))}
    </svg>
    <figcaption class="pl-legend pl-small"><span><span class="pl-key pl-key-value"></span>${t('lv.legend.value')}</span>
      <span><span class="pl-key pl-key-path"></span>${t('lv.legend.path')}</span><span><span class="pl-key pl-key-goal"></span>${t('lv.legend.goal')}</span></figcaption>
    <details class="pl-small"><summary>${t('lv.chart.table')}</summary>
      <${Table} rows=${points} rowKey=${(p) => p.month} columns=${[
        { key: 'month', label: t('lv.month'), render: (p) => fmtDate(p.month + '-01', { style: 'month' }) },
        { key: 'value', label: t('lv.valueCol'), num: true, render: (p) => fmt(p.value) },
        { key: 'expected', label: t('lv.pathCol'), num: true, render: (p) => fmt(p.expected) },
        { key: 'status', label: '', render: (p) => pl('status', p.status || 'TARGET_STATUS_UNSPECIFIED') },
      ]} /></details>
  </figure>`;
}

function Evidence({ name }) {
  const [open, setOpen] = useState(false);
  const list = useAsync(() => (open ? get(`/v1/${name}/evidence`, { pageSize: 50 }).then((r) => r.evidence || []) : Promise.resolve([])), [open, name]);
  return html`<details class="pl-evidence" onToggle=${(e) => setOpen(e.currentTarget.open)} data-test="evidence">
    <summary>${t('lv.evidence')}</summary>
    ${open ? html`<${PlAsync} state=${list}>${(xs) => (xs.length ? html`<ul class="pl-evidence-list">${xs.map((x) => html`<li data-test="evidence-item">
      <span>${x.detail || x.subject}</span> <span class="muted pl-small">${x.employee ? `NIP ${x.employee} · ` : ''}${fmtDate(x.occurTime, { style: 'short' })} ${fmtTime(x.occurTime)} · <code>${x.subject}</code></span></li>`)}</ul>`
      : html`<p class="empty">${t('lv.noEvidence')}</p>`)}</${PlAsync}>` : null}
  </details>`;
}

function TargetCard({ plan, x }) {
  const name = `${plan.name}/targets/${x.key}`;
  const measured = running(plan.state) || plan.approvedVersion > 0;
  // The trend is read again whenever the stream brings a new measurement of this target.
  const progress = useAsync(() => (measured ? get(`/v1/${name}/progress`).then((r) => (r.progress || r).points || []) : Promise.resolve([])), [name, x.value, x.measureTime, measured]);
  const share = x.goalValue ? Math.max(0, Math.min(1, (x.value || 0) / x.goalValue)) : 0;
  return html`<li class=${'pl-target pl-target-' + String(x.status || 'TARGET_STATUS_UNSPECIFIED').replace('TARGET_STATUS_', '').toLowerCase()}
      data-test="target" data-key=${x.key} data-kind=${x.kind} data-value=${x.value ?? 0} data-goal=${x.goalValue ?? 0} data-status=${x.status || 'TARGET_STATUS_UNSPECIFIED'}>
    <div class="pl-target-head"><h3 class="pl-target-title">${x.title}</h3><${StatusBadge} s=${x.status} /></div>
    <p class="muted pl-small">${pl('kind', x.kind)}${x.lowerIsBetter ? ` (${t('lv.lower')})` : ''} · ${t('lv.due', { d: fmtDate(x.dueDate, { style: 'short' }) })}</p>
    <p class="pl-target-value"><span class="pl-big" data-test="target-value">${fmtValue(x.value, x.unit)}</span> <span class="muted">/ ${t('lv.goal', { v: fmtValue(x.goalValue, x.unit) })}</span></p>
    ${!x.lowerIsBetter ? html`<div class="pl-meter" role="presentation"><span style=${`width:${(share * 100).toFixed(1)}%`}></span></div>` : null}
    ${measured ? html`<p class="pl-small">${t('lv.expected', { v: fmtValue(x.expected, x.unit) })} · ${t('lv.baseline', { v: fmtValue(x.baseline, x.unit) })}
      ${x.measureTime ? html` · <span class="muted">${t('lv.measured', { d: fmtDate(x.measureTime, { style: 'short' }), time: fmtTime(x.measureTime) })}</span>` : null}</p>` : null}
    ${measured ? html`<${PlAsync} state=${progress}>${(points) => html`<${TrendChart} points=${points} target=${x} />`}</${PlAsync}>` : null}
    ${measured ? html`<${Evidence} name=${name} />` : null}
  </li>`;
}

function ActionItem({ plan, a, session, onPlan }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const mine = session?.nip && session.nip === a.owner;
  const may = running(plan.state) && a.state !== 'ACTION_STATE_DONE' && (mine || mayDraft());
  const done = async () => {
    setBusy(true); setError(null);
    try {
      const r = await post(`/v1/${plan.name}/actions/${encodeURIComponent(a.key)}:complete`, { note: note.trim() || undefined });
      toast(t('lv.doneSaved'), 'ok'); setOpen(false); onPlan(r.workPlan || r);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<li class="pl-action" data-test="action" data-key=${a.key} data-state=${a.state}>
    <div class="pl-target-head"><strong>${a.title}</strong><${ActionBadge} s=${a.state} /></div>
    <p class="muted pl-small">${t('lv.owner', { who: a.ownerDisplayName ? `${a.ownerDisplayName} (${a.owner})` : a.owner })} · ${t('lv.due', { d: fmtDate(a.dueDate, { style: 'short' }) })}
      ${a.doneTime ? ` · ${t('lv.doneAt', { d: fmtDate(a.doneTime, { style: 'short' }) })}` : ''}</p>
    ${a.doneNote ? html`<p class="pl-small">${a.doneNote}</p>` : null}
    ${may && !open ? html`<${Button} kind="secondary" onClick=${() => setOpen(true)} data-test="action-done">${t('lv.done')}</${Button}>` : null}
    ${open ? html`<div class="pl-stack"><${TextArea} label=${t('lv.doneNote')} name="note" value=${note} onValue=${setNote} maxlength="2000" error=${errAt(error, 'note')} data-test="action-note" />
      <${PlError} error=${error} fields=${['note']} /><div class="actions"><${Button} busy=${busy} onClick=${done} data-test="action-done-save">${t('lv.done')}</${Button}>
      <${Button} kind="ghost" onClick=${() => setOpen(false)}>${t('common.cancel')}</${Button}></div></div>` : null}
  </li>`;
}

function Workflow({ plan, onPlan }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const s = plan.state;
  const act = (verb, body) => async () => {
    setBusy(verb); setError(null);
    try {
      const r = await post(`/v1/${plan.name}:${verb}`, { etag: plan.etag, ...body });
      toast(t('lv.done.' + verb), 'ok'); setText(''); onPlan(r.workPlan || r);
    } catch (x) { setError(x); } finally { setBusy(''); }
  };
  const steps = [];
  if (mayDraft() && editable(s)) steps.push(html`<${Button} busy=${busy === 'submit'} onClick=${act('submit', {})} data-test="plan-submit">${t('lv.submit')}</${Button}>`);
  if (cityHR() && s === 'WORK_PLAN_STATE_SUBMITTED') {
    steps.push(html`<${Button} busy=${busy === 'approve'} onClick=${act('approve', { comment: text.trim() || undefined })} data-test="plan-approve">${t('lv.approve')}</${Button}>`);
    steps.push(html`<${Button} kind="secondary" busy=${busy === 'return'} onClick=${act('return', { comment: text.trim() })} data-test="plan-return">${t('lv.return')}</${Button}>`);
  }
  if (mayDraft() && running(s)) steps.push(html`<${Button} kind="secondary" busy=${busy === 'revise'} onClick=${act('revise', { reason: text.trim() })} data-test="plan-revise">${t('lv.revise')}</${Button}>`);
  if (mayDraft() && s !== 'WORK_PLAN_STATE_CLOSED' && (cityHR() || running(s))) steps.push(html`<${Button} kind="ghost" busy=${busy === 'close'} onClick=${act('close', { comment: text.trim() || undefined })} data-test="plan-close">${t('lv.close')}</${Button}>`);
  const needsText = (cityHR() && s === 'WORK_PLAN_STATE_SUBMITTED') || (mayDraft() && (running(s) || cityHR()) && s !== 'WORK_PLAN_STATE_CLOSED');
  return html`<${Card} title=${t('lv.workflow')}><div class="pl-stack" data-test="workflow">
    ${!steps.length ? html`<p class="hint">${t('lv.nothing')}</p>` : null}
    ${steps.length && needsText ? html`<${TextArea} label=${running(s) && !cityHR() ? t('lv.reasonLabel') : t('lv.commentLabel')} name="comment" value=${text} onValue=${setText} maxlength="2000"
      hint=${t('lv.returnHint')} error=${errAt(error, 'comment') || errAt(error, 'reason')} data-test="plan-comment" />` : null}
    <${PlError} error=${error} fields=${['comment', 'reason']} test="workflow-error" />
    ${steps.length ? html`<div class="actions">${steps}</div>` : null}
  </div></${Card}>`;
}

function Versions({ name }) {
  const [open, setOpen] = useState(false);
  const list = useAsync(() => (open ? get(`/v1/${name}/versions`).then((r) => r.versions || []) : Promise.resolve([])), [open, name]);
  return html`<${Card}><details onToggle=${(e) => setOpen(e.currentTarget.open)} data-test="versions"><summary><strong>${t('lv.versions')}</strong></summary>
    ${open ? html`<${PlAsync} state=${list}>${(vs) => html`<${Table} rows=${vs} rowKey=${(v) => v.version} columns=${[
      { key: 'version', label: '#', num: true },
      { key: 'change', label: t('lv.v.change'), render: (v) => { const k = 'lv.change.' + v.change; const s = t(k); return s === k ? v.change : s; } },
      { key: 'state', label: '', render: (v) => html`<${PlanBadge} s=${v.workPlan?.state} />` },
      { key: 'actor', label: t('lv.v.actor') },
      { key: 'time', label: t('lv.v.time'), render: (v) => `${fmtDate(v.createTime, { style: 'short' })} ${fmtTime(v.createTime)}` },
    ]} />`}</${PlAsync}>` : null}</details></${Card}>`;
}

/** Live is the /rencana/:id screen. */
export default function Live({ params, session }) {
  useLang();
  const name = `workPlans/${params.id}`;
  const [plan, setPlan] = useState(null);
  const [at, setAt] = useState(null);
  const ok = validId(params.id);
  const first = useAsync(() => (ok ? get(`/v1/${name}`).then((r) => r.workPlan || r) : Promise.resolve(null)), [name]);
  useEffect(() => { if (first.data) { setPlan(first.data); setAt(new Date()); } }, [first.data]);
  const watch = useWatch(ok ? name : '', (p) => { setPlan(p); setAt(new Date()); });
  const take = (p) => { setPlan(p); setAt(new Date()); };
  const goalTitle = (k) => (plan?.goals || []).find((g) => g.key === k)?.title || k;
  return html`<${Page} title=${plan?.title || t('lv.targets')} wide actions=${html`<${LiveDot} live=${watch.live} />`}>
    <p><${Link} href="/rencana">${t('lv.back')}</${Link}></p>
    ${!ok ? html`<p class="empty" data-test="plan-missing">${t('error.notfound')}</p>` : !plan ? html`<${PlAsync} state=${first} test="plan-load-error">${() => null}</${PlAsync}>` : html`<div class="pl-stack" data-test="live-plan" data-name=${plan.name} data-state=${plan.state} data-version=${plan.version}>
      <${Card}>
        <div class="pl-target-head"><p><strong>${plan.agencyDisplayName || plan.agency || t('pl.city')}</strong> · ${plan.year}</p>
          <span><${PlanBadge} s=${plan.state} />${plan.illustrative ? html` <span class="badge badge-neutral">${t('pl.illustrative')}</span>` : null}</span></div>
        <p class="muted pl-small">${t('lv.version', { v: plan.version || 1 })}${plan.approvedVersion ? ` · ${t('lv.inForce', { v: plan.approvedVersion })}` : ''}${at ? ` · ${t('lv.updated', { time: fmtTime(at) })}` : ''}</p>
        ${!plan.approvedVersion ? html`<p class="hint">${t('lv.notApproved')}</p>` : null}
        ${plan.comment ? html`<p class="alert alert-info" data-test="plan-comment-shown">${t('lv.comment', { c: plan.comment })}</p>` : null}
        ${mayDraft() && editable(plan.state) ? html`<p><${Link} class="btn btn-secondary" href=${`/rencana/${params.id}/ubah`} data-test="plan-edit">${t('lv.edit')}</${Link}></p>` : null}
        ${(plan.goals || []).length ? html`<h2 class="h3">${t('lv.goals')}</h2><ul class="pl-goals">${plan.goals.map((g) => html`<li><strong>${g.title}</strong>${g.description ? html`<br /><span class="muted pl-small">${g.description}</span>` : null}</li>`)}</ul>` : null}
      </${Card}>
      <${Workflow} plan=${plan} onPlan=${take} />
      <${Card} title=${t('lv.targets')}>
        ${(plan.targets || []).length ? html`<ul class="pl-targets" data-test="targets">${plan.targets.map((x) => html`<${TargetCard} key=${x.key} plan=${plan} x=${x} />`)}</ul>` : html`<p class="empty">${t('lv.noTargets')}</p>`}
      </${Card}>
      <${Card} title=${t('lv.actions')}>
        ${(plan.actions || []).length ? html`<ul class="pl-actions" data-test="actions">${plan.actions.map((a) => html`<${ActionItem} key=${a.key} plan=${plan} a=${a} session=${session} onPlan=${take} />`)}</ul>` : html`<p class="empty">${t('lv.noActions')}</p>`}
      </${Card}>
      ${(plan.budgetLines || []).length ? html`<${Card} title=${t('lv.budget')}>
        <${Table} rows=${plan.budgetLines} rowKey=${(b) => b.key} columns=${[
          { key: 'description', label: t('lv.b.desc') }, { key: 'goal', label: t('lv.b.goal'), render: (b) => goalTitle(b.goal) },
          { key: 'source', label: t('lv.b.source') }, { key: 'amount', label: t('lv.b.amount'), num: true, render: (b) => fmtRupiah(b.amount) },
        ]} />
        <p data-test="budget-total-shown"><strong>${t('lv.b.total', { total: fmtRupiah(plan.budgetTotal) })}</strong></p></${Card}>` : null}
      <${Versions} name=${plan.name} />
    </div>`}
  </${Page}>`;
}

