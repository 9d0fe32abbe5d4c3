// The pages' one stylesheet, inline (no network, no fonts but the reader's own).
export const STYLES = `
:root { color-scheme: light; --fail: #b42318; --fail-bg: #fef3f2; --pass: #067647; --pass-bg: #ecfdf3; --skip: #b54708; --skip-bg: #fffaeb;
  --ink: #101828; --muted: #667085; --rule: #e4e7ec; --life: #b9c0cc; --data: #1d4ed8; --reply: #0f766e; --control: #475467; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .86em; }
pre.message { white-space: pre-wrap; overflow-wrap: anywhere; }
pre { margin: .25rem 0; padding: .5rem .7rem; background: #f6f7f9; border: 1px solid var(--rule); border-radius: 6px; overflow: auto; max-height: 24rem; white-space: pre; }
h1 { font-size: 1.45rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
header.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem 2rem; padding-bottom: .75rem; border-bottom: 2px solid var(--rule); }
header.top p { margin: 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--rule); display: flex; gap: 1rem; align-items: baseline; }
h2 .pts { margin-left: auto; font-variant-numeric: tabular-nums; }
h4 { margin: 1rem 0 .35rem; font-size: .95rem; }
h5 { margin: .25rem 0; font-size: .85rem; }
a { color: #1d4ed8; }
.sub { color: var(--muted); margin: 0; }
.score { font-size: 2rem; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
.banner { border: 2px solid var(--fail); background: var(--fail-bg); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
.counts span { margin-right: 1rem; }
.passed-t { color: var(--pass); } .failed-t { color: var(--fail); } .skipped-t { color: var(--skip); }

table.scores { width: 100%; border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
table.scores th, table.scores td { padding: .35rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
table.scores thead th { background: #f6f7f9; position: sticky; top: 0; white-space: nowrap; }
table.scores th:has(button) { cursor: pointer; }
table.scores th button { all: unset; }
table.scores th button:focus-visible { outline: 2px solid #1d4ed8; }
table.scores th button::after { content: " ↕"; color: var(--muted); }
table.scores th[aria-sort="ascending"] button::after { content: " ▲"; }
table.scores th[aria-sort="descending"] button::after { content: " ▼"; }
table.scores td.num, table.scores th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.class td:first-child { white-space: nowrap; }
table.scores tfoot td { font-weight: 700; border-top: 2px solid var(--rule); }
tr.failed td:first-child { box-shadow: inset 3px 0 var(--fail); }
.why { color: var(--muted); }
.cell-full { background: var(--pass-bg); } .cell-none { background: var(--fail-bg); } .cell-part { background: var(--skip-bg); }

details.test { border: 1px solid var(--rule); border-radius: 8px; margin: .6rem 0; background: #fff; }
details.test.failed { border-left: 5px solid var(--fail); }
details.test.passed { border-left: 5px solid var(--pass); }
details.test.skipped { border-left: 5px solid var(--skip); }
details.test > summary { padding: .55rem .9rem; cursor: pointer; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
details.test > summary .name { font-weight: 600; }
details.test > summary .pts { margin-left: auto; font-variant-numeric: tabular-nums; }
details.test > summary .dur { color: var(--muted); font-variant-numeric: tabular-nums; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .78rem; border: 1px solid currentColor; border-radius: 4px; padding: 0 .3rem; color: var(--fail); }
.test-body { padding: 0 1rem 1rem; }
.what { font-weight: 600; color: var(--fail); margin: .25rem 0 .75rem; }
.hint { background: #eff8ff; border: 1px solid #b2ddff; border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; }
.hint strong { color: #175cd3; }
dl.server { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .25rem 0; }
dl.server dt { color: var(--muted); } dl.server dd { margin: 0; }
.died-t { color: var(--fail); font-weight: 600; }

.seq-wrap { overflow-x: auto; border: 1px solid var(--rule); border-radius: 8px; padding: .5rem .5rem .75rem; background: #fcfcfd; }
.seq { display: grid; row-gap: .45rem; min-width: min-content; }
.seq .head { align-self: end; text-align: center; padding-bottom: .3rem; }
.seq .head.time { text-align: right; padding-right: .6rem; color: var(--muted); font-size: .8rem; }
.seq .box { display: inline-block; border: 1.5px solid var(--control); border-radius: 6px; padding: .2rem .6rem; background: #fff; font-weight: 600; max-width: 100%; overflow-wrap: anywhere; }
.seq .box.server { background: #f2f4f7; }
.seq .box code { display: block; font-weight: 400; color: var(--muted); font-size: .75rem; }
.seq .life { justify-self: center; width: 0; border-left: 2px dashed var(--life); z-index: 0; }
.seq .time { grid-column: 1; align-self: end; text-align: right; padding-right: .6rem; color: var(--muted); font: .78rem ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
.seq .msg { z-index: 1; align-self: end; min-width: 0; }
.seq .msg.data { color: var(--data); } .seq .msg.reply { color: var(--reply); } .seq .msg.control { color: var(--control); } .seq .msg.abort, .seq .msg.wrong { color: var(--fail); }
.seq .label { text-align: center; padding: 0 .75rem .1rem; overflow-wrap: anywhere; }
.seq .label > * { background: rgba(252, 252, 253, .92); }
.seq .label .kind, .seq .note .kind { font-weight: 700; margin-right: .15rem; }
.seq .who { font-weight: 600; color: var(--ink); margin-right: .3rem; }
.seq .label .text { color: var(--muted); font-size: .85em; }
.seq .label .bytes code { color: var(--ink); }
.seq .bytes .hex { display: block; color: var(--muted); font-size: .78em; }
.seq .wrong .wrong, .seq .label .wrong { font-weight: 700; color: var(--fail); }
.seq .line { height: 0; border-top: 2px solid currentColor; position: relative; }
.seq .msg.control .line { border-top-style: dashed; }
.seq .msg.abort .line, .seq .msg.wrong .line { border-top-width: 3px; }
.seq .line::after { content: ""; position: absolute; top: -7px; border: 6px solid transparent; }
.seq .line.to-right::after { right: -2px; border-left: 11px solid currentColor; border-right: 0; }
.seq .line.to-left::after { left: -2px; border-right: 11px solid currentColor; border-left: 0; }
.seq .note { z-index: 1; justify-self: center; max-width: 100%; text-align: center; font-size: .85rem; background: #fffbe6; border: 1px solid #f0d475; border-radius: 5px; padding: .15rem .55rem; overflow-wrap: anywhere; }
.seq .note.error { background: var(--fail-bg); border-color: var(--fail); color: var(--fail); }
.seq .note.gap { background: #f2f4f7; border-style: dashed; border-color: var(--life); color: var(--muted); }
.seq .time.fail-t { align-self: start; padding-top: .6rem; color: var(--fail); font-weight: 700; }
.seq .fail { z-index: 1; border: 2px solid var(--fail); background: var(--fail-bg); border-radius: 8px; padding: .4rem .7rem .5rem; margin: .25rem .25rem 0; min-width: 0; }
.seq .fail p { margin: .1rem 0 .3rem; }
.seq .fail-what strong { color: var(--fail); }
.seq .end { z-index: 1; justify-self: center; text-align: center; font-size: .82rem; border: 1.5px solid var(--control); border-radius: 5px; padding: .15rem .5rem; background: #f2f4f7; max-width: 100%; }
.seq .end.died { border-color: var(--fail); background: var(--fail-bg); color: var(--fail); font-weight: 600; }
details.more { text-align: left; margin-top: .2rem; font-size: .85rem; color: var(--ink); }
details.more > summary { cursor: pointer; color: var(--muted); width: max-content; max-width: 100%; }
.msg details.more > summary { margin: 0 auto; }
pre.dump { font-size: .78rem; max-height: 18rem; }
mark { background: #fda29b; color: #55160c; border-radius: 2px; }
.mismatch .where { font-weight: 600; }
table.compare { border-collapse: collapse; }
table.compare th { text-align: left; padding: .1rem .8rem .1rem 0; vertical-align: baseline; }
table.compare td { padding: .1rem .6rem .1rem 0; vertical-align: baseline; overflow-wrap: anywhere; }
table.compare td.len { color: var(--muted); white-space: nowrap; }
table.compare code.txt { font-size: .95rem; }
table.compare tr.hexrow th { font-weight: 400; color: var(--muted); }
table.compare .cut { color: var(--muted); font-size: .85em; white-space: nowrap; }
.none { color: var(--muted); font-style: italic; }
.dumps { display: grid; grid-template-columns: repeat(auto-fit, minmax(34rem, 1fr)); gap: .5rem; }
@media print { details.test { break-inside: avoid; } .seq-wrap { overflow: visible; } }
`;
