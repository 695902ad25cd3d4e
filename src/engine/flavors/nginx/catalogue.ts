/**
 * Every ingress-nginx annotation and ConfigMap key, as data: where it may be set, what it does,
 * its default, unit and allowed values, and the annotation parser's risk level. Meant for hover
 * docs and for the linter ("this key is ConfigMap-only", "this annotation was removed", "this
 * name does not exist; did you mean …").
 *
 * Target: controller v1.12 – v1.15 (the last releases; semantics.md B0). Sources read (public
 * GitHub copies, via the stored index):
 *   - kubernetes/ingress-nginx internal/ingress/controller/config/config.go (index file id
 *     2396232547; the stored default, @003f04c, is v1.10-era): the version with
 *     `AnnotationsRiskLevel: "High"`, the stronger-first `sslCiphers` (v1.14 #13921) and no
 *     `ProxyBusyBuffersSize` default (v1.14 #13780): struct tags and `NewDefault()`.
 *   - kubernetes/ingress-nginx internal/ingress/controller/template/configmap.go (`ReadConfig`,
 *     a pre-v1.12 copy that still parses `plugins`): keys parsed by hand, e.g. global-auth-*,
 *     http-redirect-code (301/302/307/308 only), bind-address, lua-shared-dicts.
 *   - kubernetes/ingress-nginx internal/ingress/defaults/main.go @0315b01 (the `Backend` struct
 *     squashed into the ConfigMap: the keys an annotation falls back to).
 *   - kubernetes/ingress-nginx docs/user-guide/nginx-configuration/annotations-risk.md @03c5ce5
 *     (generated table of every annotation with its risk, v1.12 era).
 *   - rikatz/ingress-nginx-annotations (a maintainer's fork of internal/ingress/annotations for
 *     ingress2gateway) annotations/*\/main.go @08096aa: validators, allowed values and risks of
 *     the v1.13+ parsers (proxy-busy-buffers-size, relative-redirects, named auth-tls redirects).
 *   - kubernetes/ingress-nginx docs/user-guide/nginx-configuration/annotations.md @c8cb916 and
 *     configmap.md (older stored versions): section anchors and documented defaults.
 *   - kubernetes/ingress-nginx changelog/controller-1.7.1, 1.10.0, 1.12.0, 1.13.0, 1.14.0,
 *     1.15.0.md: removals (influxdb 1.7.1; OpenTracing/Zipkin/Jaeger/Datadog and legacy GeoIP
 *     1.10.0; global-rate-limit* and plugins 1.12.0 via #11851 / #11821).
 *
 * Where the docs and the code disagree, the code wins (hsts-max-age, variables-hash-bucket-size,
 * otel-sampler, keep-alive-requests, allow-snippet-annotations); see the notes on those keys.
 * Doc anchors point into docs/user-guide/nginx-configuration/; keys that the stored docs do not
 * describe point at the nearest section, or at annotations-risk.md, which lists every annotation.
 *
 * Scope: 'annotation' = only `nginx.ingress.kubernetes.io/<name>` on an Ingress; 'configmap' =
 * only the controller ConfigMap; 'both' = the ConfigMap sets the global value and the annotation
 * overrides it for one Ingress (semantics.md B11). A key with `removedIn` existed once and is
 * now silently ignored.
 */

export type NginxKeyScope = 'annotation' | 'configmap' | 'both';
export type RiskLevel = 'Low' | 'Medium' | 'High' | 'Critical';

export interface NginxKey {
  /** Without prefix, e.g. 'proxy-read-timeout'. */
  readonly name: string;
  /** Where it may be set. */
  readonly scope: NginxKeyScope;
  /** One plain sentence: what it does (hover docs). */
  readonly summary: string;
  /** Default value as text, when there is one ('60', '1m', 'round_robin', 'true'). */
  readonly default?: string;
  /** 'seconds', 'nginx size', 'requests per second', … */
  readonly unit?: string;
  /** Closed set of allowed values, when there is one. Not set for lists of tokens. */
  readonly values?: readonly string[];
  /** Annotations only: the parser's risk (annotations-risk-level, default High, refuses Critical). */
  readonly risk?: RiskLevel;
  /** Other names the same parser reads, e.g. whitelist-source-range for allowlist-source-range. */
  readonly aliases?: readonly string[];
  /** Controller version that stopped reading it, e.g. '1.12.0'. */
  readonly removedIn?: string;
  /** Doc anchor, e.g. 'annotations.md#custom-timeouts' or 'configmap.md#proxy-read-timeout'. */
  readonly docs: string;
}

export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';

const ON_OFF = ['on', 'off'] as const;
const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
];
// config.go `sslCiphers` since v1.14 (#13921 put AES256 before AES128 for DHE); v1.12–v1.13 had
// the two DHE ciphers the other way round.
const SSL_CIPHERS =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:' +
  'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:' +
  'DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256';
const COMPRESSIBLE_TYPES =
  'application/atom+xml application/javascript application/x-javascript application/json ' +
  'application/rss+xml application/vnd.ms-fontobject application/x-font-ttf ' +
  'application/x-web-app-manifest+json application/xhtml+xml application/xml font/opentype ' +
  'image/svg+xml image/x-icon text/css text/javascript text/plain text/x-component';
const LOG_FORMAT_UPSTREAM =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ' +
  '"$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] ' +
  '[$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length ' +
  '$upstream_response_time $upstream_status $req_id';

/** Removed with OpenTracing in v1.10.0 (changelog/controller-1.10.0.md). */
const openTracingKey = (name: string, what: string): NginxKey => ({
  name,
  scope: 'configmap',
  summary: `Configured ${what} for the OpenTracing module, which was removed; OpenTelemetry replaced it.`,
  removedIn: '1.10.0',
  docs: `configmap.md#${name}`,
});

/** Removed with the memcached-based global rate limiter in v1.12.0 (#11851). */
const globalRateLimitKey = (name: string, what: string, def?: string): NginxKey => ({
  name,
  scope: 'configmap',
  summary: `${what} for the memcached-backed global rate limiter, which was removed.`,
  ...(def === undefined ? {} : { default: def }),
  removedIn: '1.12.0',
  docs: 'configmap.md#global-rate-limit',
});

// prettier-ignore
export const NGINX_KEYS: readonly NginxKey[] = [
  // ── Paths, rewrites and HTTPS redirects (annotations.md#rewrite, #server-side-https-…) ─────
  { name: 'rewrite-target', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#rewrite',
    summary: 'Rewrites the path sent to the backend using the regex capture groups ($1, $2 …) of the rule path, and switches the whole host to regex locations.' },
  { name: 'use-regex', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#use-regex',
    summary: 'Treats paths as case-insensitive regular expressions; once any Ingress of a host sets it, every path of that host becomes a regex.' },
  { name: 'app-root', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#rewrite',
    summary: 'Answers requests for / with a 302 redirect to this relative path.' },
  { name: 'x-forwarded-prefix', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#x-forwarded-prefix-header',
    summary: 'Sends an X-Forwarded-Prefix request header with this value to the backend.' },
  { name: 'ssl-redirect', scope: 'both', risk: 'Low', default: 'true', values: ['true', 'false'], docs: 'annotations.md#server-side-https-enforcement-through-redirect',
    summary: 'Redirects plain-HTTP requests to HTTPS (code from http-redirect-code), but only for hosts that have a TLS certificate.' },
  { name: 'force-ssl-redirect', scope: 'both', risk: 'Medium', default: 'false', values: ['true', 'false'], docs: 'annotations.md#server-side-https-enforcement-through-redirect',
    summary: 'Redirects plain-HTTP requests to HTTPS even without a certificate, for TLS that ends at a load balancer in front.' },
  // Not in the configmap.md table, but a `Backend` field the rewrite parser falls back to.
  { name: 'preserve-trailing-slash', scope: 'both', risk: 'Medium', default: 'false', values: ['true', 'false'], docs: 'annotations.md#server-side-https-enforcement-through-redirect',
    summary: 'Keeps the trailing slash of the URL in the HTTPS redirect instead of dropping it.' },
  // Not in the configmap.md table, but a `Backend` field the parser falls back to.
  { name: 'use-port-in-redirects', scope: 'both', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations-risk.md',
    summary: 'Keeps the port number in the Location of redirects that nginx itself issues.' },
  { name: 'relative-redirects', scope: 'both', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'configmap.md#relative-redirects',
    summary: 'Makes nginx send relative Location headers in its own redirects (absolute_redirect off).' },

  // ── Redirect annotations (annotations.md#permanent-redirect …) ──────────────────────────────
  { name: 'permanent-redirect', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#permanent-redirect',
    summary: 'Answers every request with a permanent redirect to this URL instead of proxying it.' },
  { name: 'permanent-redirect-code', scope: 'annotation', risk: 'Low', default: '301', unit: 'HTTP status', docs: 'annotations.md#permanent-redirect-code',
    summary: 'Status code for permanent-redirect; a value outside 300–308 falls back to 301.' },
  { name: 'temporal-redirect', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#temporal-redirect',
    summary: 'Answers every request with a temporary redirect to this URL instead of proxying it.' },
  { name: 'temporal-redirect-code', scope: 'annotation', risk: 'Low', default: '302', unit: 'HTTP status', docs: 'annotations.md#temporal-redirect',
    summary: 'Status code for temporal-redirect; a value outside 300–307 falls back to 302.' },
  { name: 'from-to-www-redirect', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#redirect-fromto-www',
    summary: 'Adds a redirect between www.<host> and <host>, towards the host written in the rule.' },

  // ── Canary (annotations.md#canary) ──────────────────────────────────────────────────────────
  { name: 'canary', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#canary',
    summary: 'Makes this Ingress the canary of another Ingress with the same host and path; its other annotations are mostly ignored.' },
  { name: 'canary-by-header', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#canary',
    summary: 'Request header that sends the request to the canary when it is "always" and to the main backend when it is "never".' },
  { name: 'canary-by-header-value', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#canary',
    summary: 'Exact value of the canary-by-header header that selects the canary; needs canary-by-header.' },
  { name: 'canary-by-header-pattern', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#canary',
    summary: 'PCRE pattern for the canary-by-header value that selects the canary; ignored when canary-by-header-value is set.' },
  { name: 'canary-by-cookie', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#canary',
    summary: 'Cookie whose value "always" or "never" forces the request to or away from the canary.' },
  { name: 'canary-weight', scope: 'annotation', risk: 'Low', default: '0', unit: 'weight out of canary-weight-total', docs: 'annotations.md#canary',
    summary: 'Share of the remaining requests sent to the canary at random, out of canary-weight-total.' },
  { name: 'canary-weight-total', scope: 'annotation', risk: 'Low', default: '100', docs: 'annotations.md#canary',
    summary: 'The total that canary-weight is measured against.' },

  // ── Session affinity (annotations.md#session-affinity, #cookie-affinity) ────────────────────
  { name: 'affinity', scope: 'annotation', risk: 'Low', values: ['cookie'], docs: 'annotations.md#session-affinity',
    summary: 'Turns on sticky sessions for the paths of this Ingress; cookie is the only type.' },
  { name: 'affinity-mode', scope: 'annotation', risk: 'Medium', default: 'balanced', values: ['balanced', 'persistent'], docs: 'annotations.md#session-affinity',
    summary: 'Whether some sessions move to new pods after scaling up (balanced) or never move (persistent).' },
  { name: 'affinity-canary-behavior', scope: 'annotation', risk: 'Low', default: 'sticky', values: ['sticky', 'legacy'], docs: 'annotations.md#session-affinity',
    summary: 'Whether clients once served by the canary stay on it (sticky) or affinity ignores canaries (legacy).' },
  { name: 'session-cookie-name', scope: 'annotation', risk: 'Medium', default: 'INGRESSCOOKIE', docs: 'annotations.md#cookie-affinity',
    summary: 'Name of the sticky-session cookie.' },
  { name: 'session-cookie-path', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#cookie-affinity',
    summary: 'Path attribute of the sticky cookie; needed with use-regex, because a cookie path cannot be a regex.' },
  { name: 'session-cookie-domain', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#cookie-affinity',
    summary: 'Domain attribute of the sticky cookie.' },
  { name: 'session-cookie-samesite', scope: 'annotation', risk: 'Low', values: ['None', 'Lax', 'Strict'], docs: 'annotations.md#cookie-affinity',
    summary: 'SameSite attribute of the sticky cookie.' },
  { name: 'session-cookie-conditional-samesite-none', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#cookie-affinity',
    summary: 'Leaves out SameSite=None for browsers known to mishandle it.' },
  { name: 'session-cookie-change-on-failure', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#cookie-affinity',
    summary: 'Points the sticky cookie at another pod when the request to its pod failed.' },
  { name: 'session-cookie-secure', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#cookie-affinity',
    summary: 'Sets the Secure flag on the sticky cookie even for plain-HTTP requests.' },
  { name: 'session-cookie-expires', scope: 'annotation', risk: 'Medium', unit: 'seconds', docs: 'annotations.md#cookie-affinity',
    summary: 'Adds an Expires attribute this many seconds ahead, for old browsers that ignore Max-Age.' },
  { name: 'session-cookie-max-age', scope: 'annotation', risk: 'Medium', unit: 'seconds', docs: 'annotations.md#cookie-affinity',
    summary: 'Max-Age of the sticky cookie; without it the cookie lasts for the browser session.' },
  { name: 'session-cookie-partitioned', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#cookie-affinity',
    summary: 'Adds the Partitioned attribute (CHIPS) to the sticky cookie.' },

  // ── Load balancing and upstreams ────────────────────────────────────────────────────────────
  // The annotation validator also accepts the balancer's internal names; round_robin and ewma
  // are the documented choices.
  { name: 'load-balance', scope: 'both', risk: 'Low', default: 'round_robin', values: ['round_robin', 'ewma', 'chash', 'chashsubset', 'sticky_balanced', 'sticky_persistent'], docs: 'annotations.md#custom-nginx-load-balancing',
    summary: 'Load-balancing algorithm across the pods: round_robin or ewma (peak EWMA); upstream-hash-by takes precedence.' },
  { name: 'upstream-hash-by', scope: 'annotation', risk: 'High', docs: 'annotations.md#custom-nginx-upstream-hashing',
    summary: 'Consistent-hash key built from nginx variables and text (e.g. $request_uri), overriding load-balance.' },
  { name: 'upstream-hash-by-subset', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#custom-nginx-upstream-hashing',
    summary: 'Hashes each key to a group of pods instead of one, then picks a pod of the group at random.' },
  { name: 'upstream-hash-by-subset-size', scope: 'annotation', risk: 'Low', default: '3', unit: 'pods', docs: 'annotations.md#custom-nginx-upstream-hashing',
    summary: 'Number of pods in each group used by upstream-hash-by-subset.' },
  { name: 'upstream-vhost', scope: 'annotation', risk: 'Low', docs: 'annotations.md#custom-nginx-upstream-vhost',
    summary: 'Replaces the Host header sent to the backend.' },
  { name: 'service-upstream', scope: 'both', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#service-upstream',
    summary: "Proxies to the Service's cluster IP instead of the pod IPs, which disables affinity and retries to another pod." },
  { name: 'backend-protocol', scope: 'annotation', risk: 'Low', default: 'HTTP', values: ['HTTP', 'HTTPS', 'AUTO_HTTP', 'GRPC', 'GRPCS', 'FCGI'], docs: 'annotations.md#backend-protocol',
    summary: 'Protocol nginx speaks to the backend pods (case-insensitive).' },
  { name: 'default-backend', scope: 'annotation', risk: 'Low', docs: 'annotations.md#default-backend',
    summary: "Service in the same namespace that answers when the rule's service has no ready endpoints, and serves custom-http-errors pages." },
  { name: 'custom-http-errors', scope: 'both', risk: 'Low', unit: 'HTTP status list', docs: 'annotations.md#custom-http-errors',
    summary: 'Status codes from the backend that nginx intercepts and replaces with a page from the default backend.' },
  { name: 'disable-proxy-intercept-errors', scope: 'both', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'configmap.md#disable-proxy-intercept-errors',
    summary: "Uses custom-http-errors only for errors nginx produces itself, passing the backend's own error responses through." },
  { name: 'custom-headers', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#custom-headers',
    summary: 'ConfigMap in the same namespace whose entries become response headers; each name must be listed in global-allowed-response-headers.' },
  { name: 'connection-proxy-header', scope: 'annotation', risk: 'Low', docs: 'annotations.md#connection-proxy-header',
    summary: 'Overrides the Connection header that nginx sends to the backend.' },
  { name: 'fastcgi-index', scope: 'annotation', risk: 'Medium', docs: 'annotations-risk.md',
    summary: 'Index file name for FastCGI backends (backend-protocol FCGI).' },
  { name: 'fastcgi-params-configmap', scope: 'annotation', risk: 'Medium', docs: 'annotations-risk.md',
    summary: 'ConfigMap in the same namespace holding fastcgi_param values for FastCGI backends.' },

  // ── Proxy timeouts, retries, buffers (annotations.md#custom-timeouts …) ─────────────────────
  { name: 'proxy-connect-timeout', scope: 'both', risk: 'Low', default: '5', unit: 'seconds', docs: 'annotations.md#custom-timeouts',
    summary: 'How long nginx waits to open a connection to a pod; nginx rarely allows more than 75 s.' },
  { name: 'proxy-send-timeout', scope: 'both', risk: 'Low', default: '60', unit: 'seconds', docs: 'annotations.md#custom-timeouts',
    summary: 'Longest pause allowed between two writes of the request to the pod, not a limit on the whole request.' },
  { name: 'proxy-read-timeout', scope: 'both', risk: 'Low', default: '60', unit: 'seconds', docs: 'annotations.md#custom-timeouts',
    summary: 'Longest pause allowed between two reads of the response from the pod, not a limit on the whole response.' },
  { name: 'proxy-next-upstream', scope: 'both', risk: 'Medium', default: 'error timeout', docs: 'annotations.md#custom-timeouts',
    summary: 'Space-separated conditions (error, timeout, http_502 …, off) on which nginx retries the request on another pod.' },
  { name: 'proxy-next-upstream-timeout', scope: 'both', risk: 'Low', default: '0', unit: 'seconds', docs: 'annotations.md#custom-timeouts',
    summary: 'Time limit for all retries of one request together; 0 means no limit.' },
  { name: 'proxy-next-upstream-tries', scope: 'both', risk: 'Low', default: '3', unit: 'attempts', docs: 'annotations.md#custom-timeouts',
    summary: 'Most attempts for one request, counting the first.' },
  { name: 'proxy-request-buffering', scope: 'both', risk: 'Low', default: 'on', values: ON_OFF, docs: 'annotations.md#custom-timeouts',
    summary: 'Whether nginx reads the whole request body before sending it to the pod.' },
  { name: 'proxy-buffering', scope: 'both', risk: 'Low', default: 'off', values: ON_OFF, docs: 'annotations.md#proxy-buffering',
    summary: 'Whether nginx buffers responses from the pod; limit-rate needs it on.' },
  { name: 'proxy-buffers-number', scope: 'both', risk: 'Low', default: '4', unit: 'buffers', docs: 'annotations.md#proxy-buffers-number',
    summary: 'Number of buffers (of proxy-buffer-size each) used to read a response.' },
  { name: 'proxy-buffer-size', scope: 'both', risk: 'Low', default: '4k', unit: 'nginx size', docs: 'annotations.md#proxy-buffer-size',
    summary: 'Size of the buffer for the first part of the response (the headers); too small gives "upstream sent too big header" 502s.' },
  { name: 'proxy-busy-buffers-size', scope: 'both', risk: 'Low', unit: 'nginx size', docs: 'annotations.md#proxy-busy-buffers-size',
    summary: 'Limit on buffers busy sending to the client while the response is still being read; unset lets nginx derive it.' },
  { name: 'proxy-max-temp-file-size', scope: 'both', risk: 'Low', default: '1024m', unit: 'nginx size', docs: 'annotations.md#proxy-max-temp-file-size',
    summary: 'Largest temporary file used when a buffered response does not fit in memory; 0 disables it.' },
  { name: 'proxy-body-size', scope: 'both', risk: 'Medium', default: '1m', unit: 'nginx size', docs: 'annotations.md#custom-max-body-size',
    summary: 'Largest request body accepted (client_max_body_size); bigger ones get 413, and 0 means no limit.' },
  { name: 'proxy-http-version', scope: 'both', risk: 'Low', default: '1.1', values: ['1.0', '1.1'], docs: 'annotations.md#proxy-http-version',
    summary: 'HTTP version nginx uses towards the pod.' },
  { name: 'proxy-cookie-domain', scope: 'both', risk: 'Medium', default: 'off', docs: 'annotations.md#proxy-cookie-domain',
    summary: 'Rewrites the domain attribute of Set-Cookie headers from the pod ("from to").' },
  { name: 'proxy-cookie-path', scope: 'both', risk: 'Medium', default: 'off', docs: 'annotations.md#proxy-cookie-path',
    summary: 'Rewrites the path attribute of Set-Cookie headers from the pod ("from to").' },
  { name: 'proxy-redirect-from', scope: 'both', risk: 'Medium', default: 'off', docs: 'annotations.md#proxy-redirect',
    summary: 'Text to replace in Location and Refresh headers from the pod; "off" or "default" disables proxy-redirect-to.' },
  { name: 'proxy-redirect-to', scope: 'both', risk: 'Medium', default: 'off', docs: 'annotations.md#proxy-redirect',
    summary: 'Replacement for proxy-redirect-from in Location and Refresh headers.' },
  { name: 'client-body-buffer-size', scope: 'both', risk: 'Low', default: '8k', unit: 'nginx size', docs: 'annotations.md#client-body-buffer-size',
    summary: 'Memory buffer for a request body; larger bodies spill to a temporary file.' },

  // ── Backend TLS (annotations.md#backend-certificate-authentication) ─────────────────────────
  { name: 'proxy-ssl-secret', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#backend-certificate-authentication',
    summary: 'Secret (namespace/name) with tls.crt, tls.key and ca.crt for TLS to the backend.' },
  { name: 'proxy-ssl-verify', scope: 'annotation', risk: 'Low', default: 'off', values: ON_OFF, docs: 'annotations.md#backend-certificate-authentication',
    summary: "Whether nginx checks the backend's certificate against ca.crt." },
  { name: 'proxy-ssl-verify-depth', scope: 'annotation', risk: 'Low', default: '1', docs: 'annotations.md#backend-certificate-authentication',
    summary: "How deep nginx checks the backend's certificate chain." },
  { name: 'proxy-ssl-ciphers', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#backend-certificate-authentication',
    summary: 'OpenSSL cipher list for TLS to the backend.' },
  { name: 'proxy-ssl-protocols', scope: 'annotation', risk: 'Low', docs: 'annotations.md#backend-certificate-authentication',
    summary: 'TLS versions allowed towards the backend (TLSv1.2, TLSv1.3).' },
  { name: 'proxy-ssl-name', scope: 'annotation', risk: 'High', docs: 'annotations.md#backend-certificate-authentication',
    summary: "Server name used to verify the backend's certificate and sent as SNI." },
  { name: 'proxy-ssl-server-name', scope: 'annotation', risk: 'Low', default: 'off', values: ON_OFF, docs: 'annotations.md#backend-certificate-authentication',
    summary: 'Whether nginx sends SNI when it connects to the backend over TLS.' },

  // ── Access control ──────────────────────────────────────────────────────────────────────────
  // The ConfigMap reads only the old spelling, whitelist-source-range.
  { name: 'allowlist-source-range', scope: 'both', risk: 'Medium', aliases: ['whitelist-source-range'], docs: 'annotations.md#whitelist-source-range',
    summary: 'Comma-separated CIDRs allowed to reach the paths; others get 403 (in the ConfigMap it is spelled whitelist-source-range).' },
  { name: 'denylist-source-range', scope: 'both', risk: 'Medium', docs: 'annotations.md#denylist-source-range',
    summary: 'Comma-separated CIDRs refused with 403.' },
  { name: 'satisfy', scope: 'annotation', risk: 'Low', default: 'all', values: ['all', 'any'], docs: 'annotations.md#satisfy',
    summary: 'Whether a request must pass every access check (all) or just one (any), e.g. source range or password.' },

  // ── Basic / digest auth (annotations.md#authentication) ─────────────────────────────────────
  { name: 'auth-type', scope: 'annotation', risk: 'Low', values: ['basic', 'digest'], docs: 'annotations.md#authentication',
    summary: 'Turns on HTTP basic or digest authentication for the paths.' },
  { name: 'auth-secret', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#authentication',
    summary: 'Secret (name or namespace/name) with the users and password hashes; if missing, the paths answer 503.' },
  { name: 'auth-secret-type', scope: 'annotation', risk: 'Low', default: 'auth-file', values: ['auth-file', 'auth-map'], docs: 'annotations.md#authentication',
    summary: 'Whether the secret holds an htpasswd file under key "auth" or one key per user.' },
  { name: 'auth-realm', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#authentication',
    summary: 'Realm text shown by the browser when it asks for credentials.' },

  // ── External auth (annotations.md#external-authentication) ──────────────────────────────────
  { name: 'auth-url', scope: 'annotation', risk: 'High', docs: 'annotations.md#external-authentication',
    summary: 'URL of a service asked about every request first; 2xx lets it through, 401/403 are returned to the client.' },
  { name: 'auth-method', scope: 'annotation', risk: 'Low', values: HTTP_METHODS, docs: 'annotations.md#external-authentication',
    summary: 'HTTP method used for the auth-url subrequest.' },
  { name: 'auth-signin', scope: 'annotation', risk: 'High', docs: 'annotations.md#external-authentication',
    summary: 'Login page that clients are redirected to when auth-url answers 401.' },
  { name: 'auth-signin-redirect-param', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#external-authentication',
    summary: 'Query parameter of auth-signin that carries the original URL.' },
  { name: 'auth-response-headers', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#external-authentication',
    summary: 'Comma-separated headers copied from the auth response into the request to the backend.' },
  { name: 'auth-proxy-set-headers', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#external-authentication',
    summary: 'ConfigMap in the same namespace with extra headers to send to the auth service.' },
  { name: 'auth-request-redirect', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#external-authentication',
    summary: 'Value of the X-Auth-Request-Redirect header sent to the auth service.' },
  { name: 'auth-cache-key', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#external-authentication',
    summary: 'Cache key (nginx variables) that turns on caching of auth responses.' },
  { name: 'auth-cache-duration', scope: 'annotation', risk: 'Medium', default: '200 202 401 5m', docs: 'annotations.md#external-authentication',
    summary: 'How long auth responses are cached, per status code (e.g. "200 202 10m, 401 5m").' },
  { name: 'auth-keepalive', scope: 'annotation', risk: 'Low', default: '0', unit: 'connections', docs: 'annotations.md#external-authentication',
    summary: 'Idle keepalive connections kept to the auth service; 0 disables them.' },
  { name: 'auth-keepalive-requests', scope: 'annotation', risk: 'Low', default: '1000', unit: 'requests', docs: 'annotations.md#external-authentication',
    summary: 'Requests served through one keepalive connection to the auth service.' },
  { name: 'auth-keepalive-timeout', scope: 'annotation', risk: 'Low', default: '60', unit: 'seconds', docs: 'annotations.md#external-authentication',
    summary: 'How long an idle keepalive connection to the auth service stays open.' },
  { name: 'auth-keepalive-share-vars', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#external-authentication',
    summary: 'Shares nginx variables between the request and its auth subrequest.' },
  { name: 'auth-always-set-cookie', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#external-authentication',
    summary: 'Passes Set-Cookie from the auth response to the client whatever the final status.' },
  { name: 'auth-snippet', scope: 'annotation', risk: 'Critical', docs: 'annotations.md#external-authentication',
    summary: 'Raw nginx directives for the auth subrequest location (needs auth-url and snippets allowed).' },
  { name: 'enable-global-auth', scope: 'annotation', risk: 'Low', default: 'true', values: ['true', 'false'], docs: 'annotations.md#external-authentication',
    summary: 'Set to false to exempt this Ingress from the ConfigMap global-auth-url.' },

  // ── Client certificates (annotations.md#client-certificate-authentication) ──────────────────
  { name: 'auth-tls-secret', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#client-certificate-authentication',
    summary: 'Secret (namespace/name) whose ca.crt signs the client certificates accepted for the host.' },
  { name: 'auth-tls-verify-client', scope: 'annotation', risk: 'Medium', default: 'on', values: ['on', 'off', 'optional', 'optional_no_ca'], docs: 'annotations.md#client-certificate-authentication',
    summary: 'Whether a client certificate is required, optional or not asked for; a failed check gives 400.' },
  { name: 'auth-tls-verify-depth', scope: 'annotation', risk: 'Low', default: '1', docs: 'annotations.md#client-certificate-authentication',
    summary: 'How deep the client certificate chain is checked.' },
  { name: 'auth-tls-error-page', scope: 'annotation', risk: 'High', docs: 'annotations.md#client-certificate-authentication',
    summary: 'URL or named location clients are sent to when the certificate check fails.' },
  { name: 'auth-tls-pass-certificate-to-upstream', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#client-certificate-authentication',
    summary: 'Forwards the client certificate to the backend in the ssl-client-cert header.' },
  { name: 'auth-tls-match-cn', scope: 'annotation', risk: 'High', docs: 'annotations.md#client-certificate-authentication',
    summary: 'Regex "CN=…" the client certificate subject must match, otherwise 403.' },

  // ── Rate limiting (annotations.md#rate-limiting; semantics.md B7) ───────────────────────────
  { name: 'limit-rps', scope: 'annotation', risk: 'Low', unit: 'requests per second', docs: 'annotations.md#rate-limiting',
    summary: 'Requests per second allowed per client IP and controller replica, with a burst of rate × limit-burst-multiplier; excess gets limit-req-status-code.' },
  { name: 'limit-rpm', scope: 'annotation', risk: 'Low', unit: 'requests per minute', docs: 'annotations.md#rate-limiting',
    summary: 'Requests per minute allowed per client IP and controller replica, with a burst of rate × limit-burst-multiplier.' },
  { name: 'limit-connections', scope: 'annotation', risk: 'Low', unit: 'connections', docs: 'annotations.md#rate-limiting',
    summary: 'Concurrent connections allowed per client IP and replica; excess gets limit-conn-status-code.' },
  { name: 'limit-burst-multiplier', scope: 'annotation', risk: 'Low', default: '5', docs: 'annotations.md#rate-limiting',
    summary: 'Burst size as a multiple of limit-rps or limit-rpm.' },
  { name: 'limit-allowlist', scope: 'annotation', risk: 'Low', aliases: ['limit-whitelist'], docs: 'annotations.md#rate-limiting',
    summary: 'Comma-separated CIDRs exempt from limit-rps, limit-rpm and limit-connections.' },
  // The parser's own doc says bytes per second, but the template renders `limit_rate <n>k`.
  { name: 'limit-rate', scope: 'both', risk: 'Low', default: '0', unit: 'KB per second', docs: 'annotations.md#rate-limiting',
    summary: 'Bandwidth limit per connection for responses; needs proxy-buffering on, and 0 turns it off.' },
  { name: 'limit-rate-after', scope: 'both', risk: 'Low', default: '0', unit: 'KB', docs: 'annotations.md#rate-limiting',
    summary: 'Amount of a response sent at full speed before limit-rate applies.' },

  // ── CORS (annotations.md#enable-cors) ───────────────────────────────────────────────────────
  { name: 'enable-cors', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#enable-cors',
    summary: 'Adds CORS headers and answers preflight OPTIONS requests with 204; the cors-* keys do nothing without it.' },
  { name: 'cors-allow-origin', scope: 'annotation', risk: 'Medium', default: '*', docs: 'annotations.md#enable-cors',
    summary: 'Comma-separated origins (scheme://host[:port], *.domain wildcards, null or *) allowed by CORS.' },
  { name: 'cors-allow-methods', scope: 'annotation', risk: 'Medium', default: 'GET, PUT, POST, DELETE, PATCH, OPTIONS', docs: 'annotations.md#enable-cors',
    summary: 'Methods listed in Access-Control-Allow-Methods.' },
  { name: 'cors-allow-headers', scope: 'annotation', risk: 'Medium', default: 'DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization', docs: 'annotations.md#enable-cors',
    summary: 'Headers listed in Access-Control-Allow-Headers.' },
  { name: 'cors-expose-headers', scope: 'annotation', risk: 'Medium', docs: 'annotations.md#enable-cors',
    summary: 'Headers listed in Access-Control-Expose-Headers.' },
  { name: 'cors-allow-credentials', scope: 'annotation', risk: 'Low', default: 'true', values: ['true', 'false'], docs: 'annotations.md#enable-cors',
    summary: 'Whether Access-Control-Allow-Credentials is sent.' },
  { name: 'cors-max-age', scope: 'annotation', risk: 'Low', default: '1728000', unit: 'seconds', docs: 'annotations.md#enable-cors',
    summary: 'How long browsers may cache a preflight answer.' },

  // ── Server-level settings and snippets ──────────────────────────────────────────────────────
  { name: 'server-alias', scope: 'annotation', risk: 'High', docs: 'annotations.md#server-alias',
    summary: 'Extra host names served by the same nginx server; ignored where they clash with another Ingress host.' },
  { name: 'configuration-snippet', scope: 'annotation', risk: 'Critical', docs: 'annotations.md#configuration-snippet',
    summary: 'Raw nginx directives added to each location of the Ingress; refused unless snippets are allowed and the risk level is Critical.' },
  { name: 'server-snippet', scope: 'both', risk: 'Critical', docs: 'annotations.md#server-snippet',
    summary: 'Raw nginx directives for the server block: from the ConfigMap for every server, from the annotation for its host only.' },
  { name: 'stream-snippet', scope: 'both', risk: 'Critical', docs: 'annotations.md#stream-snippet',
    summary: 'Raw nginx directives added to the stream (TCP/UDP) block.' },
  { name: 'ssl-passthrough', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#ssl-passthrough',
    summary: 'Passes TLS untouched to the Service (needs --enable-ssl-passthrough); every other annotation is then ignored.' },
  { name: 'ssl-ciphers', scope: 'both', risk: 'Low', default: SSL_CIPHERS, docs: 'annotations.md#ssl-ciphers',
    summary: 'OpenSSL cipher list offered to clients; the annotation applies to the whole host.' },
  { name: 'ssl-prefer-server-ciphers', scope: 'annotation', risk: 'Low', values: ['true', 'false'], docs: 'annotations.md#ssl-ciphers',
    summary: "Prefers the server's cipher order over the client's for the host." },
  { name: 'http2-push-preload', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#http2-push-preload',
    summary: 'Turns preload Link headers into HTTP/2 pushes; still parsed, but nginx 1.25 made the directive obsolete.' },

  // ── Mirroring (annotations.md#mirror) ───────────────────────────────────────────────────────
  { name: 'mirror-target', scope: 'annotation', risk: 'High', docs: 'annotations.md#mirror',
    summary: 'URL that receives a copy of each request; its answers are discarded, but a slow mirror slows the request.' },
  { name: 'mirror-host', scope: 'annotation', risk: 'High', docs: 'annotations.md#mirror',
    summary: 'Host header for mirrored requests instead of the host of mirror-target.' },
  { name: 'mirror-request-body', scope: 'annotation', risk: 'Low', default: 'on', values: ON_OFF, docs: 'annotations.md#mirror',
    summary: 'Whether the request body is copied to the mirror.' },

  // ── Logs, tracing, WAF ──────────────────────────────────────────────────────────────────────
  { name: 'enable-access-log', scope: 'annotation', risk: 'Low', default: 'true', values: ['true', 'false'], docs: 'annotations.md#enable-access-log',
    summary: 'Set to false to stop access logging for the paths of this Ingress.' },
  { name: 'enable-rewrite-log', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#enable-rewrite-log',
    summary: 'Logs rewrite decisions to the error log at notice level.' },
  { name: 'enable-opentelemetry', scope: 'both', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#enable-opentelemetry',
    summary: 'Turns OpenTelemetry tracing on or off, globally or for one Ingress.' },
  { name: 'opentelemetry-trust-incoming-span', scope: 'both', risk: 'Low', default: 'true', values: ['true', 'false'], docs: 'annotations.md#opentelemetry-trust-incoming-spans',
    summary: 'Whether incoming trace context becomes the parent of the spans nginx creates.' },
  { name: 'opentelemetry-operation-name', scope: 'both', risk: 'Medium', docs: 'annotations.md#enable-opentelemetry',
    summary: 'Name given to the server span.' },
  { name: 'enable-modsecurity', scope: 'both', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#modsecurity',
    summary: 'Loads the ModSecurity web application firewall (detection only with the recommended config).' },
  { name: 'enable-owasp-core-rules', scope: 'annotation', risk: 'Low', default: 'false', values: ['true', 'false'], docs: 'annotations.md#modsecurity',
    summary: 'Adds the OWASP Core Rule Set to ModSecurity for this Ingress (the ConfigMap key is enable-owasp-modsecurity-crs).' },
  { name: 'modsecurity-transaction-id', scope: 'annotation', risk: 'High', docs: 'annotations.md#modsecurity',
    summary: 'nginx variable used as the ModSecurity transaction id.' },
  { name: 'modsecurity-snippet', scope: 'both', risk: 'Critical', docs: 'annotations.md#modsecurity',
    summary: 'Raw ModSecurity rules; when set, enable-owasp-core-rules is ignored.' },

  // ── Removed annotations (still found in old manifests) ──────────────────────────────────────
  { name: 'global-rate-limit', scope: 'annotation', removedIn: '1.12.0', unit: 'requests per window', docs: 'annotations.md#global-rate-limiting',
    summary: 'Request limit of the memcached-backed global rate limiter, removed in v1.12.0; use limit-rps or limit-rpm.' },
  { name: 'global-rate-limit-window', scope: 'annotation', removedIn: '1.12.0', unit: 'duration', docs: 'annotations.md#global-rate-limiting',
    summary: 'Window of the removed global rate limiter; use limit-rps or limit-rpm.' },
  { name: 'global-rate-limit-key', scope: 'annotation', removedIn: '1.12.0', docs: 'annotations.md#global-rate-limiting',
    summary: 'Counting key of the removed global rate limiter; local limits always count per client IP.' },
  { name: 'global-rate-limit-ignored-cidrs', scope: 'annotation', removedIn: '1.12.0', docs: 'annotations.md#global-rate-limiting',
    summary: 'CIDRs exempt from the removed global rate limiter; limit-allowlist does this for local limits.' },
  { name: 'enable-opentracing', scope: 'both', removedIn: '1.10.0', docs: 'annotations.md#enable-opentracing',
    summary: 'Turned OpenTracing on; the module was removed, use enable-opentelemetry.' },
  { name: 'opentracing-trust-incoming-span', scope: 'both', removedIn: '1.10.0', docs: 'annotations.md#opentracing-trust-incoming-span',
    summary: 'OpenTracing trust of incoming spans; removed, use opentelemetry-trust-incoming-span.' },
  { name: 'enable-influxdb', scope: 'annotation', removedIn: '1.7.1', docs: 'annotations.md#influxdb',
    summary: 'Sent request metrics to InfluxDB over UDP; the feature was removed.' },
  { name: 'influxdb-measurement', scope: 'annotation', removedIn: '1.7.1', docs: 'annotations.md#influxdb',
    summary: 'Measurement name for the removed InfluxDB feature.' },
  { name: 'influxdb-port', scope: 'annotation', removedIn: '1.7.1', docs: 'annotations.md#influxdb',
    summary: 'UDP port for the removed InfluxDB feature.' },
  { name: 'influxdb-host', scope: 'annotation', removedIn: '1.7.1', docs: 'annotations.md#influxdb',
    summary: 'Server address for the removed InfluxDB feature.' },
  { name: 'influxdb-server-name', scope: 'annotation', removedIn: '1.7.1', docs: 'annotations.md#influxdb',
    summary: 'Server name tag for the removed InfluxDB feature.' },

  // ── ConfigMap: security switches ───────────────────────────────────────────────────────────
  { name: 'allow-snippet-annotations', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#allow-snippet-annotations',
    summary: 'Lets Ingresses use *-snippet annotations; off by default because snippets can read any Secret the controller sees.' },
  { name: 'annotations-risk-level', scope: 'configmap', default: 'High', values: ['Low', 'Medium', 'High', 'Critical'], docs: 'configmap.md#annotations-risk-level',
    summary: 'Highest annotation risk accepted; an Ingress using a riskier annotation is rejected (Critical covers the snippets).' },
  { name: 'allow-cross-namespace-resources', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#allow-cross-namespace-resources',
    summary: 'Lets annotations reference Secrets and ConfigMaps in other namespaces.' },
  { name: 'annotation-value-word-blocklist', scope: 'configmap', docs: 'configmap.md#annotation-value-word-blocklist',
    summary: 'Comma-separated words that make any Ingress whose annotation values contain them be rejected.' },
  { name: 'strict-validate-path-type', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#strict-validate-path-type',
    summary: 'Rejects Exact and Prefix paths with characters beyond letters, digits, ".", "_", "-" and "/"; regex paths need ImplementationSpecific.' },

  // ── ConfigMap: client side, HTTP/2, keepalive ───────────────────────────────────────────────
  { name: 'client-header-buffer-size', scope: 'configmap', default: '1k', unit: 'nginx size', docs: 'configmap.md#client-header-buffer-size',
    summary: 'Buffer for reading request headers; larger headers use large-client-header-buffers.' },
  { name: 'large-client-header-buffers', scope: 'configmap', default: '4 8k', docs: 'configmap.md#large-client-header-buffers',
    summary: 'Number and size of buffers for large request headers; a line longer than one buffer gets 414 or 400.' },
  { name: 'client-header-timeout', scope: 'configmap', default: '60', unit: 'seconds', docs: 'configmap.md#client-header-timeout',
    summary: 'How long a client may take to send the request headers before getting 408.' },
  { name: 'client-body-timeout', scope: 'configmap', default: '60', unit: 'seconds', docs: 'configmap.md#client-body-timeout',
    summary: 'Longest pause between two reads of the request body before the client gets 408.' },
  { name: 'keep-alive', scope: 'configmap', default: '75', unit: 'seconds', docs: 'configmap.md#keep-alive',
    summary: 'How long an idle client connection stays open; 0 turns client keepalive off.' },
  // config.go NewDefault has 1000; old docs said 100.
  { name: 'keep-alive-requests', scope: 'configmap', default: '1000', unit: 'requests', docs: 'configmap.md#keep-alive-requests',
    summary: 'Requests served through one client connection before nginx closes it.' },
  { name: 'use-http2', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#use-http2',
    summary: 'Offers HTTP/2 to clients on the HTTPS port.' },
  { name: 'http2-max-concurrent-streams', scope: 'configmap', default: '128', unit: 'streams', docs: 'configmap.md#http2-max-concurrent-streams',
    summary: 'Concurrent HTTP/2 streams allowed on one connection.' },
  { name: 'http2-max-field-size', scope: 'configmap', docs: 'configmap.md#http2-max-field-size',
    summary: 'Deprecated: no longer applied by the bundled nginx; use large-client-header-buffers.' },
  { name: 'http2-max-header-size', scope: 'configmap', docs: 'configmap.md#http2-max-header-size',
    summary: 'Deprecated: no longer applied by the bundled nginx; use large-client-header-buffers.' },
  { name: 'http2-max-requests', scope: 'configmap', docs: 'configmap.md#http2-max-requests',
    summary: 'Deprecated: no longer applied by the bundled nginx; use keep-alive-requests.' },
  { name: 'enable-underscores-in-headers', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-underscores-in-headers',
    summary: 'Accepts request headers whose names contain underscores instead of dropping them.' },
  { name: 'ignore-invalid-headers', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#ignore-invalid-headers',
    summary: 'Drops request headers with invalid names.' },

  // ── ConfigMap: upstream keepalive and retries ───────────────────────────────────────────────
  { name: 'upstream-keepalive-connections', scope: 'configmap', default: '320', unit: 'connections per worker', docs: 'configmap.md#upstream-keepalive-connections',
    summary: 'Idle connections to pods kept open by each nginx worker; 0 disables upstream keepalive.' },
  { name: 'upstream-keepalive-timeout', scope: 'configmap', default: '60', unit: 'seconds', docs: 'configmap.md#upstream-keepalive-timeout',
    summary: 'How long an idle connection to a pod stays open.' },
  { name: 'upstream-keepalive-requests', scope: 'configmap', default: '10000', unit: 'requests', docs: 'configmap.md#upstream-keepalive-requests',
    summary: 'Requests sent through one connection to a pod before it is closed.' },
  { name: 'upstream-keepalive-time', scope: 'configmap', default: '1h', unit: 'nginx time', docs: 'configmap.md#upstream-keepalive-time',
    summary: 'Longest lifetime of one keepalive connection to a pod.' },
  { name: 'retry-non-idempotent', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#retry-non-idempotent',
    summary: 'Lets POST, LOCK and PATCH requests be retried on another pod after they were sent.' },

  // ── ConfigMap: limits ───────────────────────────────────────────────────────────────────────
  { name: 'limit-req-status-code', scope: 'configmap', default: '503', unit: 'HTTP status', docs: 'configmap.md#limit-req-status-code',
    summary: 'Status returned when limit-rps or limit-rpm rejects a request (often set to 429).' },
  { name: 'limit-conn-status-code', scope: 'configmap', default: '503', unit: 'HTTP status', docs: 'configmap.md#limit-conn-status-code',
    summary: 'Status returned when limit-connections rejects a request.' },
  { name: 'limit-conn-zone-variable', scope: 'configmap', default: '$binary_remote_addr', docs: 'configmap.md#limit-conn-zone-variable',
    summary: 'nginx variable that identifies a client for limit-connections.' },

  // ── ConfigMap: TLS and redirects ────────────────────────────────────────────────────────────
  { name: 'http-redirect-code', scope: 'configmap', default: '308', unit: 'HTTP status', values: ['301', '302', '307', '308'], docs: 'configmap.md#http-redirect-code',
    summary: 'Status used for HTTP-to-HTTPS redirects; other values are ignored.' },
  { name: 'no-tls-redirect-locations', scope: 'configmap', default: '/.well-known/acme-challenge', docs: 'configmap.md#no-tls-redirect-locations',
    summary: 'Comma-separated path prefixes never redirected to HTTPS.' },
  { name: 'hsts', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#hsts',
    summary: 'Adds a Strict-Transport-Security header to HTTPS responses.' },
  // config.go hstsMaxAge = "31536000"; older configmap.md tables said 15724800.
  { name: 'hsts-max-age', scope: 'configmap', default: '31536000', unit: 'seconds', docs: 'configmap.md#hsts-max-age',
    summary: 'max-age of the HSTS header.' },
  { name: 'hsts-include-subdomains', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#hsts-include-subdomains',
    summary: 'Adds includeSubDomains to the HSTS header.' },
  { name: 'hsts-preload', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#hsts-preload',
    summary: 'Adds preload to the HSTS header.' },
  { name: 'ssl-protocols', scope: 'configmap', default: 'TLSv1.2 TLSv1.3', docs: 'configmap.md#ssl-protocols',
    summary: 'TLS versions offered to clients.' },
  { name: 'ssl-ecdh-curve', scope: 'configmap', default: 'auto', docs: 'configmap.md#ssl-ecdh-curve',
    summary: 'Curves used for ECDHE key exchange.' },
  { name: 'ssl-dh-param', scope: 'configmap', docs: 'configmap.md#ssl-dh-param',
    summary: 'Secret (namespace/name) with Diffie-Hellman parameters for DHE ciphers.' },
  { name: 'ssl-early-data', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#ssl-early-data',
    summary: 'Accepts TLS 1.3 early data (0-RTT), which can be replayed.' },
  { name: 'ssl-session-cache', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#ssl-session-cache',
    summary: 'Shares a TLS session cache between workers so clients can resume sessions.' },
  { name: 'ssl-session-cache-size', scope: 'configmap', default: '10m', unit: 'nginx size', docs: 'configmap.md#ssl-session-cache-size',
    summary: 'Size of the shared TLS session cache.' },
  { name: 'ssl-session-timeout', scope: 'configmap', default: '10m', unit: 'nginx time', docs: 'configmap.md#ssl-session-timeout',
    summary: 'How long a cached TLS session can be resumed.' },
  { name: 'ssl-session-tickets', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#ssl-session-tickets',
    summary: 'Allows session resumption through TLS session tickets.' },
  { name: 'ssl-session-ticket-key', scope: 'configmap', docs: 'configmap.md#ssl-session-ticket-key',
    summary: 'Base64 key for encrypting session tickets; random when unset.' },
  { name: 'ssl-buffer-size', scope: 'configmap', default: '4k', unit: 'nginx size', docs: 'configmap.md#ssl-buffer-size',
    summary: 'Size of TLS records sent; small values speed up the first byte.' },
  { name: 'ssl-reject-handshake', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#ssl-reject-handshake',
    summary: 'Rejects TLS handshakes for unknown server names instead of serving the default certificate.' },
  { name: 'enable-ocsp', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-ocsp',
    summary: 'Staples OCSP responses to served certificates.' },
  { name: 'proxy-ssl-location-only', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#proxy-ssl-location-only',
    summary: 'Applies proxy-ssl-* annotations only to the locations of the Ingress, not to the whole server.' },

  // ── ConfigMap: client address and forwarded headers (semantics.md B10) ─────────────────────
  { name: 'use-forwarded-headers', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#use-forwarded-headers',
    summary: 'Trusts incoming X-Forwarded-* headers and takes the client IP from X-Forwarded-For; only safe behind a proxy that sets them.' },
  { name: 'compute-full-forwarded-for', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#compute-full-forwarded-for',
    summary: 'Appends the client address to X-Forwarded-For instead of replacing the header (needs use-forwarded-headers).' },
  { name: 'enable-real-ip', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-real-ip',
    summary: 'Takes the client IP from forwarded-for-header without trusting the other X-Forwarded-* headers.' },
  { name: 'forwarded-for-header', scope: 'configmap', default: 'X-Forwarded-For', docs: 'configmap.md#forwarded-for-header',
    summary: 'Header that carries the original client IP.' },
  { name: 'forwarded-for-proxy-protocol-header', scope: 'configmap', default: 'X-Forwarded-For-Proxy-Protocol', docs: 'configmap.md#forwarded-for-proxy-protocol-header',
    summary: 'Internal header used when both use-proxy-protocol and use-forwarded-headers are on; rarely changed.' },
  { name: 'forwarded-host-header', scope: 'configmap', default: 'X-Forwarded-Host', docs: 'configmap.md#forwarded-host-header',
    summary: 'Header that carries the original Host when forwarded headers are trusted.' },
  { name: 'proxy-real-ip-cidr', scope: 'configmap', default: '0.0.0.0/0', docs: 'configmap.md#proxy-real-ip-cidr',
    summary: 'Addresses trusted to set the client IP; the default trusts everyone, so clients can fake their IP.' },
  { name: 'use-proxy-protocol', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#use-proxy-protocol',
    summary: 'Expects the PROXY protocol from the load balancer in front; plain connections then fail.' },
  { name: 'proxy-protocol-header-timeout', scope: 'configmap', default: '5s', unit: 'Go duration', docs: 'configmap.md#proxy-protocol-header-timeout',
    summary: 'How long to wait for the PROXY protocol header.' },
  { name: 'proxy-add-original-uri-header', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#proxy-add-original-uri-header',
    summary: 'Sends the original request URI to the backend in X-Original-Uri.' },
  { name: 'generate-request-id', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#generate-request-id',
    summary: 'Creates an X-Request-ID for requests that have none.' },
  { name: 'proxy-set-headers', scope: 'configmap', docs: 'configmap.md#proxy-set-headers',
    summary: 'ConfigMap (namespace/name) of headers added to every request sent to backends.' },
  { name: 'add-headers', scope: 'configmap', docs: 'configmap.md#add-headers',
    summary: 'ConfigMap (namespace/name) of headers added to every response.' },
  { name: 'hide-headers', scope: 'configmap', docs: 'configmap.md#hide-headers',
    summary: 'Comma-separated response headers from backends that are not passed to clients.' },
  { name: 'allow-backend-server-header', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#allow-backend-server-header',
    summary: "Passes the backend's Server header instead of nginx's." },
  { name: 'global-allowed-response-headers', scope: 'configmap', docs: 'configmap.md#global-allowed-response-headers',
    summary: 'Comma-separated header names that the custom-headers annotation may set; others make the location answer 503.' },
  { name: 'server-tokens', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#server-tokens',
    summary: 'Shows the nginx version in the Server header and error pages.' },

  // ── ConfigMap: blocking and global auth ─────────────────────────────────────────────────────
  { name: 'block-cidrs', scope: 'configmap', docs: 'configmap.md#block-cidrs',
    summary: 'Comma-separated client CIDRs refused everywhere.' },
  { name: 'block-user-agents', scope: 'configmap', docs: 'configmap.md#block-user-agents',
    summary: 'Comma-separated User-Agent values or ~regexes refused everywhere.' },
  { name: 'block-referers', scope: 'configmap', docs: 'configmap.md#block-referers',
    summary: 'Comma-separated Referer values or ~regexes refused everywhere.' },
  { name: 'global-auth-url', scope: 'configmap', docs: 'configmap.md#global-auth-url',
    summary: 'External auth service applied to every Ingress unless it sets enable-global-auth: "false".' },
  { name: 'global-auth-method', scope: 'configmap', values: HTTP_METHODS, docs: 'configmap.md#global-auth-method',
    summary: 'HTTP method for the global auth subrequest.' },
  { name: 'global-auth-signin', scope: 'configmap', docs: 'configmap.md#global-auth-signin',
    summary: 'Login page for the global auth service.' },
  { name: 'global-auth-signin-redirect-param', scope: 'configmap', default: 'rd', docs: 'configmap.md#global-auth-signin-redirect-param',
    summary: 'Query parameter of global-auth-signin that carries the original URL.' },
  { name: 'global-auth-response-headers', scope: 'configmap', docs: 'configmap.md#global-auth-response-headers',
    summary: 'Headers copied from the global auth response into the request to the backend.' },
  { name: 'global-auth-request-redirect', scope: 'configmap', docs: 'configmap.md#global-auth-request-redirect',
    summary: 'X-Auth-Request-Redirect value sent to the global auth service.' },
  { name: 'global-auth-snippet', scope: 'configmap', docs: 'configmap.md#global-auth-snippet',
    summary: 'Raw nginx directives for the global auth subrequest.' },
  { name: 'global-auth-cache-key', scope: 'configmap', docs: 'configmap.md#global-auth-cache-key',
    summary: 'Cache key that turns on caching of global auth responses.' },
  { name: 'global-auth-cache-duration', scope: 'configmap', default: '200 202 401 5m', docs: 'configmap.md#global-auth-cache-duration',
    summary: 'How long global auth responses are cached, per status code.' },
  { name: 'global-auth-always-set-cookie', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#global-auth-always-set-cookie',
    summary: 'Passes Set-Cookie from the global auth response whatever the final status.' },
  { name: 'no-auth-locations', scope: 'configmap', default: '/.well-known/acme-challenge', docs: 'configmap.md#no-auth-locations',
    summary: 'Comma-separated path prefixes exempt from global auth.' },

  // ── ConfigMap: snippets ─────────────────────────────────────────────────────────────────────
  { name: 'main-snippet', scope: 'configmap', docs: 'configmap.md#main-snippet',
    summary: 'Raw nginx directives for the main (top-level) context.' },
  { name: 'http-snippet', scope: 'configmap', docs: 'configmap.md#http-snippet',
    summary: 'Raw nginx directives for the http block.' },
  { name: 'location-snippet', scope: 'configmap', docs: 'configmap.md#location-snippet',
    summary: 'Raw nginx directives added to every location (the global form of configuration-snippet).' },

  // ── ConfigMap: workers and reloads ──────────────────────────────────────────────────────────
  { name: 'worker-processes', scope: 'configmap', default: 'auto', docs: 'configmap.md#worker-processes',
    summary: 'Number of nginx worker processes; auto means one per CPU.' },
  { name: 'worker-cpu-affinity', scope: 'configmap', docs: 'configmap.md#worker-cpu-affinity',
    summary: 'Binds workers to CPUs (e.g. auto).' },
  { name: 'worker-shutdown-timeout', scope: 'configmap', default: '240s', unit: 'nginx time', docs: 'configmap.md#worker-shutdown-timeout',
    summary: 'How long old workers may finish their requests after a reload before they are stopped.' },
  { name: 'enable-serial-reloads', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-serial-reloads',
    summary: 'Waits for old workers to exit before the next reload, to bound memory during frequent changes.' },
  { name: 'max-worker-connections', scope: 'configmap', default: '16384', unit: 'connections per worker', docs: 'configmap.md#max-worker-connections',
    summary: 'Connections each worker may have open at once.' },
  { name: 'max-worker-open-files', scope: 'configmap', default: '0', unit: 'files per worker', docs: 'configmap.md#max-worker-open-files',
    summary: 'Open-file limit per worker; 0 derives it from the system limit.' },
  { name: 'enable-multi-accept', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#enable-multi-accept',
    summary: 'Lets a worker accept all pending connections at once.' },
  { name: 'reuse-port', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#reuse-port',
    summary: 'Gives each worker its own listening socket (SO_REUSEPORT).' },
  { name: 'enable-aio-write', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#enable-aio-write',
    summary: 'Writes temporary files asynchronously (aio_write).' },
  { name: 'bind-address', scope: 'configmap', docs: 'configmap.md#bind-address',
    summary: 'Comma-separated IPv4/IPv6 addresses to listen on instead of all.' },
  { name: 'disable-ipv6', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#disable-ipv6',
    summary: 'Stops listening on IPv6.' },
  { name: 'disable-ipv6-dns', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#disable-ipv6-dns',
    summary: "Makes nginx's resolver ignore IPv6 answers." },
  { name: 'lua-shared-dicts', scope: 'configmap', docs: 'configmap.md#lua-shared-dicts',
    summary: 'Sizes of the Lua shared dictionaries, as name: size pairs.' },
  { name: 'default-type', scope: 'configmap', default: 'text/html', docs: 'configmap.md#default-type',
    summary: 'Content-Type used when nothing else sets one.' },
  { name: 'grpc-buffer-size-kb', scope: 'configmap', default: '0', unit: 'KB', docs: 'configmap.md#grpc-buffer-size-kb',
    summary: 'Buffer for gRPC responses; 0 keeps the nginx default.' },

  // ── ConfigMap: hash tables ──────────────────────────────────────────────────────────────────
  { name: 'server-name-hash-max-size', scope: 'configmap', default: '1024', docs: 'configmap.md#server-name-hash-max-size',
    summary: 'Size of the server-names hash table; raise it when nginx cannot start with many hosts.' },
  { name: 'server-name-hash-bucket-size', scope: 'configmap', docs: 'configmap.md#server-name-hash-bucket-size',
    summary: 'Bucket size of the server-names hash; defaults to the CPU cache line, raise it for very long host names.' },
  { name: 'map-hash-bucket-size', scope: 'configmap', default: '64', docs: 'configmap.md#max-hash-bucket-size',
    summary: 'Bucket size of the hash tables used by map variables.' },
  { name: 'proxy-headers-hash-max-size', scope: 'configmap', default: '512', docs: 'configmap.md#proxy-headers-hash-max-size',
    summary: 'Size of the proxy headers hash table.' },
  { name: 'proxy-headers-hash-bucket-size', scope: 'configmap', default: '64', docs: 'configmap.md#proxy-headers-hash-bucket-size',
    summary: 'Bucket size of the proxy headers hash table.' },
  // config.go NewDefault has 256; the docs table says 128.
  { name: 'variables-hash-bucket-size', scope: 'configmap', default: '256', docs: 'configmap.md#variables-hash-bucket-size',
    summary: 'Bucket size of the variables hash table.' },
  { name: 'variables-hash-max-size', scope: 'configmap', default: '2048', docs: 'configmap.md#variables-hash-max-size',
    summary: 'Size of the variables hash table.' },

  // ── ConfigMap: compression ──────────────────────────────────────────────────────────────────
  { name: 'use-gzip', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#use-gzip',
    summary: 'Compresses responses of gzip-types with gzip.' },
  { name: 'gzip-level', scope: 'configmap', default: '1', docs: 'configmap.md#gzip-level',
    summary: 'gzip compression level, 1 to 9.' },
  { name: 'gzip-min-length', scope: 'configmap', default: '256', unit: 'bytes', docs: 'configmap.md#gzip-min-length',
    summary: 'Smallest response that gets compressed.' },
  { name: 'gzip-types', scope: 'configmap', default: COMPRESSIBLE_TYPES, docs: 'configmap.md#gzip-types',
    summary: 'MIME types compressed with gzip, besides text/html.' },
  { name: 'gzip-disable', scope: 'configmap', docs: 'configmap.md#gzip-disable',
    summary: 'User-Agent regexes that never get gzip.' },
  { name: 'enable-brotli', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-brotli',
    summary: 'Compresses responses of brotli-types with Brotli.' },
  { name: 'brotli-level', scope: 'configmap', default: '4', docs: 'configmap.md#brotli-level',
    summary: 'Brotli compression level.' },
  { name: 'brotli-min-length', scope: 'configmap', default: '20', unit: 'bytes', docs: 'configmap.md#brotli-min-length',
    summary: 'Smallest response that gets Brotli compression.' },
  { name: 'brotli-types', scope: 'configmap', default: `application/xml+rss ${COMPRESSIBLE_TYPES}`, docs: 'configmap.md#brotli-types',
    summary: 'MIME types compressed with Brotli.' },

  // ── ConfigMap: logging ──────────────────────────────────────────────────────────────────────
  { name: 'access-log-path', scope: 'configmap', default: '/var/log/nginx/access.log', docs: 'configmap.md#access-log-path',
    summary: 'Access log file for HTTP and stream traffic (the default goes to stdout).' },
  { name: 'http-access-log-path', scope: 'configmap', docs: 'configmap.md#http-access-log-path',
    summary: 'Access log file for HTTP traffic only; falls back to access-log-path.' },
  { name: 'stream-access-log-path', scope: 'configmap', docs: 'configmap.md#stream-access-log-path',
    summary: 'Access log file for TCP/UDP traffic only; falls back to access-log-path.' },
  { name: 'access-log-params', scope: 'configmap', docs: 'configmap.md#access-log-params',
    summary: 'Extra access_log parameters such as buffer=16k or gzip.' },
  { name: 'disable-access-log', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#disable-access-log',
    summary: 'Turns access logging off everywhere.' },
  { name: 'disable-http-access-log', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#disable-http-access-log',
    summary: 'Turns access logging off for HTTP traffic.' },
  { name: 'disable-stream-access-log', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#disable-stream-access-log',
    summary: 'Turns access logging off for TCP/UDP traffic.' },
  { name: 'enable-access-log-for-default-backend', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-access-log-for-default-backend',
    summary: 'Also logs requests answered by the default backend.' },
  { name: 'enable-auth-access-log', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-auth-access-log',
    summary: 'Also logs the external auth subrequests.' },
  { name: 'skip-access-log-urls', scope: 'configmap', docs: 'configmap.md#skip-access-log-urls',
    summary: 'Comma-separated paths (such as health checks) left out of the access log.' },
  { name: 'log-format-upstream', scope: 'configmap', default: LOG_FORMAT_UPSTREAM, docs: 'configmap.md#log-format-upstream',
    summary: 'Format of HTTP access log lines.' },
  { name: 'log-format-stream', scope: 'configmap', default: '[$remote_addr] [$time_local] $protocol $status $bytes_sent $bytes_received $session_time', docs: 'configmap.md#log-format-stream',
    summary: 'Format of TCP/UDP access log lines.' },
  { name: 'log-format-escape-json', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#log-format-escape-json',
    summary: 'Escapes log variables for JSON.' },
  { name: 'log-format-escape-none', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#log-format-escape-none',
    summary: 'Turns off all escaping of log variables.' },
  { name: 'error-log-path', scope: 'configmap', default: '/var/log/nginx/error.log', docs: 'configmap.md#error-log-path',
    summary: 'Error log file (the default goes to stderr).' },
  { name: 'error-log-level', scope: 'configmap', default: 'notice', values: ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'], docs: 'configmap.md#error-log-level',
    summary: 'Lowest severity written to the error log.' },
  { name: 'enable-syslog', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-syslog',
    summary: 'Sends logs to a syslog server as well.' },
  { name: 'syslog-host', scope: 'configmap', docs: 'configmap.md#syslog-host',
    summary: 'Syslog server name or address.' },
  { name: 'syslog-port', scope: 'configmap', default: '514', docs: 'configmap.md#syslog-port',
    summary: 'Syslog server port.' },
  { name: 'debug-connections', scope: 'configmap', docs: 'configmap.md#debug-connections',
    summary: 'Client IPs or CIDRs whose connections get debug logging.' },
  { name: 'nginx-status-ipv4-whitelist', scope: 'configmap', default: '127.0.0.1', docs: 'configmap.md#nginx-status-ipv4-whitelist',
    summary: 'IPv4 CIDRs allowed to read the internal /nginx_status page.' },
  { name: 'nginx-status-ipv6-whitelist', scope: 'configmap', default: '::1', docs: 'configmap.md#nginx-status-ipv6-whitelist',
    summary: 'IPv6 CIDRs allowed to read the internal /nginx_status page.' },

  // ── ConfigMap: TCP/UDP (stream) proxying ────────────────────────────────────────────────────
  { name: 'proxy-stream-timeout', scope: 'configmap', default: '600s', unit: 'nginx time', docs: 'configmap.md#proxy-stream-timeout',
    summary: 'Idle timeout of proxied TCP/UDP connections.' },
  { name: 'proxy-stream-next-upstream', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#proxy-stream-next-upstream',
    summary: 'Tries another pod when a TCP/UDP connection cannot be opened.' },
  { name: 'proxy-stream-next-upstream-timeout', scope: 'configmap', default: '600s', unit: 'nginx time', docs: 'configmap.md#proxy-stream-next-upstream-timeout',
    summary: 'Time limit for trying other pods for one TCP/UDP connection; 0 means none.' },
  { name: 'proxy-stream-next-upstream-tries', scope: 'configmap', default: '3', unit: 'attempts', docs: 'configmap.md#proxy-stream-next-upstream-tries',
    summary: 'Most pods tried for one TCP/UDP connection; 0 means no limit.' },
  { name: 'proxy-stream-responses', scope: 'configmap', default: '1', unit: 'datagrams', docs: 'configmap.md#proxy-stream-responses',
    summary: 'Datagrams expected back for each UDP request.' },

  // ── ConfigMap: GeoIP, ModSecurity, OpenTelemetry ────────────────────────────────────────────
  { name: 'use-geoip2', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#use-geoip2',
    summary: 'Loads the GeoIP2 module (needs a MaxMind licence key on the command line).' },
  { name: 'geoip2-autoreload-in-minutes', scope: 'configmap', default: '0', unit: 'minutes', docs: 'configmap.md#geoip2-autoreload-in-minutes',
    summary: 'How often GeoIP2 databases are reloaded; 0 never.' },
  { name: 'enable-owasp-modsecurity-crs', scope: 'configmap', default: 'false', values: ['true', 'false'], docs: 'configmap.md#enable-owasp-modsecurity-crs',
    summary: 'Loads the OWASP Core Rule Set into ModSecurity for every server.' },
  { name: 'opentelemetry-config', scope: 'configmap', default: '/etc/ingress-controller/telemetry/opentelemetry.toml', docs: 'configmap.md#opentelemetry-config',
    summary: 'Path of the OpenTelemetry module configuration file.' },
  { name: 'otlp-collector-host', scope: 'configmap', docs: 'configmap.md#otlp-collector-host',
    summary: 'Host of the OTLP collector that receives traces.' },
  { name: 'otlp-collector-port', scope: 'configmap', default: '4317', docs: 'configmap.md#otlp-collector-port',
    summary: 'Port of the OTLP collector.' },
  { name: 'otel-service-name', scope: 'configmap', default: 'nginx', docs: 'configmap.md#otel-service-name',
    summary: 'Service name reported on traces.' },
  // config.go has AlwaysOn / parent-based true; older docs said AlwaysOff / false.
  { name: 'otel-sampler', scope: 'configmap', default: 'AlwaysOn', values: ['AlwaysOn', 'AlwaysOff', 'TraceIdRatioBased'], docs: 'configmap.md#otel-sampler',
    summary: 'Which traces are sampled.' },
  { name: 'otel-sampler-ratio', scope: 'configmap', default: '0.01', docs: 'configmap.md#otel-sampler-ratio',
    summary: 'Fraction of traces kept by TraceIdRatioBased.' },
  { name: 'otel-sampler-parent-based', scope: 'configmap', default: 'true', values: ['true', 'false'], docs: 'configmap.md#otel-sampler-parent-based',
    summary: "Follows the incoming parent span's sampling decision." },
  { name: 'otel-max-queuesize', scope: 'configmap', default: '2048', unit: 'spans', docs: 'configmap.md#otel-max-queuesize',
    summary: 'Spans queued before export; more are dropped.' },
  { name: 'otel-schedule-delay-millis', scope: 'configmap', default: '5000', unit: 'milliseconds', docs: 'configmap.md#otel-schedule-delay-millis',
    summary: 'Delay between two span exports.' },
  { name: 'otel-max-export-batch-size', scope: 'configmap', default: '512', unit: 'spans', docs: 'configmap.md#otel-max-export-batch-size',
    summary: 'Spans sent in one export.' },

  // ── ConfigMap: removed keys ─────────────────────────────────────────────────────────────────
  { name: 'plugins', scope: 'configmap', removedIn: '1.12.0', docs: 'configmap.md#plugins',
    summary: 'Loaded third-party Lua plugins; support was removed (#11821).' },
  { name: 'use-geoip', scope: 'configmap', removedIn: '1.10.0', docs: 'configmap.md#use-geoip',
    summary: 'Loaded the legacy GeoIP module, which was dropped; use use-geoip2.' },
  globalRateLimitKey('global-rate-limit-memcached-host', 'memcached host'),
  globalRateLimitKey('global-rate-limit-memcached-port', 'memcached port', '11211'),
  globalRateLimitKey('global-rate-limit-memcached-connect-timeout', 'memcached connect timeout (ms)', '50'),
  globalRateLimitKey('global-rate-limit-memcached-max-idle-timeout', 'memcached idle timeout (ms)', '10000'),
  globalRateLimitKey('global-rate-limit-memcached-pool-size', 'memcached pool size', '50'),
  globalRateLimitKey('global-rate-limit-status-code', 'Rejection status', '429'),
  openTracingKey('opentracing-operation-name', 'the server span name'),
  openTracingKey('opentracing-location-operation-name', 'the location span name'),
  openTracingKey('zipkin-collector-host', 'the Zipkin collector host'),
  openTracingKey('zipkin-collector-port', 'the Zipkin collector port'),
  openTracingKey('zipkin-service-name', 'the Zipkin service name'),
  openTracingKey('zipkin-sample-rate', 'the Zipkin sample rate'),
  openTracingKey('jaeger-collector-host', 'the Jaeger agent host'),
  openTracingKey('jaeger-collector-port', 'the Jaeger agent port'),
  openTracingKey('jaeger-endpoint', 'the Jaeger collector endpoint'),
  openTracingKey('jaeger-service-name', 'the Jaeger service name'),
  openTracingKey('jaeger-propagation-format', 'the Jaeger propagation format'),
  openTracingKey('jaeger-sampler-type', 'the Jaeger sampler type'),
  openTracingKey('jaeger-sampler-param', 'the Jaeger sampler parameter'),
  openTracingKey('jaeger-sampler-host', 'the Jaeger sampling server host'),
  openTracingKey('jaeger-sampler-port', 'the Jaeger sampling server port'),
  openTracingKey('jaeger-trace-context-header-name', 'the Jaeger trace header'),
  openTracingKey('jaeger-debug-header', 'the Jaeger debug header'),
  openTracingKey('jaeger-baggage-header', 'the Jaeger baggage header'),
  openTracingKey('jaeger-trace-baggage-header-prefix', 'the Jaeger baggage header prefix'),
  openTracingKey('datadog-collector-host', 'the Datadog agent host'),
  openTracingKey('datadog-collector-port', 'the Datadog agent port'),
  openTracingKey('datadog-service-name', 'the Datadog service name'),
  openTracingKey('datadog-environment', 'the Datadog environment'),
  openTracingKey('datadog-operation-name-override', 'the Datadog operation name'),
  openTracingKey('datadog-priority-sampling', 'Datadog priority sampling'),
  openTracingKey('datadog-sample-rate', 'the Datadog sample rate'),
];

const KEY_INDEX: ReadonlyMap<string, NginxKey> = (() => {
  const index = new Map<string, NginxKey>();
  for (const key of NGINX_KEYS) {
    index.set(key.name, key);
    for (const alias of key.aliases ?? []) index.set(alias, key);
  }
  return index;
})();

/**
 * The key named `name` (or having it as an alias), e.g. 'whitelist-source-range' gives the
 * 'allowlist-source-range' entry. A leading `nginx.ingress.kubernetes.io/` is ignored.
 */
export function findNginxKey(name: string): NginxKey | undefined {
  const bare = name.startsWith(NGINX_ANNOTATION_PREFIX)
    ? name.slice(NGINX_ANNOTATION_PREFIX.length)
    : name;
  return KEY_INDEX.get(bare);
}

/** Known names that do NOT exist in ingress-nginx but people use (from tutorials and other controllers), with the advice to give: */
export interface Misnomer {
  readonly name: string;
  readonly advice: string;
  readonly suggest?: readonly string[];
}

/**
 * Names seen in tutorials, in other controllers (mostly F5's NGINX Ingress Controller, written
 * with the ingress-nginx prefix) and in very old ingress-nginx releases. The removed
 * global-rate-limit* annotations are also in NGINX_KEYS with `removedIn`, for hover docs.
 * limit-req-status-code is not here: it is a real key, ConfigMap-only.
 */
// prettier-ignore
export const NGINX_MISNOMERS: readonly Misnomer[] = [
  // Rate limiting (semantics.md B7)
  { name: 'rate-limit', suggest: ['limit-rps', 'limit-rpm'],
    advice: 'ingress-nginx has no rate-limit annotation ("rate-limit" is only the name of its parser group); use limit-rps or limit-rpm.' },
  { name: 'rate-limit-window', suggest: ['limit-rps', 'limit-rpm'],
    advice: 'There is no window setting: limit-rps counts per second and limit-rpm per minute.' },
  { name: 'rate-limit-rps', suggest: ['limit-rps'],
    advice: 'The per-second limit is called limit-rps.' },
  { name: 'rate-limit-rpm', suggest: ['limit-rpm'],
    advice: 'The per-minute limit is called limit-rpm.' },
  { name: 'global-rate-limit', suggest: ['limit-rps', 'limit-rpm'],
    advice: 'The memcached-based global rate limiter was removed in v1.12.0 (PR #11851); use limit-rps or limit-rpm, which count per controller replica.' },
  { name: 'global-rate-limit-window', suggest: ['limit-rps', 'limit-rpm'],
    advice: 'Removed with the global rate limiter in v1.12.0 (PR #11851); limit-rps and limit-rpm have fixed windows.' },
  { name: 'global-rate-limit-key',
    advice: 'Removed with the global rate limiter in v1.12.0 (PR #11851); local limits always count per client IP.' },
  { name: 'global-rate-limit-ignored-cidrs', suggest: ['limit-allowlist'],
    advice: 'Removed with the global rate limiter in v1.12.0 (PR #11851); limit-allowlist exempts CIDRs from local limits.' },
  { name: 'limit-req-rate', suggest: ['limit-rps', 'limit-rpm'],
    advice: 'limit-req-rate is F5 NGINX Ingress Controller (nginx.org/); ingress-nginx uses limit-rps or limit-rpm.' },
  { name: 'limit-req-burst', suggest: ['limit-burst-multiplier'],
    advice: 'ingress-nginx sets the burst as a multiple of the rate: limit-burst-multiplier (default 5).' },
  { name: 'limit-req-reject-code', suggest: ['limit-req-status-code'],
    advice: 'The rejection status is the ConfigMap key limit-req-status-code; it cannot be set per Ingress.' },
  // Other controllers' names
  { name: 'client-max-body-size', suggest: ['proxy-body-size'],
    advice: 'ingress-nginx calls the request body limit proxy-body-size.' },
  { name: 'proxy-buffers', suggest: ['proxy-buffers-number', 'proxy-buffer-size'],
    advice: 'ingress-nginx splits proxy_buffers into proxy-buffers-number and proxy-buffer-size.' },
  { name: 'proxy-hide-headers', suggest: ['hide-headers'],
    advice: 'Hiding response headers is the ConfigMap key hide-headers; there is no per-Ingress form.' },
  { name: 'server-snippets', suggest: ['server-snippet'],
    advice: 'The annotation is singular: server-snippet.' },
  { name: 'location-snippets', suggest: ['configuration-snippet'],
    advice: 'The per-Ingress location snippet is configuration-snippet (location-snippet is the ConfigMap form).' },
  { name: 'rewrites', suggest: ['rewrite-target'],
    advice: 'ingress-nginx rewrites with rewrite-target and regex capture groups in the path.' },
  { name: 'ssl-services', suggest: ['backend-protocol'],
    advice: 'Use backend-protocol: "HTTPS" on the Ingress instead of listing services.' },
  { name: 'grpc-services', suggest: ['backend-protocol'],
    advice: 'Use backend-protocol: "GRPC" (or "GRPCS") on the Ingress instead of listing services.' },
  { name: 'websocket-services', suggest: ['proxy-read-timeout', 'proxy-send-timeout'],
    advice: 'WebSockets work without an annotation; raise proxy-read-timeout and proxy-send-timeout for long-lived connections.' },
  { name: 'sticky-cookie-services', suggest: ['affinity', 'session-cookie-name'],
    advice: 'Use affinity: "cookie" with session-cookie-name.' },
  { name: 'lb-method', suggest: ['load-balance', 'upstream-hash-by'],
    advice: 'ingress-nginx picks the algorithm with load-balance (round_robin, ewma) or upstream-hash-by.' },
  { name: 'redirect-to-https', suggest: ['ssl-redirect', 'force-ssl-redirect'],
    advice: 'Use ssl-redirect (hosts with a certificate) or force-ssl-redirect (TLS ended in front of the controller).' },
  { name: 'proxy-protocol', suggest: ['use-proxy-protocol'],
    advice: 'The ConfigMap key is use-proxy-protocol.' },
  { name: 'real-ip-header', suggest: ['forwarded-for-header', 'use-forwarded-headers'],
    advice: 'Set the ConfigMap keys forwarded-for-header and use-forwarded-headers (or enable-real-ip).' },
  { name: 'blacklist-source-range', suggest: ['denylist-source-range'],
    advice: 'The deny list is denylist-source-range.' },
  { name: 'blocklist-source-range', suggest: ['denylist-source-range'],
    advice: 'The deny list is denylist-source-range.' },
  { name: 'ingress.class',
    advice: 'The class is set with spec.ingressClassName (or the deprecated kubernetes.io/ingress.class annotation), not under this prefix.' },
  { name: 'opentelemetry-trust-incoming-spans', suggest: ['opentelemetry-trust-incoming-span'],
    advice: 'The annotation is singular (the docs example has a stray "s"): opentelemetry-trust-incoming-span.' },
  // Names from old ingress-nginx releases
  { name: 'secure-backends', suggest: ['backend-protocol'],
    advice: 'Removed (last read by v1.7.0); use backend-protocol: "HTTPS".' },
  { name: 'secure-verify-ca-secret', suggest: ['proxy-ssl-secret', 'proxy-ssl-verify'],
    advice: 'Removed; use proxy-ssl-secret with proxy-ssl-verify: "on".' },
  { name: 'grpc-backend', suggest: ['backend-protocol'],
    advice: 'Removed long ago; use backend-protocol: "GRPC".' },
  { name: 'add-base-url', suggest: ['rewrite-target', 'x-forwarded-prefix'],
    advice: 'Removed long ago; rewrite with rewrite-target and tell the app its prefix with x-forwarded-prefix.' },
  { name: 'base-url-scheme', suggest: ['rewrite-target'],
    advice: 'Removed along with add-base-url.' },
  { name: 'session-cookie-hash', suggest: ['session-cookie-name'],
    advice: 'Removed; the sticky cookie no longer takes a hash setting.' },
  { name: 'upstream-max-fails', suggest: ['proxy-next-upstream', 'proxy-next-upstream-tries'],
    advice: 'Removed; readiness probes remove failing pods, and proxy-next-upstream decides retries.' },
  { name: 'upstream-fail-timeout', suggest: ['proxy-next-upstream-timeout'],
    advice: 'Removed; readiness probes remove failing pods, and proxy-next-upstream-timeout bounds retries.' },
];

/** Prefixes of other controllers' annotations, to say "this belongs to X": */
// prettier-ignore
export const FOREIGN_ANNOTATION_PREFIXES: readonly {
  readonly prefix: string;
  readonly owner: string;
  /** True when the annotation is meant for another tool and is fine to keep on an Ingress. */
  readonly harmless: boolean;
}[] = [
  { prefix: 'nginx.org/', owner: 'F5 NGINX Ingress Controller (nginx/kubernetes-ingress)', harmless: false },
  { prefix: 'nginx.com/', owner: 'F5 NGINX Plus Ingress Controller', harmless: false },
  { prefix: 'traefik.ingress.kubernetes.io/', owner: 'Traefik', harmless: false },
  { prefix: 'projectcontour.io/', owner: 'Contour', harmless: false },
  { prefix: 'contour.heptio.com/', owner: 'Contour (old prefix)', harmless: false },
  { prefix: 'alb.ingress.kubernetes.io/', owner: 'AWS Load Balancer Controller', harmless: false },
  { prefix: 'haproxy.org/', owner: 'HAProxy Kubernetes Ingress Controller', harmless: false },
  { prefix: 'haproxy-ingress.github.io/', owner: 'HAProxy Ingress (jcmoraisjr)', harmless: false },
  { prefix: 'haproxy.router.openshift.io/', owner: 'OpenShift router', harmless: false },
  { prefix: 'konghq.com/', owner: 'Kong Ingress Controller', harmless: false },
  { prefix: 'getambassador.io/', owner: 'Emissary-ingress (Ambassador)', harmless: false },
  { prefix: 'appgw.ingress.kubernetes.io/', owner: 'Azure Application Gateway Ingress Controller', harmless: false },
  { prefix: 'ingress.kubernetes.io/', owner: 'the old generic prefix, not read by ingress-nginx (it reads nginx.ingress.kubernetes.io/)', harmless: false },
  { prefix: 'cert-manager.io/', owner: 'cert-manager (not read by the controller, fine to keep)', harmless: true },
  { prefix: 'acme.cert-manager.io/', owner: 'cert-manager (not read by the controller, fine to keep)', harmless: true },
  { prefix: 'external-dns.alpha.kubernetes.io/', owner: 'ExternalDNS (not read by the controller, fine to keep)', harmless: true },
  { prefix: 'kubectl.kubernetes.io/last-applied-configuration', owner: 'kubectl apply (not read by the controller, fine to keep)', harmless: true },
  { prefix: 'meta.helm.sh/', owner: 'Helm (not read by the controller, fine to keep)', harmless: true },
  { prefix: 'argocd.argoproj.io/', owner: 'Argo CD (not read by the controller, fine to keep)', harmless: true },
];
