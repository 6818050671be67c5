// icons.js: the menu's icons, as small inline SVG line drawings (no icon font, no emoji that a
// desktop without an emoji font shows as boxes). Decorative: the menu text says what they mean.
import { html } from '../vendor/preact-htm.js';

const paths = {
  clock: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  calendar: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
  leave: 'M3 20h18M6 20c0-6 3-10 6-12 3 2 6 6 6 12M12 8V4',
  check: 'M4 12l5 5L20 6',
  users: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2 20c0-4 3-6 7-6s7 2 7 6M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14c2.5.6 4 2.6 4 6',
  building: 'M4 21V5l8-3v19M12 9h8v12M4 21h18M7 8h2M7 12h2M7 16h2M15 13h2M15 17h2',
  pin: 'M12 21s7-6.5 7-12a7 7 0 1 0-14 0c0 5.5 7 12 7 12zM12 11.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  chart: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  suitcase: 'M3 8h18v12H3zM8 8V5h8v3M3 13h18',
  alert: 'M12 3l10 18H2zM12 10v5M12 18v.5',
  card: 'M3 5h18v14H3zM7 10a2 2 0 1 0 4 0 2 2 0 0 0-4 0M6 16c.5-2 2-3 3-3s2.5 1 3 3M14 9h4M14 13h4',
  city: 'M3 21V9l5-3v15M8 21V3h8v18M16 21V10l5 2v9M2 21h20M11 7h2M11 11h2M11 15h2',
  flag: 'M5 21V4M5 4h12l-2 4 2 4H5',
  bank: 'M3 9l9-5 9 5M5 9v9M9.5 9v9M14.5 9v9M19 9v9M3 21h18',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5',
  book: 'M4 5a2 2 0 0 1 2-2h13v15H6a2 2 0 0 0-2 2zM4 20a2 2 0 0 0 2 2h13v-4M8 7h7M8 11h5',
  list: 'M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01',
  school: 'M2 9l10-5 10 5-10 5zM6 11v5c0 1.5 3 3 6 3s6-1.5 6-3v-5M22 9v6',
  award: 'M12 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8.5 14 7 22l5-3 5 3-1.5-8',
};

/** Icon draws the named icon at 1.25em, hidden from assistive technology. */
export const Icon = ({ name }) => html`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
  fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d=${paths[name] || paths.flag} /></svg>`;
