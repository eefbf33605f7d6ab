import { generate } from "selfsigned";

/** A certificate and its key, PEM. */
export interface Pem {
  cert: string;
  key: string;
}

const DAY = 86_400_000;

/** Options for one generated certificate; days are relative to now. */
export interface CertSpec {
  cn: string;
  altNames?: string[];
  notBeforeDays?: number;
  notAfterDays?: number;
  isCa?: boolean;
  signer?: Pem;
}

function san(name: string) {
  return /^[\d.]+$|:/.test(name)
    ? { type: 7 as const, ip: name }
    : { type: 2 as const, value: name };
}

/** Generates a certificate offline (EC keys: fast enough to make fresh ones per suite). */
export async function makeCert(spec: CertSpec): Promise<Pem> {
  const now = Date.now();
  const extensions = spec.isCa
    ? [
        { name: "basicConstraints" as const, cA: true, critical: true },
        { name: "keyUsage" as const, keyCertSign: true, cRLSign: true, critical: true },
      ]
    : [
        { name: "basicConstraints" as const, cA: false },
        { name: "keyUsage" as const, digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage" as const, serverAuth: true },
        { name: "subjectAltName" as const, altNames: (spec.altNames ?? [spec.cn]).map(san) },
      ];
  const pems = await generate([{ name: "commonName", value: spec.cn }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now + (spec.notBeforeDays ?? -1) * DAY),
    notAfterDate: new Date(now + (spec.notAfterDays ?? 90) * DAY),
    extensions,
    ca: spec.signer,
  });
  return { cert: pems.cert, key: pems.private };
}

/** A root CA, an intermediate it signed, and a leaf for `localhost` and 127.0.0.1 / ::1. */
export async function aPki(
  over: { leaf?: Partial<CertSpec>; intermediate?: Partial<CertSpec> } = {},
) {
  const root = await makeCert({ cn: "DomainPilot Test Root", isCa: true, notAfterDays: 3650 });
  const intermediate = await makeCert({
    cn: "DomainPilot Test Intermediate",
    isCa: true,
    notAfterDays: 365,
    signer: root,
    ...over.intermediate,
  });
  const leaf = await makeCert({
    cn: "localhost",
    altNames: ["localhost", "127.0.0.1", "::1"],
    signer: intermediate,
    ...over.leaf,
  });
  return { root, intermediate, leaf };
}
