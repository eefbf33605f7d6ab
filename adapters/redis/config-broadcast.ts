import type { DomainConfig } from "../../schema/wire/domain-config";
import { type Clock, systemClock } from "../clock/clock";
import { type ConfigKeys, configKeys } from "./config-keys";
import { type ConfigChange, changeArgs, writeConfigScript } from "./config-scripts";
import type { RedisPort } from "./port";

export type { ConfigChange } from "./config-scripts";

/** Dependencies of the broadcast writer. */
export interface ConfigBroadcastDeps {
  redis: RedisPort;
  keys?: ConfigKeys;
  clock?: Clock;
  /** Changes per script call, so a reconcile of 100k domains is not one giant request. */
  chunkSize?: number;
}

/**
 * The write side of "push, don't pull": each change lands in the config hash, gets the next
 * global version, is logged in the version log and published, atomically.
 */
export function createConfigBroadcast(deps: ConfigBroadcastDeps) {
  const keys = deps.keys ?? configKeys();
  const clock = deps.clock ?? systemClock;
  const chunk = deps.chunkSize ?? 500;

  async function apply(changes: ConfigChange[]): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < changes.length; i += chunk) {
      // A fresh (wiped) Redis starts its version at now in µs, above any version it had
      // before, so a probe's "changed since" never misses what a rebuild rewrote.
      const floor = String(clock.now() * 1000);
      const args = [keys.channel, floor, ...changeArgs(changes.slice(i, i + chunk))];
      out.push(
        ...(await deps.redis.run(
          writeConfigScript,
          [keys.hash, keys.version, keys.log, keys.versions, keys.epoch],
          args,
        )),
      );
    }
    return out;
  }

  return {
    keys,
    apply,
    /** Publishes a domain's new config; resolves its global version, 0 when a newer one is there. */
    async upsert(config: DomainConfig): Promise<number> {
      const json = JSON.stringify(config);
      const [v] = await apply([
        { op: "upsert", id: config.id, domainVersion: config.version, json },
      ]);
      return v ?? 0;
    },
    /** Publishes a domain's removal; resolves its global version. */
    async remove(id: string): Promise<number> {
      const [v] = await apply([{ op: "delete", id, domainVersion: 0, json: "" }]);
      return v ?? 0;
    },
  };
}

/** The broadcast writer. */
export type ConfigBroadcast = ReturnType<typeof createConfigBroadcast>;
