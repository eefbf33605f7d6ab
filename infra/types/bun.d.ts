// SST's platform types name Bun's shell for its CI workflow hooks, which this app does not use;
// installing bun-types instead would change how drizzle-orm's own types resolve in the main
// type check. This is the one declaration written by hand for `npm run typecheck:infra`.
declare module "bun" {
  /** Bun's tagged-template shell. */
  export type Shell = (strings: TemplateStringsArray, ...values: unknown[]) => Promise<unknown>;
}
