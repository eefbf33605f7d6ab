/**
 * A self-contained API reference: it fetches /openapi.json and lists every operation with
 * its parameters, body schema and responses. No CDN: it must work offline and in tests.
 */
export function docsPage(specUrl = "/openapi.json"): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>DomainPilot API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h2 { border-bottom: 1px solid #ddd; margin-top: 2.5rem; }
.op { border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; padding: .75rem 1rem; }
.m { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; }
.get { color: #0a7; } .post { color: #06c; } .patch { color: #a60; } .delete { color: #c22; }
code, pre { font: 13px ui-monospace, monospace; background: #f6f6f6; }
pre { padding: .5rem; overflow: auto; max-height: 24rem; }
</style>
</head>
<body>
<h1>DomainPilot API</h1>
<p>Send <code>Authorization: Bearer &lt;api key&gt;</code>. Errors are
<code>{ "error": { "code", "message", "field"? } }</code>. Machine-readable:
<a href="${specUrl}">${specUrl}</a>.</p>
<p>Webhooks follow Standard Webhooks: headers <code>webhook-id</code>,
<code>webhook-timestamp</code> and <code>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</code>
(of <code>id.timestamp.body</code>, keyed with the channel's <code>whsec_</code> secret),
body <code>{ type, timestamp, data }</code>.</p>
<main id="ops">Loading ${specUrl}…</main>
<script type="module">
const spec = await (await fetch(${JSON.stringify(specUrl)})).json();
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const resolve = (s) => (s && s.$ref ? spec.components.schemas[s.$ref.split("/").pop()] : s);
const byTag = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    (byTag[(op.tags || ["other"])[0]] ||= []).push({ path, method, op });
  }
}
let html = "";
for (const [tag, ops] of Object.entries(byTag)) {
  html += "<h2>" + esc(tag) + "</h2>";
  for (const { path, method, op } of ops) {
    html += '<div class="op"><span class="m ' + method + '">' + method + "</span><code>" + esc(path) + "</code>";
    html += "<p>" + esc(op.summary || "") + "</p>";
    const params = op.parameters || [];
    if (params.length) html += "<p>Parameters: " + params.map((p) => "<code>" + esc(p.name) + "</code> (" + p.in + ")").join(", ") + "</p>";
    const body = op.requestBody && op.requestBody.content["application/json"];
    if (body) html += "<details><summary>Body</summary><pre>" + esc(JSON.stringify(resolve(body.schema), null, 2)) + "</pre></details>";
    html += "<p>Responses: " + Object.entries(op.responses).map(([s, r]) => "<b>" + s + "</b> " + esc(r.description)).join(" · ") + "</p></div>";
  }
}
document.getElementById("ops").innerHTML = html;
</script>
</body>
</html>`;
}
