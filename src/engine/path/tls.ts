/** Stage 4: TLS termination: which certificate SNI selects, and whether the client accepts it. */
import type { Cluster, Listener } from '../model/cluster.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { WireRequest } from '../model/request.js';
import { nameCovers } from '../util/hostnames.js';
import type { NetworkTimings } from '../sim/network.js';
import type { Ending, TraceBuilder } from './builder.js';
import type { Connection } from './l4lb.js';
import { selectListener } from './listeners.js';

export interface TlsOutcome {
  /** The scheme the controller's listener speaks. */
  readonly scheme: 'http' | 'https';
  /** The listener SNI chose, when TLS ended at the controller. */
  readonly listener?: Listener;
  readonly ending?: Ending;
}

export function tlsStage(
  t: TraceBuilder,
  cluster: Cluster,
  conn: Connection,
  family: FamilyBehaviour,
  req: WireRequest,
  now: string | undefined,
  timings: NetworkTimings,
): TlsOutcome {
  const { port } = conn;
  const handshakeMs = timings.clientRttMs * timings.tlsRoundTrips;
  if (req.scheme === 'http') {
    if (port.protocol === 'https') {
      const explanation = `Port ${req.port} leads to the controller's HTTPS listener, and the client spoke plain HTTP to it: ${family.words.plainHttpToTls}.`;
      const status = family.status.plainHttpToTlsPort;
      t.stage('tls', 'fail', 'plain HTTP sent to the HTTPS port', explanation, {
        sources: [port.source],
      });
      return {
        scheme: 'https',
        ending: {
          status,
          ...(status === null ? { error: 'the TLS port closed the connection' } : {}),
          summary: `${status ?? 'no answer'}: plain HTTP to the HTTPS port`,
          explanation,
        },
      };
    }
    t.stage(
      'tls',
      'skipped',
      'plain HTTP: no TLS',
      'The request is plain HTTP, so there is no TLS handshake.',
    );
    return { scheme: 'http' };
  }
  if (port.tlsAtLoadBalancer) {
    t.tls = {
      secret: null,
      defaultCertificate: false,
      verified: true,
      subject: 'the load balancer certificate',
    };
    t.stage(
      'tls',
      'ok',
      'TLS terminated at the cloud load balancer',
      `The load balancer ends TLS with its own certificate (assumed valid for ${req.sni ?? req.urlHost}) and sends plain HTTP to the controller's port 80, so the controller sees scheme "http".`,
      {
        sources: [port.source],
        durationMs: handshakeMs,
        assumptions: ['the cloud load balancer certificate is valid for the requested name'],
      },
    );
    return { scheme: 'http' };
  }
  if (port.protocol === 'http') {
    const explanation = `Port ${req.port} leads to the controller's plain-HTTP listener, so the TLS handshake fails: the client gets an HTTP answer where it expected a TLS record.`;
    t.stage('tls', 'fail', 'TLS to a plain-HTTP port', explanation, {
      sources: [port.source],
      log: 'curl: (35) OpenSSL: error:0A00010B:SSL routines::wrong version number',
    });
    return {
      scheme: 'http',
      ending: {
        status: null,
        error: 'TLS handshake failed: the port speaks plain HTTP',
        summary: 'TLS handshake failed',
        explanation,
      },
    };
  }
  const listener = selectListener(conn.listeners, req.sni);
  if (!listener) {
    const names = conn.listeners.map((l) => l.hostname ?? '*').join(', ');
    const explanation = `No HTTPS listener on port ${req.port} accepts the TLS name ${req.sni ? `"${req.sni}"` : '(none)'} (they serve ${names}), so ${family.product} closes the connection during the handshake.`;
    t.stage('tls', 'fail', `no listener for SNI ${req.sni ?? '(none)'}`, explanation, {
      sources: conn.listeners.map((l) => l.source),
      durationMs: timings.clientRttMs,
      log: 'curl: (35) OpenSSL SSL_connect: Connection reset by peer',
    });
    return {
      scheme: 'https',
      ending: {
        status: null,
        error: 'TLS handshake failed: no listener for this server name',
        summary: 'TLS: no listener for this name',
        explanation,
      },
    };
  }
  const binding = listener.tls ?? family.selectCertificate(listener.table, req.sni)?.tls;
  const checkName = req.sni ?? req.urlHost;
  let secret: string | null = null;
  let defaultReason: string | undefined;
  let covers = false;
  let subject: string = family.defaultCertificateName;
  let expired: string | undefined;
  const sources = binding ? [binding.source] : [];
  const assumptions: string[] = [];
  let automatic: string | undefined;
  if (!req.sni) defaultReason = 'the client sent no SNI name (the URL names an address)';
  else if (!binding) defaultReason = `nothing configures TLS for ${req.sni}`;
  else if (binding.automatic && binding.automatic.names.some((n) => nameCovers(n, checkName))) {
    // Obtained by the controller itself (ACME): assumed issued, valid and covering the name.
    automatic = binding.automatic.issuer;
    secret = `${binding.automatic.issuer} (automatic)`;
    covers = true;
    subject = checkName;
    assumptions.push(
      `the certificate resolver ${binding.automatic.issuer} obtained a certificate for ${checkName} (the ACME challenge succeeded)`,
    );
  } else if (!binding.secret)
    defaultReason = binding.defaultReason ?? 'no certificate is configured';
  else {
    secret = binding.secret;
    const cert = cluster.certificates.get(binding.secret);
    if (cert?.placeholder) {
      covers = true;
      subject = `${binding.secret} (placeholder, assumed to cover ${checkName})`;
      assumptions.push(
        `Secret ${binding.secret} holds a placeholder, not a PEM certificate; routelab assumes it is valid for ${checkName}`,
      );
    } else if (cert) {
      subject = cert.subject ?? cert.dnsNames[0] ?? binding.secret;
      covers = [...cert.dnsNames, ...(cert.subject ? [cert.subject] : [])].some((n) =>
        nameCovers(n.toLowerCase(), checkName),
      );
      if (now && cert.notAfter && Date.parse(cert.notAfter) < Date.parse(now))
        expired = cert.notAfter;
      sources.push(cert.source);
    }
  }
  const isDefault = secret === null;
  if (isDefault) covers = false;
  const verified = covers && !expired;
  t.tls = { secret, defaultCertificate: isDefault, verified, subject };
  const served = isDefault
    ? `the default certificate "${family.defaultCertificateName}"`
    : automatic
      ? `the certificate it obtained automatically from ${automatic} (ACME)`
      : `the certificate from Secret ${secret}`;
  const why = isDefault ? ` because ${defaultReason ?? 'no configured certificate applies'}` : '';
  if (!verified) {
    const problem = isDefault
      ? `it is self-signed and does not name ${checkName}`
      : expired
        ? `it expired on ${expired}`
        : `it does not cover ${checkName}`;
    const explanation = `SNI ${req.sni ? `"${req.sni}"` : '(none)'}: the controller serves ${served}${why}. A client that checks certificates refuses it: ${problem}.${req.insecure ? ' With --insecure the client carries on anyway.' : ' Browsers show a certificate warning; curl stops (use -k to carry on).'}`;
    t.stage(
      'tls',
      req.insecure ? 'ok' : 'fail',
      `${isDefault ? 'default (fake) certificate' : `certificate ${secret}`}: not valid for ${checkName}`,
      explanation,
      {
        sources,
        durationMs: handshakeMs,
        log: isDefault
          ? 'curl: (60) SSL certificate problem: self-signed certificate'
          : `curl: (60) SSL: no alternative certificate subject name matches target host name '${checkName}'`,
        assumptions,
      },
    );
    if (!req.insecure)
      return {
        scheme: 'https',
        ending: {
          status: null,
          error: `certificate verify failed: ${problem}`,
          summary: 'TLS: certificate rejected by the client',
          explanation,
        },
      };
    return { scheme: 'https', listener };
  }
  t.stage(
    'tls',
    'ok',
    `SNI ${req.sni} → ${secret}`,
    `SNI "${req.sni}" selects ${served}, which covers ${checkName}. TLS ends at the controller; the request continues as HTTPS.`,
    {
      sources,
      durationMs: handshakeMs,
      assumptions,
    },
  );
  return { scheme: 'https', listener };
}
