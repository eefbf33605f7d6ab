const DAY_MS = 86_400_000;
/** 0001-01-01 and 9999-12-31T23:59:59.999Z: where the ISO form has four year digits and no sign. */
const FIRST = -62_135_596_800_000;
const LAST = 253_402_300_799_999;

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, several times faster: V8's takes about 1.7 µs here, and a year
 * graph formats 365 bucket starts (8,760 for an hourly one) per request. The date comes from
 * the day number by the civil-from-days arithmetic of the proleptic Gregorian calendar.
 */
export function isoUtc(ms: number): string {
  if (!(ms >= FIRST && ms <= LAST) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let t = ms - days * DAY_MS;
  // days since 0000-03-01, in 400-year eras of 146,097 days
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(t / 3_600_000);
  t -= h * 3_600_000;
  const m = Math.floor(t / 60_000);
  t -= m * 60_000;
  const s = Math.floor(t / 1_000);
  const y = year < 1_000 ? `000${year}`.slice(-4) : `${year}`;
  return `${y}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(s)}.${three(t - s * 1_000)}Z`;
}
