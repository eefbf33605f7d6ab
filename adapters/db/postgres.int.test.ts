import { randomBytes } from "node:crypto";
import pg from "pg";
import { describeWith, serviceUrl } from "../../test-support/services";
import { databaseContract } from "./contract.test-suite";
import { openDatabase } from "./open";

describeWith(["DATABASE_URL"], "PostgreSQL", () => {
  const base = serviceUrl("DATABASE_URL")!;
  const suffix = randomBytes(4).toString("hex");
  const names = [`dp_ctl_${suffix}`, `dp_ts_${suffix}`];
  const urlFor = (db: string) => {
    const u = new URL(base);
    u.pathname = `/${db}`;
    return u.toString();
  };
  async function admin(statement: string) {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  databaseContract("node-postgres", {
    async open() {
      for (const n of names) await admin(`CREATE DATABASE ${n}`);
      return {
        control: await openDatabase(urlFor(names[0]!)),
        timeseries: await openDatabase(urlFor(names[1]!)),
      };
    },
    async dispose() {
      for (const n of names) await admin(`DROP DATABASE IF EXISTS ${n}`);
    },
  });
});
