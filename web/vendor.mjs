// vendor.mjs copies the files simpeg serves (or its browser tests inject) out of node_modules
// into the Go tree, where go:embed picks them up. It is the portal's whole "build": no bundler,
// no transpiler. The versions come from package-lock.json (npm ci); `make web-check` runs this
// into a scratch directory and fails when the committed copies differ.
//
//   node vendor.mjs [ROOT]   ROOT is the repository root to write under (default: ..)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, '..'));
const nm = join(here, 'node_modules');

// target directory (relative to root) → [package, [from (in the package), to (in the target)]...]
const plan = {
  'gateway/portal/static/vendor': [
    ['htm', ['preact/standalone.module.js', 'preact-htm.js'], ['LICENSE', 'LICENSE.htm.txt']],
    ['uplot', ['dist/uPlot.esm.js', 'uplot.js'], ['dist/uPlot.min.css', 'uplot.css'], ['LICENSE', 'LICENSE.uplot.txt']],
    ['leaflet', ['dist/leaflet-src.esm.js', 'leaflet.js'], ['dist/leaflet.css', 'leaflet.css'],
      ['dist/images/marker-icon.png', 'images/marker-icon.png'],
      ['dist/images/marker-icon-2x.png', 'images/marker-icon-2x.png'],
      ['dist/images/marker-shadow.png', 'images/marker-shadow.png'],
      ['LICENSE', 'LICENSE.leaflet.txt']],
    ['swagger-ui-dist', ['swagger-ui-bundle.js', 'swagger-ui/swagger-ui-bundle.js'],
      ['swagger-ui.css', 'swagger-ui/swagger-ui.css'], ['LICENSE', 'LICENSE.swagger-ui.txt']],
  ],
  'cmd/simpeg/testdata/web': [
    ['axe-core', ['axe.min.js', 'axe.min.js'], ['LICENSE', 'LICENSE.axe-core.txt']],
  ],
};

for (const [target, pkgs] of Object.entries(plan)) {
  const out = join(root, target);
  rmSync(out, { recursive: true, force: true });
  const lines = ['# Third-party files in this directory', '',
    'Copied by `web/vendor.mjs` from the npm packages pinned in `web/package-lock.json`; do not edit.',
    'Regenerate with `make web`.', '', '| package | version | license | files |', '|---|---|---|---|'];
  for (const [pkg, ...files] of pkgs) {
    const meta = JSON.parse(readFileSync(join(nm, pkg, 'package.json'), 'utf8'));
    for (const [from, to] of files) {
      mkdirSync(dirname(join(out, to)), { recursive: true });
      copyFileSync(join(nm, pkg, from), join(out, to));
    }
    lines.push(`| ${pkg} | ${meta.version} | ${meta.license} | ${files.map(([, to]) => '`' + to + '`').join(', ')} |`);
  }
  writeFileSync(join(out, 'THIRD_PARTY.md'), lines.join('\n') + '\n');
}
