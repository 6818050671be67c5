// team.js: the supervisor's team today (/tim): how many are present, late, on leave, not yet
// in or absent (GET /v1/teamDay counts, of the whole team), and the list — name, state, check-in
// time in the office's time zone, minutes late — filtered by state with the counts as toggles.
// Each row opens the member's month (/tim/{nip}). ?tanggal=YYYY-MM-DD shows another day.
import { html, useState } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtDate, fmtTime, fmtNumber, todayIn } from '../i18n.js';
import { getAll, get } from '../api.js';
import { Page, Card, useAsync, Async, Empty, Badge, Input } from '../ui.js';
import { Link } from '../router.js';
import { TeamStats, TeamStateBadge, setQuery, zoneOf, leaveLabel } from './_shared/sv-common.js';

addMessages({
  id: {
    'team.title': 'Tim hari ini', 'team.counts': 'Ringkasan tim', 'team.list': 'Anggota tim',
    'team.none': 'Tidak ada anggota tim pada keadaan ini.', 'team.noTeam': 'Anda belum memiliki bawahan langsung di data kepegawaian.',
    'team.name': 'Nama', 'team.state': 'Keadaan', 'team.in': 'Masuk', 'team.out': 'Pulang', 'team.late': 'Terlambat',
    'team.minutes': '{n} menit', 'team.outside': 'di luar area', 'team.date': 'Tanggal', 'team.indirect': 'Termasuk bawahan tidak langsung',
    'team.closed': 'Hari sudah ditutup: keadaan adalah yang tersimpan.', 'team.live': 'Keadaan dihitung saat ini dari catatan masuk/pulang, cuti dan kalender.',
    'team.start': 'mulai {time}', 'team.shift': 'shift {code}', 'team.early': '({n} menit lebih awal)',
  },
  en: {
    'team.title': 'Team today', 'team.counts': 'Team summary', 'team.list': 'Team members',
    'team.none': 'No team member in this state.', 'team.noTeam': 'You have no direct reports in the registry.',
    'team.name': 'Name', 'team.state': 'State', 'team.in': 'In', 'team.out': 'Out', 'team.late': 'Late',
    'team.minutes': '{n} min', 'team.outside': 'outside the geofence', 'team.date': 'Date', 'team.indirect': 'Include indirect reports',
    'team.closed': 'The day is closed: the states are the stored ones.', 'team.live': 'States are computed now from check-ins, leave and the calendar.',
    'team.start': 'starts {time}', 'team.shift': 'shift {code}', 'team.early': '({n} min early)',
  },
});

/** Rows is the team's list (a table; cards on a phone). */
function Rows({ entries }) {
  if (!entries.length) return html`<${Empty}>${t('team.none')}</${Empty}>`;
  const cols = [t('team.name'), t('team.state'), t('team.in'), t('team.out'), t('team.late')];
  return html`<div class="table-wrap"><table class="table sv-team">
    <thead><tr>${cols.map((c, i) => html`<th scope="col" class=${i === 4 ? 'num' : ''}>${c}</th>`)}</tr></thead>
    <tbody>${entries.map((e) => {
      const tz = zoneOf(e.timeZone);
      const extra = e.state === 'TEAM_DAY_STATE_ON_LEAVE' ? leaveLabel(e.leaveType, true)
        : e.state === 'TEAM_DAY_STATE_HOLIDAY' ? (e.holiday || '')
        : e.state === 'TEAM_DAY_STATE_NOT_YET_IN' && e.startTime ? t('team.start', { time: fmtTime(e.startTime, tz) }) : '';
      return html`<tr key=${e.employee} data-test="team-row" data-nip=${e.employee} data-state=${e.state}>
        <td data-label=${cols[0]}><${Link} class="sv-row-link" href=${`/tim/${e.employee}`}>${e.displayName || e.employee}</${Link}>
          ${e.unitName ? html`<br /><span class="muted">${e.unitName}</span>` : null}</td>
        <td data-label=${cols[1]}><${TeamStateBadge} state=${e.state} />${extra ? html` <span class="muted">${extra}</span>` : null}${e.shift ? html` <span class="muted">${t('team.shift', { code: e.shift })}</span>` : null}</td>
        <td data-label=${cols[2]}>${e.checkInTime ? fmtTime(e.checkInTime, tz) : '—'}${e.checkInOutsideGeofence ? html` <${Badge} kind="warn">${t('team.outside')}</${Badge}>` : null}</td>
        <td data-label=${cols[3]}>${e.checkOutTime ? fmtTime(e.checkOutTime, tz) : '—'}${e.earlyMinutes ? html` <span class="muted">${t('team.early', { n: fmtNumber(e.earlyMinutes) })}</span>` : null}${e.checkOutOutsideGeofence ? html` <${Badge} kind="warn">${t('team.outside')}</${Badge}>` : null}</td>
        <td data-label=${cols[4]} class="num">${e.lateMinutes ? t('team.minutes', { n: fmtNumber(e.lateMinutes) }) : '—'}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

/** Team is the /tim screen. */
export default function Team({ query }) {
  useLang();
  const [date, setDateState] = useState(query.get('tanggal') || '');
  const [state, setStateState] = useState(query.get('keadaan') || '');
  const [indirect, setIndirect] = useState(query.get('semua') === '1');
  const setDate = (d) => { setDateState(d); setQuery({ tanggal: d }); };
  const setState = (s) => { setStateState(s); setQuery({ keadaan: s }); };
  const params = { date, indirect: indirect || undefined };
  // The counts come with every page; the list is read whole (a team is small) in the state chosen.
  const data = useAsync(async () => {
    const first = await get('/v1/teamDay', { ...params, state, pageSize: 1000 });
    let entries = first.entries || [];
    if (first.nextPageToken) entries = entries.concat(await getAll('/v1/teamDay', { ...params, state, pageToken: first.nextPageToken }, 'entries'));
    return { ...first, entries };
  }, [date, state, indirect]);
  const shownDate = data.data?.date || date || todayIn();
  return html`<${Page} title=${t('team.title')}>
    <div class="sv-toolbar">
      <${Input} type="date" label=${t('team.date')} name="date" value=${shownDate} onValue=${setDate} max=${todayIn()} data-test="team-date" />
      <label class="sv-check"><input type="checkbox" checked=${indirect} onChange=${(e) => { setIndirect(e.currentTarget.checked); setQuery({ semua: e.currentTarget.checked ? '1' : '' }); }} /> ${t('team.indirect')}</label>
    </div>
    <${Async} state=${data}>${(d) => html`
      <${Card} title=${`${t('team.counts')} — ${fmtDate(d.date || shownDate)}`}>
        <${TeamStats} counts=${d.counts} value=${state} onValue=${setState} />
        <p class="hint">${(d.entries || []).some((e) => e.closed) ? t('team.closed') : t('team.live')}</p>
      </${Card}>
      <${Card} title=${t('team.list')}>
        ${d.counts?.total ? html`<${Rows} entries=${d.entries} />` : html`<${Empty}>${t('team.noTeam')}</${Empty}>`}
      </${Card}>`}</${Async}>
  </${Page}>`;
}
