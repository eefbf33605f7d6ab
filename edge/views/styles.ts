/**
 * The page's whole stylesheet, inlined: no external fonts or files. Colours meet WCAG AA in
 * both schemes; status is also told by text, icon and bar height, never by colour alone.
 */
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1d21;--muted:#4f5863;--card:#f5f7f9;--line:#d5dae0;
--ok:#13795b;--okbg:#e3f5ee;--warn:#8a5a00;--warnbg:#fdf1d8;--bad:#b3261e;--badbg:#fbe5e3;--info:#2656a6;--infobg:#e4ecfa;--none:#c9cfd6}
@media (prefers-color-scheme:dark){:root{--bg:#111417;--fg:#e9edf1;--muted:#a9b3bd;--card:#1b2025;--line:#333b43;
--ok:#5fd3a4;--okbg:#12342a;--warn:#f2c063;--warnbg:#3a2d10;--bad:#ff8a80;--badbg:#431c19;--info:#8fb4ff;--infobg:#1b2a45;--none:#3c444c}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:52rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.15rem;margin:2rem 0 .75rem}h3{font-size:1rem;margin:0}
a{color:var(--info)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.banner{padding:.9rem 1rem;border-radius:.5rem;font-weight:600;border:1px solid var(--line)}
.operational{background:var(--okbg);color:var(--ok)}.degraded,.maintenance{background:var(--warnbg);color:var(--warn)}
.outage{background:var(--badbg);color:var(--bad)}.unknown,.stale{background:var(--card);color:var(--muted)}
.stale{margin-top:1rem;padding:.6rem 1rem;border-radius:.5rem;border:1px dashed var(--line)}
ul.svc,ul.inc{list-style:none;margin:0;padding:0}
.svc>li,.inc>li{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem;margin-bottom:.75rem}
.row{display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap}
.pill{font-size:.875rem;font-weight:600;padding:.1rem .55rem;border-radius:1rem;white-space:nowrap}
.s-up{background:var(--okbg);color:var(--ok)}.s-down{background:var(--badbg);color:var(--bad)}
.s-degraded,.s-flapping{background:var(--warnbg);color:var(--warn)}.s-unknown,.s-paused{background:var(--bg);color:var(--muted)}
.meta{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
ol.bars{display:flex;gap:1px;align-items:flex-end;height:2rem;margin:.6rem 0 .2rem;padding:0;list-style:none}
.bars li{flex:1;min-width:0;border-radius:1px;height:100%;overflow:hidden;text-indent:110%;white-space:nowrap;font-size:1px}
.bars .o{background:var(--ok)}.bars .w{background:var(--warn);height:75%}.bars .d{background:var(--bad);height:45%}
.bars .n{background:none;border:1px solid var(--none);height:30%}
.axis{display:flex;justify-content:space-between;color:var(--muted);font-size:.75rem}
ol.tl{margin:.5rem 0 0;padding-left:1.1rem}.tl li{margin:.2rem 0}
time{font-variant-numeric:tabular-nums}
footer{margin-top:2.5rem;color:var(--muted);font-size:.875rem}
@media (max-width:30rem){.wrap{padding:1rem .75rem 2rem}h1{font-size:1.35rem}ol.bars{gap:0}}
`
  .replace(/\n/g, "")
  .trim();
