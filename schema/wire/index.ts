export * from "./domain-config";
export * from "./error-codes";
export * from "./events";
export * from "./observation";
export * from "./probe-result";
