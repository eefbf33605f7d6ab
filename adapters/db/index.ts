export * from "./bulk-table";
export * from "./migrate";
export * from "./open";
export * from "./rows";
export * from "./types";
export * from "./url";
