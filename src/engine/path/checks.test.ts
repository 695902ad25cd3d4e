import { describe, expect, it } from 'vitest';
import type { RouteCheck } from '../model/routeTable.js';
import type { WireRequest } from '../model/request.js';
import { runCheck, type CheckContext } from './checks.js';

const source = { kind: '', namespace: '', name: '', path: [], range: { startLine: 0, endLine: 0 } };
const ctx = (clientAddress: string): CheckContext => ({
  req: { headers: [] } as unknown as WireRequest,
  uri: '/',
  effectiveScheme: 'http',
  scheme: 'http',
  clientAddress,
  requestUri: '/',
});
const ipAccess = (
  allow: string[],
  deny: string[],
  origin?: string,
): Extract<RouteCheck, { kind: 'ipAccess' }> => ({
  kind: 'ipAccess',
  allow: allow.map((text) => ({ text })),
  deny: deny.map((text) => ({ text })),
  status: 403,
  source,
  ...(origin ? { origin } : {}),
});

describe('the ipAccess check', () => {
  it("names ingress-nginx's source-range annotations when no origin is given", () => {
    const allow = runCheck(ipAccess(['10.0.0.0/8'], []), ctx('192.0.2.1'));
    expect(allow).toStrictEqual({
      pass: false,
      ending: {
        status: 403,
        summary: '403: 192.0.2.1 not allowed',
        explanation:
          '192.0.2.1 is not in allowlist-source-range (10.0.0.0/8), so nginx answers 403 Forbidden. The address checked is the one nginx sees: with externalTrafficPolicy: Cluster that is a node, and with use-forwarded-headers it comes from X-Forwarded-For.',
      },
    });
    const deny = runCheck(ipAccess([], ['192.0.2.0/24']), ctx('192.0.2.1'));
    expect(deny.pass === false && deny.ending.explanation).toMatch(
      /^192\.0\.2\.1 is in denylist-source-range \(192\.0\.2\.0\/24\), so nginx answers 403/,
    );
  });

  it('says who checks when the family gives an origin', () => {
    const origin = "Envoy's RBAC filter (IP filter of HTTPProxy shop/web)";
    const deny = runCheck(ipAccess([], ['192.0.2.0/24'], origin), ctx('192.0.2.1'));
    expect(deny.pass === false && deny.ending.explanation).toBe(
      `${origin}: 192.0.2.1 is in 192.0.2.0/24, so the answer is 403 Forbidden.`,
    );
    const allow = runCheck(ipAccess(['10.0.0.0/8', '::1/128'], [], origin), ctx('192.0.2.1'));
    expect(allow.pass === false && allow.ending.explanation).toBe(
      `${origin}: 192.0.2.1 is not in 10.0.0.0/8, ::1/128, so the answer is 403 Forbidden.`,
    );
  });

  it('passes an address that is allowed and not denied; deny wins over allow', () => {
    expect(runCheck(ipAccess(['10.0.0.0/8'], []), ctx('10.1.2.3'))).toStrictEqual({
      pass: true,
      note: '10.1.2.3 passes the source-range check',
    });
    expect(runCheck(ipAccess([], ['192.0.2.0/24']), ctx('10.1.2.3')).pass).toBe(true);
    expect(runCheck(ipAccess(['10.0.0.0/8'], ['10.1.0.0/16']), ctx('10.1.2.3')).pass).toBe(false);
  });
});
