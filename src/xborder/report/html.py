"""One self-contained HTML file: provenance, summary, a map by country, a searchable flow list
with each verdict explained, and the evidence requests.

Built for maps of tens of thousands of flows: the flows travel as one compact JSON block
inside the page, each regime result written once however many flows share it (the engine
shares results between hops with the same facts), and the page draws only the page of flows
in view. Nothing is fetched from elsewhere: a Content-Security-Policy forbids it.
"""

from __future__ import annotations

from html import escape
from typing import Any

import orjson

from xborder.engine import Assessment
from xborder.report.diagram import STATUS_COLOUR, map_svg
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, RegimeResult

# control characters never occur in the law's text, so they can stand for a flow's parties
PLACEHOLDER_MARKS = {EXPORTER: "\x01", RECIPIENT: "\x02", RECIPIENT_COUNTRY: "\x03"}
PAGE_SIZE = 50  # flows drawn at once; the rest wait for the pager, the search or a filter
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:20px}
header .meta{opacity:.85;font-size:13px}header dl{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:8px 0 0;font-size:12px;opacity:.85}
header dd{margin:0;word-break:break-all}main{padding:20px 28px;max-width:1400px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:4px 0 18px}.card{background:#fff;border-radius:8px;padding:10px 16px;
box-shadow:0 1px 2px #0002;min-width:140px}.card b{font-size:22px;display:block}
.panel{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px #0002;margin-bottom:18px}
.map{width:100%;height:auto;display:block;margin:auto}
.country-dot{fill:#eef2f7;stroke-width:2.5}.country-code{font-size:11px;font-weight:700;text-anchor:middle;fill:#1d2330;pointer-events:none}
.country-label{font-size:10px;fill:#44526a}.flow-edge{fill:none;opacity:.75}.edge-label{font-size:10px;fill:#1d2330;paint-order:stroke;stroke:#fff;stroke-width:3px}
.edge,.country{cursor:pointer}.edge:hover .flow-edge,.edge:focus .flow-edge{opacity:1}.country:hover .country-dot{fill:#dbe4f0}
.legend span{margin-right:14px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:10px}.filters input{flex:1 1 220px;padding:6px 8px}
.filters select,.filters button{padding:5px 6px}#count{color:#556;margin-left:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e6e9ee;vertical-align:top}th{background:#f0f2f5}
td:first-child code{white-space:nowrap}
td code,.ids code{background:#eef1f5;padding:1px 5px;border-radius:4px;overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;color:#fff;font-size:12px;font-weight:600;margin:1px 2px 1px 0;white-space:nowrap}
tr.flow-row{cursor:pointer}tr.flow-row:hover{background:#f7f9fc}tr.detail td{background:#fbfcfe}
.regime{border-left:4px solid #ccd;padding:2px 12px;margin:10px 0}.regime h4{margin:4px 0}
.trace li{margin:2px 0}.kind{font-size:11px;text-transform:uppercase;color:#667;display:inline-block;width:74px}
.conflict{color:#8e24aa;font-weight:600}.pager{display:flex;gap:8px;align-items:center;margin-top:10px}
@media (max-width:800px){main{padding:12px}th:nth-child(2),td:nth-child(2){display:none}}
@media print{.filters,.pager,.map-hint{display:none}header{background:#fff;color:#000}body{background:#fff}}
"""

# Outcome, not verdict: a regime is green when it is satisfied, whatever it demanded.
OUTCOME_COLOUR = {"not applicable": "#90a4ae", "satisfied": "#2e7d32", "not satisfied": "#e0a100",
                  "prohibited": "#c62828"}

JS = r"""
(function(){
const D=JSON.parse(document.getElementById('data').textContent);
const OC=D.outcome_colour, SC=D.status_colour, PAGE=D.page_size;
const $=s=>document.querySelector(s);
const esc=s=>String(s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const outcome=r=>r.v==='prohibited'?'prohibited':!r.a?'not applicable':r.s?'satisfied':'not satisfied';
const badge=(t,c)=>'<span class="badge" style="background:'+c+'">'+esc(t)+'</span>';
const F=D.flows.map(f=>({id:f[0],status:f[1],from:f[2],fc:f[3],to:f[4],tc:f[5],ds:f[6],sg:f[7],rs:f[8],cf:f[9],
  hay:(f[0]+' '+f[2]+' '+f[4]+' '+f[6].join(' ')).toLowerCase()}));
let shown=F, page=0, open=new Set();
const st={q:'',status:'',regime:'',country:'',dataset:'',pair:null};
function fill(t,f){return t.split(D.ph.exporter).join(f.from).split(D.ph.recipient).join(f.to).split(D.ph.recipient_country).join(f.tc);}
function matches(f){
  if(st.status&&f.status!==st.status)return false;
  if(st.country&&f.fc!==st.country&&f.tc!==st.country)return false;
  if(st.pair&&(f.fc!==st.pair[0]||f.tc!==st.pair[1]))return false;
  if(st.dataset&&f.ds.indexOf(st.dataset)<0)return false;
  if(st.regime&&!f.rs.some(i=>{const r=D.results[i];return r.a&&r.g===st.regime;}))return false;
  if(st.q&&f.hay.indexOf(st.q)<0)return false;
  return true;}
function detail(f){
  let h='';
  for(const c of f.cf)h+='<p class=conflict>Conflict ('+esc(c[0])+'): '+esc(c[1])+'</p>';
  h+='<div class=ids>Declared safeguards: '+(f.sg.length?f.sg.map(s=>'<code>'+esc(s)+'</code>').join(' '):'none')+'</div>';
  for(const i of f.rs){const r=D.results[i],o=outcome(r);
    h+='<div class=regime style="border-color:'+OC[o]+'"><h4>'+esc(r.g)+': '+esc(r.v.replace('_',' '))+' · '+o+'</h4><div class=ids>';
    if(r.o.length)h+='Any one of: '+r.o.map(m=>'<code>'+esc(m)+'</code>').join(', ')+'<br>';
    if(r.b.length)h+='Obligations: '+r.b.map(m=>'<code>'+esc(m)+'</code>').join(', ')+'<br>';
    const met=f.sg.filter(s=>r.o.indexOf(s)>=0||r.b.indexOf(s)>=0).concat(r.x);
    if(r.a&&met.length)h+='Met by: '+met.map(m=>'<code>'+esc(m)+'</code>').join(', ')+'<br>';
    if(r.m.length)h+='Missing: '+r.m.map(m=>'<code>'+esc(m)+'</code>').join(', ')+'<br>';
    h+='</div><ol class=trace>';
    for(const si of r.t){const s=D.steps[si],c=s[3]>=0?D.cites[s[3]]:null;
      h+='<li><span class=kind>'+esc(s[0])+'</span>'+esc(fill(s[1],f))+(s[2]===null?'':s[2]?' <em>(taken)</em>':' <em>(not taken)</em>')
        +(c?' — <a href="'+esc(c[1])+'">'+esc(c[0])+'</a>':'')+'</li>';}
    h+='</ol></div>';}
  return h;}
function row(f){
  const chips=f.rs.map(i=>{const r=D.results[i],o=outcome(r);return badge(r.g+(o==='satisfied'?' ✓ ':o==='not applicable'?' · ':' ✗ ')+r.v.replace('_',' '),OC[o]);}).join(' ');
  const miss=f.rs.map(i=>D.results[i]).filter(r=>r.m.length).map(r=>esc(r.j)+': '+r.m.map(m=>'<code>'+esc(m)+'</code>').join(', ')).join('<br>');
  let h='<tr class=flow-row data-id="'+esc(f.id)+'" id="flow-'+esc(f.id)+'"><td><code>'+esc(f.id)+'</code></td><td>'+esc(f.from)+' ('+f.fc+') → '+esc(f.to)+' ('+f.tc+')</td><td>'
    +badge(f.status.replace('_',' '),SC[f.status])+'</td><td>'+chips+'</td><td>'+(miss||'—')+'</td></tr>';
  if(open.has(f.id))h+='<tr class=detail><td colspan=5>'+detail(f)+'</td></tr>';
  return h;}
function draw(all){
  const pages=Math.max(1,Math.ceil(shown.length/PAGE));page=Math.min(page,pages-1);
  const list=all?shown:shown.slice(page*PAGE,page*PAGE+PAGE);
  $('#rows').innerHTML=list.map(row).join('');
  $('#count').textContent=shown.length+' of '+F.length+' flows';
  $('#page').textContent='page '+(page+1)+' of '+pages;
  $('#prev').disabled=page===0;$('#next').disabled=page>=pages-1;
  $('#pair').textContent=st.pair?'edge '+st.pair[0]+' → '+st.pair[1]+' ✕':'';$('#pair').hidden=!st.pair;}
function apply(){shown=F.filter(matches);page=0;draw();}
for(const k of ['status','regime','country','dataset'])$('#f-'+k).addEventListener('change',e=>{st[k]=e.target.value;if(k==='country')st.pair=null;apply();});
let timer;$('#q').addEventListener('input',e=>{clearTimeout(timer);timer=setTimeout(()=>{st.q=e.target.value.trim().toLowerCase();apply();},120);});
$('#prev').onclick=()=>{page--;draw();};$('#next').onclick=()=>{page++;draw();};
$('#pair').onclick=()=>{st.pair=null;apply();};
$('#rows').addEventListener('click',e=>{const tr=e.target.closest('tr.flow-row');if(!tr||e.target.closest('a'))return;
  const id=tr.dataset.id;open.has(id)?open.delete(id):open.add(id);draw();});
document.querySelectorAll('.edge').forEach(g=>g.addEventListener('click',()=>{st.pair=[g.dataset.from,g.dataset.to];st.country='';$('#f-country').value='';apply();$('#flows').scrollIntoView();}));
document.querySelectorAll('.country').forEach(g=>g.addEventListener('click',()=>{st.country=g.dataset.country;st.pair=null;$('#f-country').value=st.country;apply();$('#flows').scrollIntoView();}));
// a printed or PDF-archived report keeps every selected flow with its reasoning
let before=null;window.addEventListener('beforeprint',()=>{before=new Set(open);shown.forEach(f=>open.add(f.id));draw(true);});
window.addEventListener('afterprint',()=>{open=before||open;draw();});
const h=location.hash.slice(1);if(h.startsWith('flow-')){const id=decodeURIComponent(h.slice(5));open.add(id);st.q=id.toLowerCase();$('#q').value=id;}
apply();document.body.dataset.ready='1';
})();
"""


def _badge(text: str, colour: str) -> str:
    return f'<span class="badge" style="background:{colour}">{escape(text)}</span>'


class _Payload:
    """The flows as compact rows; each distinct regime result, step and citation written once."""

    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []
        self.cites: list[list[str]] = []
        self.steps: list[list[Any]] = []
        self._result_ix: dict[int, int] = {}
        self._cite_ix: dict[tuple[str, str], int] = {}
        self._step_ix: dict[tuple[Any, ...], int] = {}

    def step(self, kind: str, text: str, taken: bool | None, cite: int) -> int:
        for placeholder, mark in PLACEHOLDER_MARKS.items():  # the page fills in each flow's parties
            text = text.replace(placeholder, mark)
        key = (kind, text, taken, cite)  # the same sentence recurs in thousands of results
        if key not in self._step_ix:
            self._step_ix[key] = len(self.steps)
            self.steps.append(list(key))
        return self._step_ix[key]

    def cite(self, label: str, url: str) -> int:
        key = (label, url)
        if key not in self._cite_ix:
            self._cite_ix[key] = len(self.cites)
            self.cites.append([label, url])
        return self._cite_ix[key]

    def result(self, r: RegimeResult) -> int:
        ix = self._result_ix.get(id(r))  # shared objects: the engine reuses a result across hops
        if ix is None:
            ix = self._result_ix[id(r)] = len(self.results)
            self.results.append({
                "g": r.regime, "j": r.jurisdiction, "a": r.applies, "v": r.verdict.value, "s": r.satisfied,
                "o": list(r.one_of), "b": list(r.obligations), "m": list(r.missing), "x": list(r.exemptions),
                "t": [self.step(s.kind, s.text, s.taken, self.cite(s.cite.label, s.cite.url) if s.cite else -1)
                      for s in r.steps],
            })
        return ix


def _payload(assessment: Assessment) -> bytes:
    p = _Payload()
    flows = []
    for f in assessment.flows:
        s, t = f.hop.sender, f.hop.recipient
        flows.append([f.id, f.status, s.id, s.location_country, t.id, t.location_country,
                      [d.id for d in f.hop.datasets], list(f.hop.in_place),
                      [p.result(r) for r in f.regimes], [[c.kind, c.description] for c in f.conflicts]])
    doc = {"flows": flows, "results": p.results, "steps": p.steps, "cites": p.cites, "page_size": PAGE_SIZE,
           "ph": {"exporter": PLACEHOLDER_MARKS[EXPORTER], "recipient": PLACEHOLDER_MARKS[RECIPIENT],
                  "recipient_country": PLACEHOLDER_MARKS[RECIPIENT_COUNTRY]},
           "outcome_colour": OUTCOME_COLOUR, "status_colour": STATUS_COLOUR}
    # `</` cannot end the script element early once its slash is escaped
    return orjson.dumps(doc).replace(b"</", b"<\\/")


def _options(values: list[str], label: str) -> str:
    return f"<option value=''>{escape(label)}</option>" + "".join(
        f"<option value='{escape(v)}'>{escape(v)}</option>" for v in values)


def _provenance(assessment: Assessment, provenance: dict[str, str] | None) -> str:
    rows = [("law applied as of", str(assessment.as_of)),
            ("knowledge base", f"{assessment.kb_version} (sources checked {assessment.sources_checked})")]
    rows += list((provenance or {}).items())
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows) + "</dl>"


def _requests(assessment: Assessment) -> str:
    if not assessment.requests:
        return ""
    out = ["<h2>Evidence requests</h2><div class=panel style='overflow:auto'><table><tr><th>request</th><th>conflict</th>"
           "<th>compelled by</th><th>blocked by</th><th>recommended channel</th><th>preserve first</th>"
           "<th>channels (duration)</th></tr>"]
    for req in assessment.requests:
        def regimes(key: str) -> str:
            return "<br>".join(f"{escape(str(x.get('regime', '')))} <small>{escape(str(x.get('citation', '')))}</small>"
                               for x in req.get(key, [])) or "—"
        chans = []
        for c in req.get("channels", []):
            days = (c.get("duration") or {}).get("days")
            chans.append(f"<code>{escape(c['id'])}</code>" + (f" ({escape(str(days))} days)" if days else ""))
        conflict = req.get("conflict")
        out.append(f"<tr><td><code>{escape(req['id'])}</code></td>"
                   f"<td>{_badge('conflict', '#8e24aa') if conflict else 'none'}</td>"
                   f"<td>{regimes('compelled_by')}</td><td>{regimes('blocked_by')}</td>"
                   f"<td>{escape(str(req.get('recommended_channel') or '—'))}</td>"
                   f"<td>{escape(str(req.get('preserve_first') or '—'))}</td><td>{'<br>'.join(chans) or '—'}</td></tr>")
    out.append("</table></div>")
    return "".join(out)


def to_html(assessment: Assessment, extra: dict[str, Any] | None = None,
            provenance: dict[str, str] | None = None) -> str:
    """`provenance`: what the page says about how it was made (file, hash, generator, time)."""
    s = assessment.summary()
    regimes = sorted({r.regime for f in assessment.flows for r in f.regimes if r.applies})
    countries = sorted({c for f in assessment.flows for c in (f.hop.sender.location_country, f.hop.recipient.location_country)})
    datasets = sorted({d.id for f in assessment.flows for d in f.hop.datasets})
    selection = (extra or {}).get("selection")
    note = (f"<p>A selection: {selection['flows']} of {selection['of']} flows "
            f"({escape(', '.join(f'--{k} {v}' for k, vs in selection.items() if isinstance(vs, list) for v in vs))}).</p>"
            if selection else "")
    title = assessment.name or "Transfer assessment"
    return "".join([
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        f"<title>xborder: {escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>{_provenance(assessment, provenance)}</header><main>",
        note,
        "<div class=cards>",
        *(f"<div class=card><b style='color:{STATUS_COLOUR[k]}'>{s[k]}</b>{k.replace('_', ' ')}</div>" for k in STATUS_COLOUR),
        "</div>",
        "<h2>Map</h2><div class=panel><div class=legend>",
        *(f"<span>{_badge(k.replace('_', ' '), v)}</span>" for k, v in STATUS_COLOUR.items()),
        "<span class=map-hint>one circle per country, one arrow per country pair with its number of flows, "
        "coloured by the worst status; click one to list its flows</span></div>",
        map_svg(assessment), "</div>",
        "<h2 id=flows>Flows</h2><div class=panel><div class=filters>",
        "<input id=q type=search placeholder='search flow, entity or dataset id' aria-label=search>",
        "<select id=f-status aria-label=status>", _options(list(STATUS_COLOUR), "any status"), "</select>",
        "<select id=f-regime aria-label=regime>", _options(regimes, "any regime"), "</select>",
        "<select id=f-country aria-label=country>", _options(countries, "any country"), "</select>",
        "<select id=f-dataset aria-label=dataset>", _options(datasets, "any dataset"), "</select>",
        "<button id=pair hidden></button><span id=count></span></div>",
        "<div style='overflow:auto'><table><thead><tr><th>flow</th><th>route</th><th>status</th>"
        "<th>regimes (✓ satisfied, ✗ not)</th><th>missing (a|b: any one)</th></tr></thead><tbody id=rows></tbody></table></div>",
        "<div class=pager><button id=prev>‹ previous</button><span id=page></span><button id=next>next ›</button>"
        "<span>click a flow for its reasoning</span></div>",
        "<noscript><p>This report lists its flows with JavaScript; the same assessment is in "
        "<code>xborder assess --format json</code> or <code>--format markdown</code>.</p></noscript></div>",
        _requests(assessment),
        "</main><script type='application/json' id=data>", _payload(assessment).decode(), "</script>",
        f"<script>{JS}</script></body></html>",
    ])
