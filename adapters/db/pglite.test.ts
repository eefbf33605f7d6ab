import { databaseContract } from "./contract.test-suite";
import { openDatabase } from "./open";

databaseContract("PGlite", {
  open: async () => ({ control: await openDatabase(""), timeseries: await openDatabase("") }),
});
