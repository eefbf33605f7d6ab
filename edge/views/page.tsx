import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { IncidentSummary, StatusPageView } from "../../schema/wire/status-page";
import { uptimePercent } from "../view-model";
import { humanTime, INCIDENT_STATE, OVERALL_LABEL, STATUS_LABEL } from "./labels";
import { STYLES } from "./styles";

type Domain = StatusPageView["domains"][number];

const T = ({ iso }: { iso: string }) => <time datetime={iso}>{humanTime(iso)}</time>;

/**
 * A day cell: its class sets colour and height; its text (the uptime, for screen readers and
 * as a tooltip) is clipped out of the box by CSS. Kept terse: a page has 90 per domain.
 */
function Day({ day, checks, failures }: Domain["days"][number]) {
  const u = uptimePercent(checks, failures);
  const cls = u === null ? "n" : u >= 99.9 ? "o" : u >= 99 ? "w" : "d";
  const text = u === null ? `${day}: no data` : `${day}: ${u}%`;
  return (
    <li class={cls} title={text}>
      {text}
    </li>
  );
}

function DomainRow({ d }: { d: Domain }) {
  const uptime = d.uptime90d === null ? "no checks yet" : `${d.uptime90d}% uptime`;
  return (
    <li>
      <div class="row">
        <h3>{d.name}</h3>
        <span class={`pill s-${d.status}`}>{STATUS_LABEL[d.status]}</span>
      </div>
      <ol class="bars" aria-label={`${d.name}: daily uptime, last 90 days`}>
        {d.days.map((x) => (
          <Day {...x} />
        ))}
      </ol>
      <div class="axis" aria-hidden="true">
        <span>90 days ago</span>
        <span>{uptime}</span>
        <span>today</span>
      </div>
    </li>
  );
}

function Incident({ i, names }: { i: IncidentSummary; names: Map<string, string> }) {
  const when = i.resolvedAt ? (
    <>
      <T iso={i.openedAt} /> to <T iso={i.resolvedAt} />
    </>
  ) : (
    <>
      since <T iso={i.openedAt} />
    </>
  );
  return (
    <li>
      <h3>
        {names.get(i.domainId) ?? "A service"}: {i.title}
      </h3>
      <p class="meta">
        {INCIDENT_STATE[i.state] ?? i.state}, {when}
        {i.regions.length > 0 ? ` · seen from ${i.regions.join(", ")}` : ""}
      </p>
      {i.timeline.length > 0 && (
        <ol class="tl">
          {i.timeline.map((s) => (
            <li>
              <T iso={s.at} /> {INCIDENT_STATE[s.state] ?? s.state}
              {s.message ? `: ${s.message}` : ""}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

function Section(props: { id: string; title: string; children: Child }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** The public status page: server-rendered, no script, one inline stylesheet. */
export function StatusPage({ view, feedHref }: { view: StatusPageView; feedHref: string }) {
  const names = new Map(view.domains.map((d) => [d.id, d.name]));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${view.title} status`}</title>
        <link rel="alternate" type="application/atom+xml" title="Incidents" href={feedHref} />
        <style>{raw(STYLES)}</style>
      </head>
      <body>
        <div class="wrap">
          <header>
            <h1>{view.title}</h1>
            <p class={`banner ${view.overall}`} role="status">
              {OVERALL_LABEL[view.overall]}
            </p>
            {view.stale && (
              <p class="stale">
                Live status is unavailable right now; this is the last known status, from{" "}
                <T iso={view.generatedAt} />.
              </p>
            )}
          </header>
          <main>
            <Section id="active" title="Active incidents">
              {view.activeIncidents.length === 0 ? (
                <p>No active incidents.</p>
              ) : (
                <ul class="inc">
                  {view.activeIncidents.map((i) => (
                    <Incident i={i} names={names} />
                  ))}
                </ul>
              )}
            </Section>
            {view.maintenance.length > 0 && (
              <Section id="maint" title="Scheduled maintenance">
                <ul class="inc">
                  {view.maintenance.map((w) => (
                    <li>
                      <h3>{w.domainIds.map((id) => names.get(id) ?? id).join(", ")}</h3>
                      <p class="meta">
                        <T iso={w.from} /> to <T iso={w.to} />
                        {w.note ? ` · ${w.note}` : ""}
                      </p>
                    </li>
                  ))}
                </ul>
              </Section>
            )}
            <Section id="services" title="Services">
              <ul class="svc">
                {view.domains.map((d) => (
                  <DomainRow d={d} />
                ))}
              </ul>
            </Section>
            <Section id="history" title="Recent history">
              {view.recentIncidents.length === 0 ? (
                <p>No incidents in the last 90 days.</p>
              ) : (
                <ul class="inc">
                  {view.recentIncidents.map((i) => (
                    <Incident i={i} names={names} />
                  ))}
                </ul>
              )}
            </Section>
          </main>
          <footer>
            Updated <T iso={view.generatedAt} /> ·{" "}
            <a href={feedHref}>Subscribe to incidents (Atom)</a>
          </footer>
        </div>
      </body>
    </html>
  );
}
