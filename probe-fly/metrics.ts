import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Live numbers the gauges read at scrape time. */
export interface MetricsSources {
  inFlight: () => number;
  queued: () => number;
  configVersion: () => number;
  domains: () => number;
  buffer: () => {
    resultsDepth: number;
    observationsDepth: number;
    resultsInFlight: number;
    observationsInFlight: number;
    resultsOverflowed: number;
    observationsOverflowed: number;
    resultsSendErrors: number;
    observationsSendErrors: number;
  };
}

/** The probe's Prometheus metrics, on a registry of its own (no global default registry). */
export function createProbeMetrics(region: string, sources: MetricsSources) {
  const registry = new Registry();
  registry.setDefaultLabels({ region });
  const checks = new Counter({
    name: "dp_probe_checks_total",
    help: "Checks completed, by result (ok or the error code)",
    labelNames: ["result"],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: "dp_probe_schedule_lateness_seconds",
    help: "How late a check was handed to the pool relative to its slot",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const skipped = new Counter({
    name: "dp_probe_skipped_total",
    help: "Due checks skipped because the previous check of the domain was still running",
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge("dp_probe_in_flight", "Checks running now", sources.inFlight);
  gauge("dp_probe_queued", "Checks waiting for a pool slot or a per-host slot", sources.queued);
  gauge("dp_probe_config_version", "Global config version applied", sources.configVersion);
  gauge("dp_probe_domains", "Domains this region checks", sources.domains);
  new Gauge({
    name: "dp_probe_buffer_depth",
    help: "Items held for delivery, by kind (results stream, observations queue)",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      const b = sources.buffer();
      this.set({ kind: "results" }, b.resultsDepth);
      this.set({ kind: "observations" }, b.observationsDepth);
    },
  });
  new Gauge({
    name: "dp_probe_buffer_overflow_total",
    help: "Items dropped unsent because the buffer was full during an outage, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      const b = sources.buffer();
      this.set({ kind: "results" }, b.resultsOverflowed);
      this.set({ kind: "observations" }, b.observationsOverflowed);
    },
  });
  new Gauge({
    name: "dp_probe_buffer_in_flight",
    help: "Items out for delivery in the batch being sent, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      const b = sources.buffer();
      this.set({ kind: "results" }, b.resultsInFlight);
      this.set({ kind: "observations" }, b.observationsInFlight);
    },
  });
  new Gauge({
    name: "dp_probe_send_errors_total",
    help: "Failed or timed-out sends (each batch is retried), by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      const b = sources.buffer();
      this.set({ kind: "results" }, b.resultsSendErrors);
      this.set({ kind: "observations" }, b.observationsSendErrors);
    },
  });
  return { registry, checks, lateness, skipped };
}
export type ProbeMetrics = ReturnType<typeof createProbeMetrics>;
