// planning-plans.js: "Rencana kerja" (/rencana, issue 12 §2 and §4): the staffing work plans of a
// year (GET /v1/workPlans?year=…&agency=…) with their state, version and targets at a glance;
// each opens its live page (/rencana/{id}); agency HR and city HR start a new plan in the editor
// (/rencana/baru/ubah). Agency HR and heads see their agency's plans and the city plan; city HR
// and auditors all (the API filters).
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, fmtDate } from '../i18n.js';
import { get, post } from '../api.js';
import { Page, Card, useAsync, Select, Input, Button, DownloadLink, toast } from '../ui.js';
import { Link } from '../router.js';
import { AgencyPicker, setQuery } from './_shared/sv-common.js';
import { PlAsync, PlError, PlanBadge, StatusBadge, HeadGate, errAt, mayDraft, pickAgency, thisYear } from './_shared/planning-common.js';

addMessages({
  id: {
    'pp.title': 'Rencana kerja', 'pp.year': 'Tahun', 'pp.new': 'Buat rencana baru', 'pp.none': 'Belum ada rencana kerja pada tahun ini.',
    'pp.version': 'Versi {v}', 'pp.approvedV': 'berlaku versi {v}', 'pp.targets': '{n} target', 'pp.open': 'Buka', 'pp.edit': 'Ubah',
    'pp.illustrative': 'Ilustrasi', 'pp.status': '{on} sesuai jalur · {risk} berisiko · {off} keluar jalur',
    'pp.reports': 'Laporan bulanan', 'pp.r.none': 'Belum ada laporan bulanan.', 'pp.r.month': 'Bulan', 'pp.r.generate': 'Buat laporan',
    'pp.r.monthHint': 'Kosong: bulan lalu.', 'pp.r.generated': 'Laporan {month} dibuat.', 'pp.r.by': 'dibuat {d} oleh {who}',
    'pp.r.csv': 'CSV', 'pp.r.html': 'HTML (cetak)', 'pp.r.pick': 'Pilih instansi untuk membuat laporan.',
  },
  en: {
    'pp.title': 'Work plans', 'pp.year': 'Year', 'pp.new': 'Create a new plan', 'pp.none': 'No work plan for this year yet.',
    'pp.version': 'Version {v}', 'pp.approvedV': 'version {v} in force', 'pp.targets': '{n} targets', 'pp.open': 'Open', 'pp.edit': 'Edit',
    'pp.illustrative': 'Illustrative', 'pp.status': '{on} on track · {risk} at risk · {off} off track',
    'pp.reports': 'Monthly reports', 'pp.r.none': 'No monthly report yet.', 'pp.r.month': 'Month', 'pp.r.generate': 'Generate the report',
    'pp.r.monthHint': 'Empty: last month.', 'pp.r.generated': 'Report of {month} generated.', 'pp.r.by': 'generated {d} by {who}',
    'pp.r.csv': 'CSV', 'pp.r.html': 'HTML (print)', 'pp.r.pick': 'Choose an agency to generate a report.',
  },
});

const idOf = (name) => String(name || '').replace(/^workPlans\//, '');
export const editable = (s) => s === 'WORK_PLAN_STATE_DRAFT' || s === 'WORK_PLAN_STATE_RETURNED';

function PlanItem({ p }) {
  const id = idOf(p.name);
  const ts = p.targets || [];
  const count = (s) => ts.filter((x) => x.status === s).length;
  return html`<li class="pl-plan" data-test="plan" data-name=${p.name} data-state=${p.state} data-agency=${p.agency || ''}>
    <div class="pl-plan-head">
      <${Link} href=${`/rencana/${id}`} data-test="plan-open"><strong>${p.title}</strong></${Link}>
      <${PlanBadge} s=${p.state} />${p.illustrative ? html` <span class="badge badge-neutral">${t('pp.illustrative')}</span>` : null}
    </div>
    <p class="muted pl-small">${p.agencyDisplayName || p.agency} · ${p.year} · ${t('pp.version', { v: p.version || 1 })}${p.approvedVersion ? ` (${t('pp.approvedV', { v: p.approvedVersion })})` : ''} · ${t('pp.targets', { n: fmtNumber(ts.length) })}</p>
    ${p.approvedVersion ? html`<p class="pl-small">${t('pp.status', { on: count('TARGET_STATUS_ON_TRACK') + count('TARGET_STATUS_ACHIEVED'), risk: count('TARGET_STATUS_AT_RISK'), off: count('TARGET_STATUS_OFF_TRACK') })}</p>` : null}
    ${ts.length ? html`<ul class="pl-plan-targets">${ts.slice(0, 6).map((x) => html`<li>${x.title} <${StatusBadge} s=${x.status} /></li>`)}</ul>` : null}
    <div class="actions">
      <${Link} class="btn btn-secondary" href=${`/rencana/${id}`}>${t('pp.open')}</${Link}>
      ${mayDraft() && editable(p.state) ? html`<${Link} class="btn btn-ghost" href=${`/rencana/${id}/ubah`} data-test="plan-edit">${t('pp.edit')}</${Link}>` : null}
    </div>
  </li>`;
}

/** Reports lists the agency's monthly reports (GET /v1/monthlyReports) with their CSV and
 * printable HTML (…:download?format=), and lets HR generate one for a month now. */
function Reports({ agency }) {
  const [version, setVersion] = useState(0);
  const list = useAsync(() => get('/v1/monthlyReports', { agency, pageSize: 24 }).then((r) => r.monthlyReports || []), [agency, version]);
  const [month, setMonth] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const generate = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const r = await post('/v1/monthlyReports', { agency, month: month || undefined });
      toast(t('pp.r.generated', { month: (r.monthlyReport || r).month }), 'ok');
      setVersion((v) => v + 1);
    } catch (x) { setError(x); } finally { setBusy(false); }
  };
  return html`<${Card} title=${t('pp.reports')}><div class="pl-stack" data-test="reports">
    ${mayDraft() ? (agency ? html`<form class="pl-inline-form" onSubmit=${generate} novalidate>
      <${Input} label=${t('pp.r.month')} name="month" type="month" value=${month} onValue=${setMonth} hint=${t('pp.r.monthHint')} error=${errAt(error, 'month')} data-test="report-month" />
      <${Button} type="submit" busy=${busy} data-test="report-generate">${t('pp.r.generate')}</${Button}>
      <${PlError} error=${error} fields=${['month']} /></form>` : html`<p class="hint">${t('pp.r.pick')}</p>`) : null}
    <${PlAsync} state=${list}>${(rs) => (rs.length ? html`<ul class="pl-plans">${rs.map((r) => html`<li class="pl-plan" data-test="report" data-name=${r.name}>
      <div class="pl-plan-head"><strong>${r.agency} · ${fmtDate(r.month + '-01', { style: 'month' })}</strong>
        <span class="actions"><${DownloadLink} href=${`/v1/${r.name}:download?format=csv`}>${t('pp.r.csv')}</${DownloadLink}>
        <${DownloadLink} href=${`/v1/${r.name}:download?format=html`}>${t('pp.r.html')}</${DownloadLink}></span></div>
      <p class="muted pl-small">${t('pp.r.by', { d: fmtDate(r.generateTime, { style: 'short' }), who: r.generatedBy })}</p></li>`)}</ul>`
      : html`<p class="empty">${t('pp.r.none')}</p>`)}</${PlAsync}>
  </div></${Card}>`;
}

/** Ask tells its parent, once rendered (past the HeadGate), that the list may be read. */
function Ask({ onAsk }) {
  useEffect(() => { onAsk(); }, []);
  return null;
}

/** Plans is the /rencana screen. */
export default function Plans({ session, query }) {
  useLang();
  const now = thisYear();
  const [year, setYear] = useState(Number(query.get('tahun')) || now);
  const [agency, setAgency] = useState(query.get('agency') || (pickAgency() ? '' : ''));
  const [asked, setAsked] = useState(false);
  const list = useAsync(() => (asked ? get('/v1/workPlans', { year, agency, pageSize: 200 }).then((r) => r.workPlans || []) : new Promise(() => {})), [year, agency, asked]);
  const years = [now + 1, now, now - 1, now - 2];
  return html`<${Page} title=${t('pp.title')} wide actions=${mayDraft() ? html`<${Link} class="btn btn-primary" href="/rencana/baru/ubah" data-test="plan-new">${t('pp.new')}</${Link}>` : null}>
    <div class="pl-stack">
      <${Card}><div class="pl-filters">
        <${Select} label=${t('pp.year')} name="year" value=${year} onValue=${(y) => { setYear(Number(y)); setQuery({ tahun: y }); }} options=${years.map((y) => ({ value: y, label: String(y) }))} data-test="plans-year" />
        ${pickAgency() ? html`<${AgencyPicker} value=${agency} onValue=${(a) => { setAgency(a); setQuery({ agency: a }); }} allowAll test="plans-agency" />` : null}
      </div></${Card}>
      <${Card} title=${`${t('pp.title')} ${year}`}>
        <div data-test="plans"><${HeadGate}><${Ask} onAsk=${() => setAsked(true)} /><${PlAsync} state=${list}>${(ps) => (ps.length
          ? html`<ul class="pl-plans">${ps.map((p) => html`<${PlanItem} key=${p.name} p=${p} />`)}</ul>`
          : html`<p class="empty">${t('pp.none')}</p>`)}</${PlAsync}></${HeadGate}></div>
      </${Card}>
      ${asked ? html`<${Reports} key=${agency} agency=${agency || (pickAgency() ? '' : session.agency || '')} />` : null}
    </div>
  </${Page}>`;
}
