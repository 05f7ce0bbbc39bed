import { esc } from './svg-util.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1d1d1f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#ccc}
main{padding:8px 24px 40px;max-width:1000px}section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:14px 0}
h2{font-size:16px;margin:0 0 8px}svg{width:100%;height:auto;display:block}.axis,.legend,.band,.key-label{font-size:11px}.band{font-weight:600}
.key-label{paint-order:stroke;stroke:#fff;stroke-width:3px}table{border-collapse:collapse;width:100%;font-size:12px}
td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}
.chip{display:inline-block;border-radius:10px;padding:1px 8px;margin:2px;background:#eee}.redacted{background:#f1f1f1;border:1px solid #ddd;border-radius:3px;padding:0 4px;margin-right:4px}details summary{cursor:pointer}details ul{margin:4px 0;padding-left:18px}
.lvl-watch{background:#fdf0d5}.lvl-warning{background:#fbd5c9}.lvl-critical{background:#b00020;color:#fff}.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}main.wide{max-width:none}.cols table{display:block;overflow-x:auto}
.legend-row span{margin-right:12px}.muted{color:#777}`;

/** A whole self-contained page: inline CSS and SVG, a few lines of inline JS, no external resource. */
export function page(title: string, subtitle: string, body: string, wide = false): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(title)}</h1><p>${esc(subtitle)}</p></header><main${wide ? ' class="wide"' : ''}>
${body}
</main>
<script>
// Hover a platform in the legend to highlight its series and nodes.
document.querySelectorAll('[data-legend]').forEach(function (el) {
  var p = el.getAttribute('data-legend');
  el.addEventListener('mouseenter', function () {
    document.querySelectorAll('.series').forEach(function (s) { s.style.opacity = s.getAttribute('data-platform') === p ? 1 : 0.15; });
  });
  el.addEventListener('mouseleave', function () {
    document.querySelectorAll('.series').forEach(function (s) { s.style.opacity = 1; });
  });
});
document.body.setAttribute('data-rendered', 'true');
</script>
</body></html>
`;
}

export function section(id: string, title: string, inner: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${inner}\n</section>`;
}

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="muted">none</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
