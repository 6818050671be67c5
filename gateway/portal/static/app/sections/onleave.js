// onleave.js: who is on leave (/sedang-cuti?tanggal=YYYY-MM-DD&agency=CODE): the approved
// requests covering a date (GET /v1/onLeave; today by default), for agency HR in their agency
// and for city HR and the inspectorate in the agency they choose or the whole city.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtNumber, todayIn } from '../i18n.js';
import { get } from '../api.js';
import { Page, Card, useAsync, Async, Empty, Input, Stat, Button } from '../ui.js';
import { Link } from '../router.js';
import { AgencyPicker, agencyOf, setQuery, cityWide, useEmployees, displayName, leaveLabel, leaveKey } from './_shared/sv-common.js';

addMessages({
  id: {
    'onleave.title': 'Sedang cuti', 'onleave.date': 'Tanggal', 'onleave.none': 'Tidak ada pegawai yang cuti pada tanggal ini.',
    'onleave.list': 'Pegawai yang cuti {date}', 'onleave.name': 'Pegawai', 'onleave.type': 'Jenis cuti', 'onleave.period': 'Masa cuti',
    'onleave.days': 'Lama', 'onleave.total': 'Pegawai sedang cuti', 'onleave.more': 'Tampilkan {n} lagi', 'onleave.agency': 'Instansi', 'onleave.byType': 'Menurut jenis',
    'onleave.working_days': '{n} hari kerja', 'onleave.calendar_days': '{n} hari kalender',
  },
  en: {
    'onleave.title': 'On leave', 'onleave.date': 'Date', 'onleave.none': 'Nobody is on leave on this date.',
    'onleave.list': 'Employees on leave on {date}', 'onleave.name': 'Employee', 'onleave.type': 'Leave type', 'onleave.period': 'Period',
    'onleave.days': 'Length', 'onleave.total': 'Employees on leave', 'onleave.more': 'Show {n} more', 'onleave.agency': 'Agency', 'onleave.byType': 'By type',
    'onleave.working_days': '{n} working days', 'onleave.calendar_days': '{n} calendar days',
  },
});

const PAGE = 100;

/** OnLeave is the /sedang-cuti screen. */
export default function OnLeave({ session, query }) {
  useLang();
  const [agency, setAgencyState] = useState(() => agencyOf(session, query));
  const [date, setDateState] = useState(query.get('tanggal') || todayIn());
  const setAgency = (a) => { setAgencyState(a); setQuery({ agency: a }); setLimit(PAGE); };
  const setDate = (d) => { if (!d) return; setDateState(d); setQuery({ tanggal: d }); setLimit(PAGE); };
  const data = useAsync(() => get('/v1/onLeave', { date, agency }).then((r) => r.leaveRequests || []), [date, agency]);
  const [limit, setLimit] = useState(PAGE);
  const sorted = [...(data.data || [])].sort((a, b) => a.endDate.localeCompare(b.endDate) || a.employee.localeCompare(b.employee));
  const names = useEmployees(sorted.slice(0, limit).map((r) => r.employee), agency);
  const city = cityWide();
  return html`<${Page} title=${t('onleave.title')}>
    <div class="sv-toolbar">
      <${Input} type="date" label=${t('onleave.date')} name="date" value=${date} onValue=${setDate} data-test="onleave-date" />
      ${city ? html`<${AgencyPicker} value=${agency} onValue=${setAgency} allowAll=${true} test="onleave-agency" />` : null}
    </div>
    <${Async} state=${data}>${(rows) => {
      const byType = {};
      for (const r of rows) byType[leaveKey(r.type)] = (byType[leaveKey(r.type)] || 0) + 1;
      return html`
        <div class="stats">
          <${Stat} label=${t('onleave.total')} value=${fmtNumber(rows.length)} kind="ok" />
          ${Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([k, n]) => html`<${Stat} label=${leaveLabel(k)} value=${fmtNumber(n)} />`)}
        </div>
        <${Card} title=${t('onleave.list', { date: fmtDate(date) })}>
          <div data-test="onleave-list" data-count=${rows.length}>${rows.length === 0 ? html`<${Empty}>${t('onleave.none')}</${Empty}>` : html`<ul class="sv-leave-list">
            ${sorted.slice(0, limit).map((r) => html`<li key=${r.name} data-nip=${r.employee}>
              <div class="sv-leave-who"><${Link} href=${`/tim/${r.employee}?bulan=${date.slice(0, 7)}`} class="sv-row-link">${displayName(names, r.employee)}</${Link}>
                <span class="muted">NIP ${r.employee}${city && names[r.employee]?.agency ? ` · ${names[r.employee].agency}` : ''}</span></div>
              <div class="sv-leave-what"><strong>${leaveLabel(r.type)}</strong>
                <span>${fmtDate(r.startDate, { style: 'short' })} – ${fmtDate(r.endDate, { style: 'short' })} · ${t(r.counting === 'calendar_days' ? 'onleave.calendar_days' : 'onleave.working_days', { n: r.days ?? 0 })}</span></div>
            </li>`)}
          </ul>`}</div>
          ${rows.length > limit ? html`<${Button} kind="secondary" onClick=${() => setLimit(limit + PAGE)}>${t('onleave.more', { n: fmtNumber(Math.min(PAGE, rows.length - limit)) })}</${Button}>` : null}
        </${Card}>`;
    }}</${Async}>
  </${Page}>`;
}
