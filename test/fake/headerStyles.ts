// How the fake writes its rate-limit headers. Close documents one `RateLimit` header
// (`limit=20, remaining=7, reset=1`, policies one after another); a gateway in front of it may
// write the IETF draft's forms instead, so the client is tried against those too:
// - close: as Close documents it;
// - ietf: the draft's later form, `RateLimit: "key";r=7;t=1` with the quotas in
//   `RateLimit-Policy: "key";q=20;w=1` (the organization's policy second, when there is one);
// - split: the draft's early form, `RateLimit-Limit/-Remaining/-Reset` of the policy closest to
//   running out, with every quota policy listed after the limit (`20, 20;w=1, 60;w=1`).

export const RATE_HEADER_STYLES = ['close', 'ietf', 'split'] as const;
export type RateHeaderStyle = (typeof RATE_HEADER_STYLES)[number];

export function isRateHeaderStyle(value: string): value is RateHeaderStyle {
  return (RATE_HEADER_STYLES as readonly string[]).includes(value);
}

interface Policy {
  limit: string;
  remaining: string;
  reset: string;
}

const POLICY_NAMES = ['key', 'organization'];

/** `headers` with a Close-style `RateLimit` rewritten in `style`; other headers are kept. */
export function styleRateHeaders(headers: Readonly<Record<string, string>>, style: RateHeaderStyle): Record<string, string> {
  const { RateLimit: value, ...rest } = headers;
  if (style === 'close' || value === undefined) {
    return { ...headers };
  }
  const policies: Policy[] = [...value.matchAll(/limit=([^,]*), remaining=([^,]*), reset=([^,]*)/g)].map((m) => ({
    limit: m[1] as string,
    remaining: m[2] as string,
    reset: m[3] as string,
  }));
  if (policies.length === 0) {
    return { ...headers };
  }
  const name = (i: number): string => POLICY_NAMES[i] ?? `policy${i}`;
  if (style === 'ietf') {
    return {
      ...rest,
      RateLimit: policies.map((p, i) => `"${name(i)}";r=${p.remaining};t=${p.reset}`).join(', '),
      'RateLimit-Policy': policies.map((p, i) => `"${name(i)}";q=${p.limit};w=1`).join(', '),
    };
  }
  const tightest = policies.reduce((best, p) => (Number(p.remaining) < Number(best.remaining) ? p : best));
  return {
    ...rest,
    'RateLimit-Limit': [tightest.limit, ...policies.map((p) => `${p.limit};w=1`)].join(', '),
    'RateLimit-Remaining': tightest.remaining,
    'RateLimit-Reset': tightest.reset,
  };
}
