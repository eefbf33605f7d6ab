import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { databaseContract } from "./contract.test-suite";
import { openDatabase } from "./open";

describeWith(["DATABASE_URL"], "PostgreSQL", () => {
  const base = serviceUrl("DATABASE_URL")!;
  let drops: (() => Promise<void>)[] = [];

  databaseContract("node-postgres", {
    async open() {
      const control = await scratchDatabase(base, "ctl");
      drops.push(control.drop);
      const timeseries = await scratchDatabase(base, "ts");
      drops.push(timeseries.drop);
      return {
        control: await openDatabase(control.url),
        timeseries: await openDatabase(timeseries.url),
      };
    },
    async dispose() {
      for (const drop of drops) await drop();
      drops = [];
    },
  });
});
