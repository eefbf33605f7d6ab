export * from "./bulk-table";
export * from "./migrate";
export * from "./open";
export * from "./types";
export * from "./url";
