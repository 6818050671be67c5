// offices.js: offices and working time (/kantor?agency=CODE). The agency's offices on a map
// (Leaflet, loaded only here) with each geofence circle; map tiles only when the deployment
// sets a tile server (session.mapTiles) — without them the map still shows the circles and
// markers on a plain background, and the coordinates are listed under it either way. Agency
// HR of the agency and city HR create and edit offices, the work schedule, shifts and rosters;
// the inspectorate sees everything without change controls.
import { html, useState, useEffect, useRef } from '../../vendor/preact-htm.js';
import { t, addMessages, useLang, fmtNumber, tzAbbr } from '../i18n.js';
import { post, patch, addErrorTranslations } from '../api.js';
import { Page, Card, useAsync, Async, Button, Badge, Input, Select, FormError, fieldError, Table, Dialog, toast } from '../ui.js';
import { hasRole, readOnly } from '../session.js';
import { AgencyPicker, agencyOf, setQuery, cityWide, offices, zoneOf } from './_shared/sv-common.js';
import { WorkSchedule, Shifts, Roster } from './_shared/sv-hours.js';

addMessages({
  id: {
    'offices.title': 'Kantor & jam kerja', 'offices.list': 'Kantor', 'offices.none': 'Instansi ini belum memiliki kantor.',
    'offices.map': 'Peta kantor dan radius absensi', 'offices.noTiles': 'Peta dasar tidak dipasang di server ini: peta menampilkan titik kantor dan lingkar radius absensi saja.',
    'offices.name': 'Nama kantor', 'offices.coords': 'Koordinat', 'offices.radius': 'Radius', 'offices.zone': 'Zona waktu', 'offices.policy': 'Di luar radius',
    'offices.unit': 'Unit (opsional)', 'offices.lat': 'Lintang (latitude)', 'offices.lng': 'Bujur (longitude)', 'offices.radiusM': 'Radius absensi (meter)',
    'offices.radiusHint': '0 = kebijakan server (100 m).', 'offices.latHint': 'Mis. 3.5907 (utara positif).', 'offices.lngHint': 'Mis. 98.6753.',
    'offices.add': 'Tambah kantor', 'offices.edit': 'Ubah', 'offices.editTitle': 'Ubah kantor', 'offices.addTitle': 'Kantor baru',
    'offices.saved': 'Kantor disimpan.', 'offices.created': 'Kantor ditambahkan.', 'offices.here': 'Pakai lokasi saya',
    'offices.policy.GEOFENCE_POLICY_FLAG': 'dicatat dan ditandai', 'offices.policy.GEOFENCE_POLICY_REFUSE': 'ditolak', 'offices.policy.GEOFENCE_POLICY_UNSPECIFIED': 'dicatat dan ditandai',
    'offices.m': '{n} m', 'offices.default': 'bawaan', 'offices.pickAgency': 'Pilih instansi untuk melihat kantor dan jam kerjanya.',
    'offices.zoomIn': 'Perbesar', 'offices.zoomOut': 'Perkecil', 'offices.readonly': 'Anda hanya dapat melihat.',
  },
  en: {
    'offices.title': 'Offices & working hours', 'offices.list': 'Offices', 'offices.none': 'This agency has no offices.',
    'offices.map': 'Map of the offices and their geofences', 'offices.noTiles': 'No base map is set up on this server: the map shows the offices and their geofence circles only.',
    'offices.name': 'Office name', 'offices.coords': 'Coordinates', 'offices.radius': 'Radius', 'offices.zone': 'Time zone', 'offices.policy': 'Outside the radius',
    'offices.unit': 'Unit (optional)', 'offices.lat': 'Latitude', 'offices.lng': 'Longitude', 'offices.radiusM': 'Geofence radius (metres)',
    'offices.radiusHint': '0 = the server\'s policy (100 m).', 'offices.latHint': 'E.g. 3.5907 (north positive).', 'offices.lngHint': 'E.g. 98.6753.',
    'offices.add': 'Add an office', 'offices.edit': 'Edit', 'offices.editTitle': 'Edit the office', 'offices.addTitle': 'New office',
    'offices.saved': 'Office saved.', 'offices.created': 'Office added.', 'offices.here': 'Use my location',
    'offices.policy.GEOFENCE_POLICY_FLAG': 'recorded and flagged', 'offices.policy.GEOFENCE_POLICY_REFUSE': 'refused', 'offices.policy.GEOFENCE_POLICY_UNSPECIFIED': 'recorded and flagged',
    'offices.m': '{n} m', 'offices.default': 'default', 'offices.pickAgency': 'Choose an agency to see its offices and hours.',
    'offices.zoomIn': 'Zoom in', 'offices.zoomOut': 'Zoom out', 'offices.readonly': 'You can only view.',
  },
});

addErrorTranslations([
  { re: /^must be greater than or equal to (-?[\d.]+) and less than or equal to (-?[\d.]+)$/, id: 'harus antara $1 dan $2' },
  { re: /^must be at most (\d+) characters$/, id: 'paling banyak $1 karakter' },
  { re: /^is required/, id: 'wajib diisi' },
]);

const ZONES = ['TIME_ZONE_WIB', 'TIME_ZONE_WITA', 'TIME_ZONE_WIT'];
const POLICIES = ['GEOFENCE_POLICY_FLAG', 'GEOFENCE_POLICY_REFUSE'];
// Medan's city hall (DOMAIN.md), where a new office starts when nothing better is known.
const CITY_HALL = [3.590, 98.678];

let leafletP = null;
/** leaflet loads Leaflet and its stylesheet once. */
function leaflet() {
  if (!leafletP) {
    if (!document.querySelector('link[data-leaflet]')) {
      const l = document.createElement('link');
      l.rel = 'stylesheet'; l.href = '/vendor/leaflet.css'; l.dataset.leaflet = '1';
      document.head.appendChild(l);
    }
    leafletP = import('../../vendor/leaflet.js').catch((e) => { leafletP = null; throw e; });
  }
  return leafletP;
}

/** OfficeMap draws the offices with their geofences; tiles only from the configured server. */
function OfficeMap({ list, tiles, selected }) {
  const el = useRef(null);
  const mapRef = useRef(null);
  const layerRef = useRef(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    leaflet().then((L) => {
      if (!live || !el.current) return;
      if (!mapRef.current) {
        const m = L.map(el.current, { zoomControl: false, attributionControl: !!tiles, center: CITY_HALL, zoom: 13 });
        L.control.zoom({ zoomInTitle: t('offices.zoomIn'), zoomOutTitle: t('offices.zoomOut') }).addTo(m);
        if (tiles) {
          const host = (() => { try { return new URL(tiles.replace(/\{[a-z]\}/g, '0')).host; } catch { return ''; } })();
          L.tileLayer(tiles, { maxZoom: 19, attribution: /openstreetmap/i.test(tiles) ? '© OpenStreetMap' : host }).addTo(m);
        }
        mapRef.current = m;
        layerRef.current = L.featureGroup().addTo(m);
      }
      const g = layerRef.current;
      g.clearLayers();
      for (const o of list) {
        const r = o.radiusMeters || 100;
        const on = selected === o.name;
        L.circle([o.latitude, o.longitude], { radius: r, color: on ? '#b42318' : '#0b5d3b', weight: on ? 3 : 2, fillOpacity: 0.15 }).addTo(g);
        L.circleMarker([o.latitude, o.longitude], { radius: 6, color: '#fff', weight: 2, fillColor: on ? '#b42318' : '#0b5d3b', fillOpacity: 1 })
          .bindTooltip(o.displayName).addTo(g);
      }
      if (list.length) mapRef.current.fitBounds(g.getBounds().pad(0.3), { maxZoom: 17 });
      else mapRef.current.setView(CITY_HALL, 13);
      setTimeout(() => mapRef.current?.invalidateSize(), 0);
    }).catch((e) => { console.warn('office map:', e); if (live) setFailed(true); });
    return () => { live = false; };
  }, [list, tiles, selected]);
  useEffect(() => () => { mapRef.current?.remove(); mapRef.current = null; }, []);
  return html`<div>
    ${tiles ? null : html`<p class="hint">${t('offices.noTiles')}</p>`}
    ${failed ? html`<p class="alert alert-warn">${t('error.generic')}</p>` : null}
    <div ref=${el} class=${'map sv-map' + (tiles ? '' : ' sv-map-blank')} data-test="office-map" role="region" aria-label=${t('offices.map')}></div>
  </div>`;
}

/** OfficeForm creates an office (office undefined) or changes one. */
function OfficeForm({ office, agency, onSaved, onCancel }) {
  const [v, setV] = useState(() => ({
    displayName: office?.displayName || '', unit: office?.unit || '',
    latitude: office ? String(office.latitude) : String(CITY_HALL[0]), longitude: office ? String(office.longitude) : String(CITY_HALL[1]),
    radiusMeters: String(office?.radiusMeters ?? 100), timeZone: office?.timeZone && office.timeZone !== 'TIME_ZONE_UNSPECIFIED' ? office.timeZone : 'TIME_ZONE_WIB',
    geofencePolicy: office?.geofencePolicy && office.geofencePolicy !== 'GEOFENCE_POLICY_UNSPECIFIED' ? office.geofencePolicy : 'GEOFENCE_POLICY_FLAG',
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const here = () => navigator.geolocation?.getCurrentPosition((p) => setV((x) => ({ ...x, latitude: p.coords.latitude.toFixed(6), longitude: p.coords.longitude.toFixed(6) })), () => {});
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const body = { displayName: v.displayName.trim(), unit: v.unit.trim(), latitude: Number(v.latitude), longitude: Number(v.longitude), radiusMeters: Number(v.radiusMeters || 0), timeZone: v.timeZone, geofencePolicy: v.geofencePolicy };
    try {
      let out;
      if (office) {
        const mask = 'displayName,unit,latitude,longitude,radiusMeters,timeZone,geofencePolicy';
        out = await patch(`/v1/${office.name}?updateMask=${mask}`, { ...body, etag: office.etag });
        toast(t('offices.saved'), 'ok');
      } else {
        out = await post('/v1/offices', { ...body, agency });
        toast(t('offices.created'), 'ok');
      }
      onSaved(out);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form onSubmit=${submit} novalidate>
    <${Input} label=${t('offices.name')} name="display_name" value=${v.displayName} onValue=${set('displayName')} required maxlength="200" error=${fieldError(error, 'display_name')} data-test="office-name" />
    <${Input} label=${t('offices.unit')} name="unit" value=${v.unit} onValue=${set('unit')} error=${fieldError(error, 'unit')} />
    <div class="form-row">
      <${Input} type="number" step="any" min="-90" max="90" label=${t('offices.lat')} name="latitude" value=${v.latitude} onValue=${set('latitude')} required hint=${t('offices.latHint')} error=${fieldError(error, 'latitude')} />
      <${Input} type="number" step="any" min="-180" max="180" label=${t('offices.lng')} name="longitude" value=${v.longitude} onValue=${set('longitude')} required hint=${t('offices.lngHint')} error=${fieldError(error, 'longitude')} />
    </div>
    ${navigator.geolocation ? html`<div><${Button} kind="ghost" onClick=${here}>${t('offices.here')}</${Button}></div>` : null}
    <div class="form-row">
      <${Input} type="number" min="0" max="100000" step="1" label=${t('offices.radiusM')} name="radius_meters" value=${v.radiusMeters} onValue=${set('radiusMeters')} hint=${t('offices.radiusHint')} error=${fieldError(error, 'radius_meters')} />
      <${Select} label=${t('offices.zone')} name="time_zone" value=${v.timeZone} onValue=${set('timeZone')} error=${fieldError(error, 'time_zone')}
        options=${ZONES.map((z) => ({ value: z, label: `${tzAbbr(zoneOf(z))} (${zoneOf(z)})` }))} />
    </div>
    <${Select} label=${t('offices.policy')} name="geofence_policy" value=${v.geofencePolicy} onValue=${set('geofencePolicy')} error=${fieldError(error, 'geofence_policy')}
      options=${POLICIES.map((p) => ({ value: p, label: t('offices.policy.' + p) }))} />
    <${FormError} error=${error} fields=${['display_name', 'unit', 'latitude', 'longitude', 'radius_meters', 'time_zone', 'geofence_policy']} />
    <div class="actions"><${Button} type="submit" busy=${busy} data-test="office-save">${t('common.save')}</${Button}><${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}</${Button}></div>
  </form>`;
}

/** Offices is the /kantor screen. */
export default function Offices({ session, query }) {
  useLang();
  const [agency, setAgencyState] = useState(() => agencyOf(session, query) || session.agency || '');
  const setAgency = (a) => { setAgencyState(a); setQuery({ agency: a }); };
  const canEdit = !readOnly() && (hasRole('city-hr') || (hasRole('agency-hr') && agency === session.agency));
  const list = useAsync(() => (agency ? offices(agency, true) : Promise.resolve([])), [agency]);
  const [form, setForm] = useState(null); // { office? }
  const [selected, setSelected] = useState('');
  const [version, setVersion] = useState(0);
  const saved = () => { setForm(null); list.reload(); };
  return html`<${Page} title=${t('offices.title')}>
    ${readOnly() ? html`<p class="alert alert-info">${t('offices.readonly')}</p>` : null}
    ${cityWide() || hasRole('city-hr') ? html`<div class="sv-toolbar"><${AgencyPicker} value=${agency} onValue=${setAgency} test="offices-agency" /></div>` : null}
    ${!agency ? html`<p class="empty">${t('offices.pickAgency')}</p>` : html`
      <${Card} title=${t('offices.list')} actions=${canEdit ? html`<${Button} data-test="office-add" onClick=${() => setForm({})}>${t('offices.add')}</${Button}>` : null}>
        <${Async} state=${list}>${(rows) => html`
          <${OfficeMap} list=${rows} tiles=${session.mapTiles || ''} selected=${selected} />
          <${Table} rows=${rows} rowKey=${(o) => o.name} empty=${t('offices.none')} columns=${[
            { key: 'name', label: t('offices.name'), render: (o) => html`<button type="button" class="btn btn-ghost sv-link" aria-pressed=${selected === o.name ? 'true' : 'false'} onClick=${() => setSelected(selected === o.name ? '' : o.name)}>${o.displayName}</button>${o.unit ? html`<br /><span class="muted">${o.unit}</span>` : null}` },
            { key: 'coords', label: t('offices.coords'), render: (o) => html`<span class="sv-coords">${o.latitude.toFixed(5)}, ${o.longitude.toFixed(5)}</span>` },
            { key: 'radius', label: t('offices.radius'), num: true, render: (o) => (o.radiusMeters ? t('offices.m', { n: fmtNumber(o.radiusMeters) }) : t('offices.default')) },
            { key: 'zone', label: t('offices.zone'), render: (o) => tzAbbr(zoneOf(o.timeZone)) },
            { key: 'policy', label: t('offices.policy'), render: (o) => html`<${Badge} kind=${o.geofencePolicy === 'GEOFENCE_POLICY_REFUSE' ? 'bad' : 'warn'}>${t('offices.policy.' + (o.geofencePolicy || 'GEOFENCE_POLICY_UNSPECIFIED'))}</${Badge}>` },
            ...(canEdit ? [{ key: 'edit', label: t('offices.edit'), render: (o) => html`<${Button} kind="secondary" data-test="office-edit" aria-label=${`${t('offices.edit')}: ${o.displayName}`} onClick=${() => setForm({ office: o })}>${t('offices.edit')}</${Button}>` }] : []),
          ]} />`}</${Async}>
      </${Card}>
      <${WorkSchedule} agency=${agency} canEdit=${canEdit} />
      <${Shifts} agency=${agency} canEdit=${canEdit} onChange=${() => setVersion((x) => x + 1)} />
      <${Roster} agency=${agency} canEdit=${canEdit} version=${version} />
      <${Dialog} title=${form?.office ? t('offices.editTitle') : t('offices.addTitle')} open=${!!form} onClose=${() => setForm(null)}>
        ${form ? html`<${OfficeForm} key=${form.office?.name || 'new'} office=${form.office} agency=${agency} onSaved=${saved} onCancel=${() => setForm(null)} />` : null}
      </${Dialog}>`}
  </${Page}>`;
}
