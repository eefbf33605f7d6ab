/** Timeouts of one AWS SDK client, in ms. */
export interface AwsTimeouts {
  /** TCP and TLS connect (default 3 s). */
  connectTimeoutMs?: number;
  /** One HTTP attempt, request sent to response read (default 5 s). */
  requestTimeoutMs?: number;
  /** Attempts per call, the first included (default 3). */
  maxAttempts?: number;
}

/** Where an AWS client points; `endpoint` overrides the regional one (local SQS, tests). */
export interface AwsClientSettings extends AwsTimeouts {
  region?: string;
  endpoint?: string;
  /** Static credentials (local emulators, tests); otherwise the default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * SDK client options with connect and request timeouts on the Node HTTP handler: without
 * them an attempt waits on a hung connection forever (the SDK's defaults are 0, no limit).
 */
export function awsClientOptions(s: AwsClientSettings = {}) {
  // the Node handler's constructor options; the SDK builds its NodeHttpHandler from them
  const requestHandler = {
    connectionTimeout: s.connectTimeoutMs ?? 3_000,
    requestTimeout: s.requestTimeoutMs ?? 5_000,
    // without this a breached requestTimeout is only logged as a warning
    throwOnRequestTimeout: true,
  };
  return {
    requestHandler,
    maxAttempts: s.maxAttempts ?? 3,
    ...(s.region ? { region: s.region } : {}),
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.credentials ? { credentials: s.credentials } : {}),
  };
}
