// discipline.js: the discipline list (/disiplin?tahun=YYYY&agency=CODE): who crossed which
// PP 94/2021 threshold of unexcused absence in a year (GET /v1/disciplineThresholds), counting
// the absent days and the days converted from late arrivals and early departures (Peraturan BKN
// 6/2022: every 450 minutes one day), with the numbers the API gives. The system reports; the
// official who decides imposes nothing through it.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, todayIn, getLang } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, useAsync, Async, Empty, Select, Badge, Stat, Button } from '../ui.js';
import { Link } from '../router.js';
import { AgencyPicker, agencyOf, setQuery, cityWide, useEmployees, displayName } from './_shared/sv-common.js';

addMessages({
  id: {
    'discipline.title': 'Disiplin kehadiran', 'discipline.year': 'Tahun', 'discipline.none': 'Tidak ada pegawai yang mencapai ambang hukuman disiplin.',
    'discipline.list': 'Pegawai yang mencapai ambang PP 94/2021 ({n})', 'discipline.name': 'Pegawai', 'discipline.threshold': 'Ambang yang dicapai',
    'discipline.absent': 'Hari tanpa keterangan', 'discipline.lateness': 'Menit terlambat/pulang cepat', 'discipline.converted': 'Hari dari keterlambatan',
    'discipline.total': 'Jumlah hari', 'discipline.run': 'Berturut-turut terpanjang', 'discipline.agency': 'Instansi',
    'discipline.note': 'Sistem hanya melaporkan; hukuman disiplin dijatuhkan pejabat yang berwenang. Setiap 450 menit terlambat masuk dan pulang cepat dalam setahun dihitung 1 hari tidak masuk kerja (Peraturan BKN 6/2022).',
    'discipline.rules': 'Ambang menurut PP 94/2021', 'discipline.light': 'Ringan', 'discipline.moderate': 'Sedang', 'discipline.severe': 'Berat',
    'discipline.days': '{n} hari', 'discipline.dischargeDays': '≥ 28, atau 10 hari kerja berturut-turut', 'discipline.more': 'Tampilkan {n} lagi',
  },
  en: {
    'discipline.title': 'Attendance discipline', 'discipline.year': 'Year', 'discipline.none': 'No employee reached a discipline threshold.',
    'discipline.list': 'Employees at a PP 94/2021 threshold ({n})', 'discipline.name': 'Employee', 'discipline.threshold': 'Threshold reached',
    'discipline.absent': 'Absent days', 'discipline.lateness': 'Minutes late/left early', 'discipline.converted': 'Days from lateness',
    'discipline.total': 'Total days', 'discipline.run': 'Longest run', 'discipline.agency': 'Agency',
    'discipline.note': 'The system only reports; discipline is imposed by the competent official. Every 450 minutes of late arrival and early departure in a year count as 1 day of absence (Peraturan BKN 6/2022).',
    'discipline.rules': 'Thresholds of PP 94/2021', 'discipline.light': 'Light', 'discipline.moderate': 'Moderate', 'discipline.severe': 'Severe',
    'discipline.days': '{n} days', 'discipline.dischargeDays': '≥ 28, or 10 working days in a row', 'discipline.more': 'Show {n} more',
  },
});

// The thresholds (PP 94/2021), by the API's code: the days, the class and the English name
// (the API gives the Indonesian name).
const SANCTIONS = [
  { code: 'oral_reprimand', days: '3', sev: 'light', en: 'oral reprimand', id: 'teguran lisan' },
  { code: 'written_reprimand', days: '4–6', sev: 'light', en: 'written reprimand', id: 'teguran tertulis' },
  { code: 'statement_of_dissatisfaction', days: '7–10', sev: 'light', en: 'written statement of dissatisfaction', id: 'pernyataan tidak puas secara tertulis' },
  { code: 'allowance_cut_6_months', days: '11–13', sev: 'moderate', en: 'allowance cut 25 % for 6 months', id: 'pemotongan tunjangan kinerja 25% selama 6 bulan' },
  { code: 'allowance_cut_9_months', days: '14–16', sev: 'moderate', en: 'allowance cut 25 % for 9 months', id: 'pemotongan tunjangan kinerja 25% selama 9 bulan' },
  { code: 'allowance_cut_12_months', days: '17–20', sev: 'moderate', en: 'allowance cut 25 % for 12 months', id: 'pemotongan tunjangan kinerja 25% selama 12 bulan' },
  { code: 'demotion', days: '21–24', sev: 'severe', en: 'demotion one level for 12 months', id: 'penurunan jabatan setingkat lebih rendah selama 12 bulan' },
  { code: 'executor_post', days: '25–27', sev: 'severe', en: 'moved to an executor post for 12 months', id: 'pembebasan dari jabatan menjadi pelaksana selama 12 bulan' },
  { code: 'discharge', days: '≥ 28', sev: 'severe', en: 'honourable discharge not at own request', id: 'pemberhentian dengan hormat tidak atas permintaan sendiri' },
];
const PAGE = 50;
const SEV_KIND = { light: 'warn', moderate: 'bad', severe: 'bad' };
const sanctionOf = (code) => SANCTIONS.find((s) => s.code === code);

/** SanctionName is the threshold in the user's language, with its class. */
function SanctionName({ s }) {
  const known = sanctionOf(s.code);
  const name = known && getLang() === 'en' ? known.en : s.displayName || known?.id || s.code;
  return html`<span>${known ? html`<${Badge} kind=${SEV_KIND[known.sev]}>${t('discipline.' + known.sev)}</${Badge}> ` : null}${name}</span>`;
}

/** Discipline is the /disiplin screen. */
export default function Discipline({ session, query }) {
  useLang();
  const thisYear = Number(todayIn().slice(0, 4));
  const qy = Number(query.get('tahun'));
  const [year, setYearState] = useState(qy >= 2000 && qy <= 2100 ? qy : thisYear);
  const [agency, setAgencyState] = useState(() => agencyOf(session, query));
  const setYear = (y) => { setYearState(Number(y)); setQuery({ tahun: y }); setLimit(PAGE); };
  const setAgency = (a) => { setAgencyState(a); setQuery({ agency: a }); setLimit(PAGE); };
  const city = cityWide();
  const data = useAsync(() => get('/v1/disciplineThresholds', { year, agency }).then((r) => r.sanctions || []), [year, agency]);
  const [limit, setLimit] = useState(PAGE);
  const shown = (data.data || []).slice(0, limit);
  const names = useEmployees(shown.map((s) => s.employee), agency);
  const years = [thisYear, thisYear - 1, thisYear - 2];
  if (!years.includes(year)) years.push(year);
  const cols = [t('discipline.name'), t('discipline.threshold'), t('discipline.absent'), t('discipline.lateness'), t('discipline.converted'), t('discipline.total'), t('discipline.run')];
  return html`<${Page} title=${t('discipline.title')}>
    <div class="sv-toolbar">
      <${Select} label=${t('discipline.year')} name="year" value=${year} onValue=${setYear} options=${years.map((y) => ({ value: y, label: String(y) }))} data-test="discipline-year" />
      ${city ? html`<${AgencyPicker} value=${agency} onValue=${setAgency} allowAll=${true} test="discipline-agency" />` : null}
    </div>
    <p class="alert alert-info">${t('discipline.note')}</p>
    <${Async} state=${data}>${(rows) => {
      const bySev = { light: 0, moderate: 0, severe: 0 };
      for (const s of rows) { const k = sanctionOf(s.code)?.sev; if (k) bySev[k]++; }
      return html`
        <div class="stats" data-test="discipline-stats">
          <${Stat} label=${t('discipline.light')} value=${fmtNumber(bySev.light)} kind="warn" />
          <${Stat} label=${t('discipline.moderate')} value=${fmtNumber(bySev.moderate)} kind="bad" />
          <${Stat} label=${t('discipline.severe')} value=${fmtNumber(bySev.severe)} kind="bad" />
        </div>
        <${Card} title=${t('discipline.list', { n: fmtNumber(rows.length) })}>
          <div data-test="discipline-list" data-count=${rows.length}>${rows.length === 0 ? html`<${Empty}>${t('discipline.none')}</${Empty}>` : html`<div class="table-wrap"><table class="table sv-recap">
            <thead><tr>${cols.map((c, i) => html`<th scope="col" class=${i >= 2 ? 'num' : ''}>${c}</th>`)}</tr></thead>
            <tbody>${rows.slice(0, limit).map((s) => html`<tr key=${s.employee} data-nip=${s.employee} data-code=${s.code}>
              <th scope="row" data-label=${cols[0]}><${Link} href=${`/tim/${s.employee}`}>${displayName(names, s.employee)}</${Link}><br />
                <span class="muted">${s.employee}${city ? ` · ${s.agency}` : ''}</span></th>
              <td data-label=${cols[1]}><${SanctionName} s=${s} /></td>
              <td data-label=${cols[2]} class="num">${fmtNumber(s.days || 0)}</td>
              <td data-label=${cols[3]} class="num">${fmtNumber(s.latenessMinutes || 0)}</td>
              <td data-label=${cols[4]} class="num">${fmtNumber(s.convertedDays || 0)}</td>
              <td data-label=${cols[5]} class="num"><span class="sv-num-strong">${fmtNumber(s.totalDays ?? s.days ?? 0)}</span></td>
              <td data-label=${cols[6]} class="num">${fmtNumber(s.longestRun || 0)}</td>
            </tr>`)}</tbody>
          </table></div>`}</div>
          ${rows.length > limit ? html`<${Button} kind="secondary" onClick=${() => setLimit(limit + PAGE)}>${t('discipline.more', { n: fmtNumber(Math.min(PAGE, rows.length - limit)) })}</${Button}>` : null}
        </${Card}>`;
    }}</${Async}>
    <details class="card sv-rules"><summary>${t('discipline.rules')}</summary>
      <div class="table-wrap"><table class="sv-hours-table">
        <thead><tr><th scope="col">${t('discipline.total')}</th><th scope="col">${t('discipline.threshold')}</th></tr></thead>
        <tbody>${SANCTIONS.map((s) => html`<tr><td>${s.code === 'discharge' ? t('discipline.dischargeDays') : s.days}</td><td><${Badge} kind=${SEV_KIND[s.sev]}>${t('discipline.' + s.sev)}</${Badge}> ${getLang() === 'en' ? s.en : s.id}</td></tr>`)}</tbody>
      </table></div>
    </details>
  </${Page}>`;
}
