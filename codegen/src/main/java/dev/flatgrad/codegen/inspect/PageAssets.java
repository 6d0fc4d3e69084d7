package dev.flatgrad.codegen.inspect;

/** The page's inline style and script: no file or network is needed to read it. */
final class PageAssets {
    private PageAssets() {
    }

    static final String CSS = """
            body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 16px 60px; color: #1d2330; }
            h1 { margin: 18px 0 4px; } h2 { border-bottom: 1px solid #d0d7e2; padding-bottom: 4px; margin-top: 36px; }
            h2 .count, summary .count { font-weight: normal; color: #6a7385; font-size: 80%; }
            nav a { margin-right: 14px; } code, pre, .src td { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
            table { border-collapse: collapse; } th, td { text-align: left; padding: 2px 8px; vertical-align: top; }
            table.stages td, table.kernels td, table.compile td { border-top: 1px solid #e4e8ef; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; } tr.huge td { background: #ffe1e1; }
            table.src { width: 100%; } table.src td.ln { color: #8a93a5; text-align: right; user-select: none; width: 3em; }
            table.src td.code { white-space: pre; } table.src tr.built td.code { background: #f2f7ff; }
            table.src td.refs { font-size: 12px; } .reflist div { margin: 2px 0; } .reflist a { margin-right: 6px; white-space: nowrap; }
            pre.ir, pre.java { background: #fafbfc; border: 1px solid #e4e8ef; padding: 8px; overflow-x: auto; }
            pre.java .ln { color: #8a93a5; user-select: none; } .note { color: #5b6578; }
            details.scope { margin: 4px 0 4px 16px; border-left: 2px solid #d5e2f5; padding-left: 8px; }
            details.scope > summary { cursor: pointer; font-weight: 600; }
            .diagram { overflow-x: auto; margin: 4px 0 8px; }
            svg.graph text { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #1d2330; }
            svg.graph text.sub { fill: #5b6578; }
            svg.graph .box rect { fill: #fff; stroke: #7b8aa3; }
            svg.graph .box.matmul rect { stroke: #1f4fa8; stroke-width: 2; }
            svg.graph .box.param rect { fill: #e8f6e8; } svg.graph .box.input rect { fill: #fff7df; }
            svg.graph .box.scope rect { fill: #dde9fb; stroke: #4a6fb3; }
            svg.graph .box.external rect { fill: #f4f5f7; stroke-dasharray: 4 3; }
            svg.graph a:hover rect { stroke: #d0461c; stroke-width: 2; }
            svg.graph .edges path { fill: none; stroke: #9aa6ba; stroke-width: 1.2; }
            svg.graph .edges path.back { stroke-dasharray: 3 3; }
            svg.chart .frame { fill: none; stroke: #9aa6ba; } svg.chart .grid { stroke: #e4e8ef; }
            svg.chart .tick, svg.chart .legend { font-size: 11px; fill: #5b6578; }
            svg.chart polyline { fill: none; } svg.chart polyline.steps { stroke: #a9c1ea; stroke-width: 1; }
            svg.chart polyline.mean { stroke: #1f4fa8; stroke-width: 2; }
            svg.chart .legend.steps { fill: #7f9bd0; } svg.chart .legend.mean { fill: #1f4fa8; }
            :target, .flash { background: #fff2a8 !important; outline: 2px solid #f0c419; }
            .kanchor { display: block; height: 0; }
            """;

    /** Following a link opens the folded sections around its target first, then scrolls to it. */
    static final String SCRIPT = """
            function reveal(id) {
              var el = document.getElementById(id);
              if (!el) return;
              for (var p = el.parentElement; p; p = p.parentElement) { if (p.tagName === 'DETAILS') p.open = true; }
              if (el.tagName === 'DETAILS') el.open = true;
              var shown = el.classList.contains('kanchor') && el.nextElementSibling ? el.nextElementSibling : el;
              shown.scrollIntoView({block: 'center'});
              document.querySelectorAll('.flash').forEach(function (f) { f.classList.remove('flash'); });
              shown.classList.add('flash');
            }
            document.addEventListener('click', function (e) {
              var a = e.target.closest('a');
              if (a) {
                var href = a.getAttribute('href');
                if (href && href.charAt(0) === '#') {
                  e.preventDefault();
                  try { if (location.hash !== href) history.pushState(null, '', href); } catch (ignored) { }
                  reveal(decodeURIComponent(href.slice(1)));
                }
                return;
              }
              var b = e.target.closest('button[data-fold]');
              if (b) {
                var open = b.getAttribute('data-fold') === 'open';
                b.closest('section').querySelectorAll('details.scope').forEach(function (d) { d.open = open; });
              }
            });
            window.addEventListener('popstate', function () { if (location.hash) reveal(decodeURIComponent(location.hash.slice(1))); });
            if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
            """;
}
