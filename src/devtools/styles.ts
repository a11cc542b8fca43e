/** The panel's stylesheet, scoped by its shadow root: nothing leaks in or out. */

const STATE_COLORS: Record<string, string> = {
  idle: '#8b95a7',
  restoring: '#b392f0',
  anonymous: '#4fc1e9',
  active: '#3ddc97',
  expiring: '#ffc857',
  refreshing: '#5aa9ff',
  failed: '#ff6b6b',
}

const stateRules = Object.entries(STATE_COLORS)
  .map(([state, color]) => `[data-state="${state}"],[data-top="${state}"]{--accent:${color}}`)
  .join('\n')

export const STYLES = `
:host{all:initial}
*{box-sizing:border-box}
.root{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#d9e0ee}
button{font:inherit;color:inherit;cursor:pointer}
${stateRules}
.toggle{position:fixed;z-index:2147483646;display:flex;gap:6px;align-items:center;padding:6px 10px;
  border:1px solid #2c3547;border-radius:999px;background:#111723;box-shadow:0 2px 10px #0006}
.toggle.bottom-right{right:12px;bottom:12px}.toggle.bottom-left{left:12px;bottom:12px}
.toggle.top-right{right:12px;top:12px}.toggle.top-left{left:12px;top:12px}
.dot{width:9px;height:9px;border-radius:50%;background:var(--accent,#8b95a7)}
.panel{position:fixed;z-index:2147483647;left:0;right:0;bottom:0;height:min(56vh,540px);min-height:320px;
  display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);grid-template-rows:auto minmax(0,1fr);
  background:#0e131d;border-top:1px solid #2c3547;box-shadow:0 -6px 24px #0007}
.panel[hidden]{display:none}
.header{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:10px;align-items:center;padding:6px 10px;
  border-bottom:1px solid #222a3a;background:#111723}
.title{font-weight:700;color:#fff}
.pill{padding:1px 8px;border-radius:999px;background:var(--accent,#8b95a7);color:#0b0f17;font-weight:700}
.pill.small{padding:0 6px;font-size:11px}
.detail,.facts,.heard,.hidden-tab,.tab-id{color:#8b95a7}
.fingerprint{color:#ffd166}.fingerprint.differs{color:#ff6b6b}
.role[data-role="member"]{color:#7ee787;font-weight:600}.role[data-role="visitor"]{color:#8b95a7}
.timer{display:flex;gap:8px;align-items:center;margin-left:auto}
.bar{position:relative;width:140px;height:6px;border-radius:3px;background:#222a3a;overflow:hidden}
.bar-fill{position:absolute;left:0;top:0;bottom:0;background:#3ddc97}
.bar-fill[data-due="true"]{background:#ffc857}
.bar-due{position:absolute;top:0;bottom:0;width:2px;background:#ffc857}
.close{border:0;background:none;font-size:16px;padding:0 4px}
h3{margin:0 0 6px;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#8b95a7;font-weight:600}
.chart-pane{overflow:auto;padding:8px 10px;border-right:1px solid #222a3a}
.chart{display:flex;flex-wrap:wrap;gap:6px;align-items:flex-start}
.state{border:1px solid #2c3547;border-radius:6px;padding:3px 7px;background:#141a27;transition:background .2s}
.state.compound{padding:4px 6px 6px}
.state-name{font-weight:600}
.invokes{display:block;font-size:10px;color:#6b7588}
.children{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}
.state.current{border-color:var(--accent);background:color-mix(in srgb,var(--accent) 22%,#141a27)}
.state.current>.state-name{color:#fff}
.next{list-style:none;margin:0;padding:0}
.next li{padding:1px 0;color:#aab3c5}.event{color:#d9e0ee}.guard{color:#b392f0}
.side{display:grid;grid-template-rows:auto auto minmax(0,1fr);min-height:0}
.next-pane{padding:6px 10px;border-bottom:1px solid #222a3a;max-height:120px;overflow:auto}
.tabs-pane{padding:8px 10px;border-bottom:1px solid #222a3a;max-height:150px;overflow:auto}
.tabs{list-style:none;margin:0;padding:0}
.tab{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:2px 0}
.tab.self .tab-title{color:#fff}.tab.quiet{opacity:.55}
.led{color:#0b0f17;background:#ffd166;border-radius:4px;padding:0 5px}
.log-pane{display:flex;flex-direction:column;min-height:0;padding:8px 10px}
.chips{display:inline-flex;gap:4px;margin-left:6px;text-transform:none;letter-spacing:0}
.chip{border:1px solid #2c3547;border-radius:4px;background:none;padding:0 6px;font-size:11px;color:#6b7588}
.chip.on{color:#d9e0ee;border-color:#44506a}
.log{list-style:none;margin:0;padding:0;overflow:auto;flex:1}
.entry{display:grid;grid-template-columns:auto 62px 1fr;gap:8px;padding:1px 0;border-bottom:1px solid #161c29}
.entry time{color:#6b7588}.kind{color:#6b7588}
.kind-state .text{color:#3ddc97}.kind-emitted .text{color:#ffd166}.kind-tab .text{color:#4fc1e9}
`
