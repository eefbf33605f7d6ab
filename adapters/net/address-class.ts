import { isIP } from "node:net";

/** What kind of network an IP address belongs to, as far as outbound requests care. */
export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "multicast"
  | "unspecified"
  | "metadata"
  | "reserved";

/** Every non-public class: what `allowPrivate` switches on at once. */
export const NON_PUBLIC_CLASSES: readonly AddressClass[] = [
  "loopback",
  "private",
  "link-local",
  "cgnat",
  "multicast",
  "unspecified",
  "metadata",
  "reserved",
];

type V4Rule = [base: string, prefix: number, cls: AddressClass];

// Order matters: the first matching rule wins, so the specific metadata hosts come first.
const V4_RULES: V4Rule[] = [
  ["169.254.169.254", 32, "metadata"], // AWS, GCP, Azure, OpenStack, DigitalOcean
  ["169.254.170.2", 32, "metadata"], // AWS ECS task metadata
  ["100.100.100.200", 32, "metadata"], // Alibaba Cloud
  ["192.0.0.192", 32, "metadata"], // Oracle Cloud
  ["0.0.0.0", 8, "unspecified"],
  ["127.0.0.0", 8, "loopback"],
  ["10.0.0.0", 8, "private"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["169.254.0.0", 16, "link-local"],
  ["100.64.0.0", 10, "cgnat"],
  ["224.0.0.0", 4, "multicast"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // TEST-NET-1
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "reserved"], // TEST-NET-2
  ["203.0.113.0", 24, "reserved"], // TEST-NET-3
  ["240.0.0.0", 4, "reserved"], // class E and broadcast
];

function v4ToInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

const V4_MASKS = V4_RULES.map(([base, prefix, cls]) => {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { net: (v4ToInt(base) & mask) >>> 0, mask, cls };
});

function classifyV4(ip: string): AddressClass {
  const n = v4ToInt(ip);
  for (const rule of V4_MASKS) if ((n & rule.mask) >>> 0 === rule.net) return rule.cls;
  return "public";
}

/** Expands an IPv6 address (with `::` and an optional dotted IPv4 tail) into 8 groups. */
export function ipv6Groups(ip: string): number[] {
  let text = ip.split("%")[0]!; // drop a zone id: fe80::1%eth0
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = v4ToInt(tail[1]!);
    text = `${text.slice(0, -tail[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const fill = rest === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16));
}

function embeddedV4(g: number[]): string {
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join(".");
}

function classifyV6(ip: string): AddressClass {
  const g = ipv6Groups(ip);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return "unspecified";
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) reach the IPv4 address.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g));
  if (zeroUpTo(6)) return classifyV4(embeddedV4(g));
  // NAT64 (64:ff9b::/96) translates to the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return classifyV4(embeddedV4(g));
  }
  const middleZero = g.slice(2, 7).every((x) => x === 0);
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && middleZero && g[7] === 0x254) return "metadata"; // AWS IMDS
  if ((g[0]! & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return "private"; // deprecated site-local fec0::/10
  if ((g[0]! & 0xff00) === 0xff00) return "multicast"; // ff00::/8
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "reserved"; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return "reserved"; // discard 100::/64
  if (g[0] === 0x2002) {
    // 6to4 (2002:aabb:ccdd::/48) routes to the embedded IPv4 address.
    return classifyV4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff].join("."));
  }
  return "public";
}

/** Classifies an IP literal; throws on anything that is not one (callers resolve names first). */
export function classifyAddress(ip: string): AddressClass {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const family = isIP(bare.split("%")[0]!);
  if (family === 4) return classifyV4(bare);
  if (family === 6) return classifyV6(bare);
  throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
}
