"""The inline CSS and JavaScript of the review pages (kept inline: a page must work offline, alone)."""

REVIEW_CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 "Noto Serif", "DejaVu Serif", Georgia, serif; color: #222;
  background: #fafaf7; }
body:not(.index) { display: flex; flex-direction: column; height: 100vh; }
header { flex: none; max-height: 40vh; overflow: auto; padding: 12px 20px; background: #fff;
  border-bottom: 1px solid #ddd; }
h1 { font-size: 18px; margin: 0 0 6px; }
dl { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 0 0 6px; font: 13px sans-serif; }
dt { color: #777; } dt::after { content: ":"; } dd { margin: 0 8px 0 -10px; }
.legends { display: flex; gap: 10px; font: 13px sans-serif; margin: 4px 0; }
.legend { padding: 1px 6px; border-radius: 3px; cursor: pointer; }
.warnings { color: #8a5a00; font: 13px sans-serif; margin: 4px 0; padding-left: 18px; }
.checks { font: 13px sans-serif; }
main { flex: 1; min-height: 0; display: flex; }
.text { flex: 1 1 65%; overflow: auto; white-space: pre-wrap; padding: 16px 24px; background: #fff; }
#panel { flex: 0 0 33%; overflow: auto; padding: 12px 16px; font: 13px/1.4 sans-serif;
  border-left: 1px solid #ddd; }
#panel h2 { font-size: 14px; margin: 10px 0 4px; padding: 2px 6px; border-radius: 3px; }
#panel table { border-collapse: collapse; width: 100%; }
#panel th { text-align: left; vertical-align: top; color: #555; padding: 2px 6px 2px 0; white-space: nowrap; }
#panel td { padding: 2px 0; white-space: pre-wrap; word-break: break-word; }
.hint { color: #888; }
mark.hl { color: inherit; background: none; border-radius: 2px; cursor: pointer; padding: 1px 0; }
mark.hl:empty { display: inline-block; min-width: 6px; min-height: 1em; }
.k-section, mark.hl.k-section { background: #eadcf8; font-weight: bold; }
.k-task, mark.hl.k-task { background: #fff0b8; box-shadow: inset 0 -2px #d9a400; }
.k-citation, mark.hl.k-citation { background: #d9e8ff; border-bottom: 2px solid #2f6fd6; }
.k-metric, mark.hl.k-metric { background: #d3f2d3; border-bottom: 2px solid #2e9d2e; }
mark.hl mark.hl { padding: 0; }
mark.failed { outline: 2px solid #d33; outline-offset: 1px; }
mark.hl.active { box-shadow: 0 0 0 2px #333; }
#panel { background: #fff; }
body.hide-section mark.hl.k-section, body.hide-task mark.hl.k-task, body.hide-citation mark.hl.k-citation,
body.hide-metric mark.hl.k-metric { background: none; border: none; box-shadow: none; outline: none;
  font-weight: inherit; }
.page { display: block; margin: 10px 0 4px; color: #999; font: 11px sans-serif;
  border-top: 1px dashed #ccc; }
.index table.docs { border-collapse: collapse; margin: 12px 20px; font: 13px sans-serif; background: #fff; }
.index h1, .index h2 { margin: 14px 20px 0; }
.index .warnings { margin: 6px 40px; }
.docs th, .docs td { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; text-align: left; }
.docs td:nth-child(n+6):nth-child(-n+10) { text-align: right; }
.docs .path { color: #888; font-size: 11px; }
.docs td:first-child { max-width: 34em; }
.docs td:last-child { min-width: 30em; font-size: 12px; color: #8a5a00; }
.bad { color: #c00; font-weight: bold; }
"""

REVIEW_JS = """
(function () {
  var ROWS = JSON.parse(document.getElementById('rows').textContent);
  var panel = document.getElementById('panel');
  var pinned = null, active = [];
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  function fmt(v) {
    if (Array.isArray(v)) return v.join('\\n');
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  }
  function chain(mark) {
    var marks = [];
    for (var m = mark; m; m = m.parentElement && m.parentElement.closest('mark.hl')) marks.push(m);
    return marks;
  }
  function show(mark) {
    active.forEach(function (m) { m.classList.remove('active'); });
    active = chain(mark);
    var html = '';
    active.forEach(function (m) {
      m.classList.add('active');
      var kind = m.dataset.kind, row = m.dataset.row;
      var fields = (ROWS[kind] || {})[row] || {};
      html += '<h2 class="k-' + kind + '">' + esc(kind) + ' ' + esc(row) + '</h2><table>';
      Object.keys(fields).forEach(function (k) {
        html += '<tr><th>' + esc(k) + '</th><td>' + esc(fmt(fields[k])) + '</td></tr>';
      });
      html += '</table>';
    });
    panel.innerHTML = html + (pinned ? '<p class="hint">pinned: click the text to release</p>' : '');
  }
  var text = document.querySelector('.text');
  text.addEventListener('mouseover', function (e) {
    var m = e.target.closest('mark.hl');
    if (m && !pinned) show(m);
  });
  text.addEventListener('click', function (e) {
    var m = e.target.closest('mark.hl');
    pinned = m && m !== pinned ? m : null;
    if (m) show(m);
  });
  // review.html#metric-12 opens on that row (links from the index, from a query result)
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.matches('mark.hl')) {
    pinned = target;
    target.scrollIntoView({block: 'center'});
    show(target);
  }
  document.querySelectorAll('input[data-toggle]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('hide-' + box.dataset.toggle, !box.checked);
    });
  });
})();
"""
