export * from "./alert-wake";
export * from "./domain-config";
export * from "./domain-status";
export * from "./error-codes";
export * from "./events";
export * from "./observation";
export * from "./operator-action";
export * from "./probe-result";
