// employees.js: "Pegawai", the registry of civil servants for HR. A search by name or the start
// of a NIP, by agency, unit and status (agency HR sees only their agency: the API narrows the
// list, and the picker is fixed to it), a paged list linking to each employee's page, and for
// HR the form that registers an employee (CreateEmployee): the NIP carries the birth date, the
// appointment month and the sex, which the form reads back as a hint, and the API's errors are
// shown under the fields they name. The inspectorate reads and changes nothing.
import { html, useState, useEffect } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang } from '../i18n.js';
import { get, post, qs } from '../api.js';
import { Page, Card, Async, useAsync, Input, Select, Button, Table, FormError, fieldError, toast } from '../ui.js';
import { hasRole } from '../session.js';
import { Link, navigate } from '../router.js';
import {
  useAgencies, AgencyPicker, unitsOf, agencyName, positionsOf, positionTitles, rememberEmployees, StatusBadge, label,
  enumOptions, STATUSES, rankOptions, nipHint, EmployeePicker, compact,
} from './_shared/ch-common.js';

addMessages({
  id: {
    'employees.title': 'Pegawai', 'employees.search': 'Cari nama atau awal NIP',
    'employees.search.submit': 'Cari', 'employees.results': 'Daftar pegawai', 'employees.none': 'Tidak ada pegawai yang cocok.',
    'employees.page': 'Halaman {n}', 'employees.who': 'Nama / NIP', 'employees.post': 'Jabatan / unit kerja', 'employees.rankType': 'Golongan · jenis', 'employees.new': 'Tambah pegawai', 'employees.form': 'Pegawai baru',
    'employees.form.intro': 'Untuk PNS, tanggal lahir, bulan pengangkatan dan jenis kelamin diambil dari NIP.',
    'employees.nip.pppk': 'Nomor PPPK (18 digit)', 'employees.supervisor.hint': 'NIP atasan langsung.',
    'employees.submit': 'Simpan pegawai', 'employees.created': '{name} terdaftar.', 'employees.readonly': 'Mode baca saja: Inspektorat tidak mengubah data.',
  },
  en: {
    'employees.title': 'Employees', 'employees.search': 'Name or start of NIP',
    'employees.search.submit': 'Search', 'employees.results': 'Employees', 'employees.none': 'No matching employees.',
    'employees.page': 'Page {n}', 'employees.who': 'Name / NIP', 'employees.post': 'Position / unit', 'employees.rankType': 'Rank · type', 'employees.new': 'Add employee', 'employees.form': 'New employee',
    'employees.form.intro': 'For a PNS, the birth date, appointment month and sex come from the NIP.',
    'employees.nip.pppk': 'PPPK number (18 digits)', 'employees.supervisor.hint': 'The direct supervisor\'s NIP.',
    'employees.submit': 'Save employee', 'employees.created': '{name} is registered.', 'employees.readonly': 'Read-only: the inspectorate changes nothing.',
  },
});

const PAGE = 25;

/** Employees is the /pegawai screen. */
export default function Employees({ query, session }) {
  useLang();
  const org = useAgencies();
  const agencyHR = hasRole('agency-hr') && !hasRole('city-hr');
  const canCreate = hasRole('city-hr', 'agency-hr');
  const [filters, setFilters] = useState(() => ({
    q: query.get('q') || '',
    agency: agencyHR ? session.agency : query.get('agency') || '',
    unit: query.get('unit') || '',
    status: query.has('status') ? query.get('status') : 'EMPLOYEE_STATUS_ACTIVE',
  }));
  const [text, setText] = useState(filters.q);
  const [tokens, setTokens] = useState(['']);
  const [creating, setCreating] = useState(query.get('baru') === '1');
  const token = tokens[tokens.length - 1];

  const apply = (f) => {
    const next = { ...filters, ...f };
    if ('agency' in f) next.unit = '';
    setFilters(next);
    setTokens(['']);
    navigate('/pegawai' + qs({ q: next.q, agency: agencyHR ? '' : next.agency, unit: next.unit, status: next.status === 'EMPLOYEE_STATUS_ACTIVE' ? '' : next.status || 'all' }), { replace: true });
  };

  const list = useAsync(async () => {
    const page = await get('/v1/employees', {
      query: filters.q, agency: filters.agency, unit: filters.unit, status: filters.status === 'all' ? '' : filters.status, pageSize: PAGE, pageToken: token,
    });
    rememberEmployees(page.employees);
    const titles = await positionTitles((page.employees || []).map((e) => e.position));
    return { ...page, titles };
  }, [filters, token]);

  const units = unitsOf(org.list, filters.agency);
  const columns = [
    {
      key: 'name', label: t('employees.who'), render: (e) => html`<span><${Link} href=${`/pegawai/${e.nip}`} data-test="employee-row">${e.displayName || e.fullName}</${Link}>
        <br /><span class="ch-nip muted">${e.nip}</span></span>`,
    },
    {
      key: 'position', label: t('employees.post'), render: (e) => html`<span>${e.position ? list.data?.titles[e.position] || e.position : t('ch.none')}
        <br /><span class="muted">${e.unit ? agencyName(org.map, e.unit) : ''}${filters.agency ? '' : `${e.unit ? ' · ' : ''}${e.agency}`}</span></span>`,
    },
    { key: 'rank', label: t('employees.rankType'), render: (e) => `${e.rank || t('ch.none')} · ${String(e.employmentType || '').replace('EMPLOYMENT_TYPE_', '') || t('ch.none')}` },
    { key: 'status', label: t('ch.status'), render: (e) => html`<${StatusBadge} status=${e.status} />` },
  ];

  return html`<${Page} title=${t('employees.title')} wide actions=${canCreate && !creating
    ? html`<${Button} onClick=${() => setCreating(true)} data-test="employee-create">${t('employees.new')}</${Button}>` : null}>
    ${!canCreate ? html`<p class="alert alert-info">${t('employees.readonly')}</p>` : null}
    ${creating ? html`<${CreateForm} org=${org} session=${session} agencyHR=${agencyHR} onCancel=${() => setCreating(false)} />` : null}
    <${Card}>
      <form class="ch-filters" role="search" onSubmit=${(e) => { e.preventDefault(); apply({ q: text.trim() }); }}>
        <div class="ch-search">
          <${Input} label=${t('employees.search')} name="query" type="search" value=${text} onValue=${setText}
            data-test="employee-search" maxlength="100" />
          <${Button} type="submit" data-test="employee-search-submit">${t('employees.search.submit')}</${Button}>
        </div>
        <${AgencyPicker} list=${org.list} value=${filters.agency} onValue=${(v) => apply({ agency: v })} allowAll locked=${agencyHR} test="employee-filter-agency" />
        <${Select} label=${t('ch.unit')} name="unit" value=${filters.unit} onValue=${(v) => apply({ unit: v })} disabled=${!filters.agency}
          options=${[{ value: '', label: t('ch.unit.all') }, ...units.map((u) => ({ value: u.code, label: u.displayName }))]} />
        <${Select} label=${t('ch.status')} name="status" value=${filters.status || 'all'} onValue=${(v) => apply({ status: v })}
          options=${[...enumOptions('status', STATUSES), { value: 'all', label: t('ch.status.all') }]} />
      </form>
    </${Card}>
    <${Card} title=${t('employees.results')}>
      <${Async} state=${list}>${(d) => html`
        <div data-test="employee-list" aria-busy=${list.loading ? 'true' : 'false'}>
          <${Table} caption=${t('employees.page', { n: tokens.length })} columns=${columns} rows=${d.employees || []} rowKey=${(e) => e.nip}
            empty=${t('employees.none')} />
        </div>
        <div class="ch-pager">
          <${Button} kind="secondary" disabled=${tokens.length === 1} onClick=${() => setTokens(tokens.slice(0, -1))}>${t('common.prev')}</${Button}>
          <span aria-live="polite">${t('employees.page', { n: tokens.length })}</span>
          <${Button} kind="secondary" disabled=${!d.nextPageToken} onClick=${() => setTokens([...tokens, d.nextPageToken])} data-test="employee-next">${t('common.next')}</${Button}>
        </div>`}
      </${Async}>
    </${Card}>
  </${Page}>`;
}

const FIELDS = ['nip', 'full_name', 'front_title', 'back_title', 'sex', 'birth_date', 'appointment_date', 'employment_type', 'rank', 'agency', 'unit', 'position', 'supervisor'];

/** CreateForm registers an employee (POST /v1/employees). */
function CreateForm({ org, session, agencyHR, onCancel }) {
  const [v, setV] = useState({
    employmentType: 'EMPLOYMENT_TYPE_PNS', nip: '', fullName: '', frontTitle: '', backTitle: '', sex: '', birthDate: '',
    appointmentDate: '', rank: '', agency: agencyHR ? session.agency : '', unit: '', position: '', supervisor: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [positions, setPositions] = useState([]);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x, ...(k === 'agency' ? { unit: '', position: '' } : {}), ...(k === 'employmentType' ? { rank: '' } : {}), ...(k === 'unit' ? { position: '' } : {}) }));
  const pppk = v.employmentType === 'EMPLOYMENT_TYPE_PPPK';
  useEffect(() => {
    let live = true;
    positionsOf(v.agency).then((p) => live && setPositions(p)).catch(() => live && setPositions([]));
    return () => { live = false; };
  }, [v.agency]);
  const err = (f) => fieldError(error, f);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const body = compact({ ...v, nip: v.nip.trim(), fullName: v.fullName.trim(), frontTitle: v.frontTitle.trim(), backTitle: v.backTitle.trim() });
    if (!pppk) { delete body.sex; delete body.birthDate; delete body.appointmentDate; }
    try {
      const created = await post('/v1/employees', body);
      toast(t('employees.created', { name: created.displayName || created.fullName }), 'ok');
      navigate(`/pegawai/${created.nip}`);
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };
  const units = unitsOf(org.list, v.agency);
  const posOptions = positions.filter((p) => !v.unit || !p.unit || p.unit === v.unit)
    .sort((a, b) => a.title.localeCompare(b.title, 'id'))
    .map((p) => ({ value: p.id, label: `${p.title} (${label('pkind', p.kind)}, ${p.class})` }));

  return html`<${Card} title=${t('employees.form')} class="ch-form">
    <p class="muted">${t('employees.form.intro')}</p>
    <form class="ch-f" onSubmit=${submit} noValidate data-test="employee-form">
      <div class="form-row">
        <${Select} label=${t('ch.type')} name="employment_type" value=${v.employmentType} onValue=${set('employmentType')} required
          error=${err('employment_type')} options=${enumOptions('type', ['EMPLOYMENT_TYPE_PNS', 'EMPLOYMENT_TYPE_CPNS', 'EMPLOYMENT_TYPE_PPPK'])} />
        <${Input} label=${pppk ? t('employees.nip.pppk') : t('ch.nip')} name="nip" value=${v.nip} onValue=${set('nip')} required
          inputmode="numeric" maxlength="18" autocomplete="off" error=${err('nip') || err('identifier_kind')} hint=${pppk ? undefined : nipHint(v.nip)} data-test="employee-nip" />
      </div>
      <${Input} label=${t('ch.fullName')} name="full_name" value=${v.fullName} onValue=${set('fullName')} required error=${err('full_name')} data-test="employee-name" />
      <div class="form-row">
        <${Input} label=${t('ch.frontTitle')} name="front_title" value=${v.frontTitle} onValue=${set('frontTitle')} hint=${t('ch.frontTitle.hint')} error=${err('front_title')} />
        <${Input} label=${t('ch.backTitle')} name="back_title" value=${v.backTitle} onValue=${set('backTitle')} hint=${t('ch.backTitle.hint')} error=${err('back_title')} />
      </div>
      ${pppk ? html`<div class="form-row">
        <${Select} label=${t('ch.sex')} name="sex" value=${v.sex} onValue=${set('sex')} required error=${err('sex')}
          options=${enumOptions('sex', ['SEX_MALE', 'SEX_FEMALE'], { blank: t('ch.choose') })} />
        <${Input} label=${t('ch.birth')} name="birth_date" type="date" value=${v.birthDate} onValue=${set('birthDate')} required error=${err('birth_date')} />
        <${Input} label=${t('ch.appointment')} name="appointment_date" type="date" value=${v.appointmentDate} onValue=${set('appointmentDate')} required error=${err('appointment_date')} />
      </div>` : null}
      <div class="form-row">
        <${Select} label=${pppk ? t('ch.grade') : t('ch.rank')} name="rank" value=${v.rank} onValue=${set('rank')} required error=${err('rank')} options=${rankOptions(v.employmentType)} data-test="employee-rank" />
        <${AgencyPicker} list=${org.list} value=${v.agency} onValue=${set('agency')} locked=${agencyHR} required error=${err('agency')} test="employee-agency" />
      </div>
      <div class="form-row">
        <${Select} label=${t('ch.unit')} name="unit" value=${v.unit} onValue=${set('unit')} error=${err('unit')} disabled=${!v.agency}
          options=${[{ value: '', label: t('ch.unit.none') }, ...units.map((u) => ({ value: u.code, label: u.displayName }))]} />
        <${Select} label=${t('ch.position')} name="position" value=${v.position} onValue=${set('position')} error=${err('position')} disabled=${!v.agency}
          options=${[{ value: '', label: t('ch.position.none') }, ...posOptions]} />
      </div>
      <${EmployeePicker} label=${t('ch.supervisor')} name="supervisor" value=${v.supervisor} onValue=${set('supervisor')} agency=${v.agency}
        error=${err('supervisor')} test="employee-supervisor" />
      <${FormError} error=${error} fields=${FIELDS} />
      <div class="actions">
        <${Button} type="submit" busy=${busy} data-test="employee-create-submit">${t('employees.submit')}</${Button}>
        <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}>
      </div>
    </form>
  </${Card}>`;
}
