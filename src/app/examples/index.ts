/**
 * The built-in examples: YAML and the request that shows what each one teaches.
 * Written for routelab; each file holds one example as a string.
 */
import { canaryYaml, hostsYaml } from './basics.js';
import { bodyYaml, selectorYaml, typoYaml } from './broken.js';
import { keepAliveYaml, rateLimitYaml, retriesYaml, timeoutsYaml } from './connections.js';
import { classesYaml, contourYaml, gatewayYaml, traefikYaml } from './controllers.js';
import { missingClassYaml } from './missingClass.js';
import { shopYaml } from './shop.js';
import { wrongPortYaml } from './wrongPort.js';

export type ExampleId = string;

/** The request that shows what an example teaches, as the request bar holds it. */
export interface ExampleRequest {
  readonly method: string;
  readonly url: string;
  /** "Name: value" lines. */
  readonly headers?: string;
  readonly clientIp?: string;
  readonly bodySize?: string;
  readonly insecure?: boolean;
}

export type ExampleGroup = 'basics' | 'connections' | 'controllers' | 'broken';

export interface Example {
  readonly id: ExampleId;
  readonly group: ExampleGroup;
  readonly title: string;
  /** One line: what to look for. */
  readonly description: string;
  readonly yaml: string;
  readonly request: ExampleRequest;
  /** The status the request gets (null: no response); the tests hold the page to it. */
  readonly expect: number | null;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'shop',
    group: 'basics',
    expect: 200,
    title: 'API and frontend on one host, with TLS',
    description:
      'Paths under /api go to the API Service, everything else to the frontend. Try /api/cart and /.',
    yaml: shopYaml,
    request: { method: 'GET', url: 'https://shop.example.com/api/cart' },
  },
  {
    id: 'hosts',
    group: 'basics',
    expect: 200,
    title: 'Two hosts, one controller',
    description:
      'The Host header picks the site. Change docs to blog in the URL, or try a host with no rule.',
    yaml: hostsYaml,
    request: { method: 'GET', url: 'http://docs.example.com/guide' },
  },
  {
    id: 'https-redirect',
    group: 'basics',
    expect: 308,
    title: 'Plain HTTP to a TLS host: redirect',
    description: 'A host with a certificate answers http:// with a 308 to https:// (ssl-redirect).',
    yaml: shopYaml,
    request: { method: 'GET', url: 'http://shop.example.com/api/cart' },
  },
  {
    id: 'canary',
    group: 'basics',
    expect: 200,
    title: 'Canary by header and weight',
    description:
      'X-Canary: always sends the request to checkout-v2. Remove the header: v1, or the 10% canary draw.',
    yaml: canaryYaml,
    request: {
      method: 'GET',
      url: 'http://shop.example.com/checkout',
      headers: 'X-Canary: always',
    },
  },
  {
    id: 'timeouts',
    group: 'connections',
    expect: 504,
    title: 'Timeouts: a slow import gets 504',
    description:
      'The pod takes 90 s, proxy-read-timeout is 60 s. Uncomment the annotation that raises it to 300.',
    yaml: timeoutsYaml,
    request: { method: 'POST', url: 'http://reports.example.com/import', bodySize: '500000' },
  },
  {
    id: 'keep-alive',
    group: 'connections',
    expect: 200,
    title: 'Keep-alive on both sides of the proxy',
    description:
      'The controller ConfigMap keeps client and upstream connections open. Hover the keys.',
    yaml: keepAliveYaml,
    request: { method: 'GET', url: 'http://api.example.com/v1/users' },
  },
  {
    id: 'rate-limit',
    group: 'connections',
    expect: 200,
    title: 'Rate limit per client address',
    description:
      'limit-rps 2 with a burst of 10; the 429 comes from the ConfigMap. One request passes.',
    yaml: rateLimitYaml,
    request: { method: 'GET', url: 'http://api.example.com/search?q=ingress' },
  },
  {
    id: 'retries',
    group: 'connections',
    expect: 200,
    title: 'Retries: a refusing pod, a second trip',
    description:
      'One pod refuses connections; ingress-nginx tries the next one. Watch the two trips.',
    yaml: retriesYaml,
    request: { method: 'GET', url: 'http://shop.example.com/orders' },
  },
  {
    id: 'ingress-classes',
    group: 'controllers',
    expect: 200,
    title: 'IngressClass: public and internal controllers',
    description:
      'Two controllers side by side, each with its load balancer. admin.internal goes to the internal one.',
    yaml: classesYaml,
    request: { method: 'GET', url: 'http://admin.internal.example.com/' },
  },
  {
    id: 'gateway-api',
    group: 'controllers',
    expect: 200,
    title: 'Gateway API: GatewayClass, Gateway, HTTPRoute',
    description: 'Envoy Gateway serves an HTTPRoute attached to a shared HTTPS Gateway.',
    yaml: gatewayYaml,
    request: { method: 'GET', url: 'https://api.example.com/api/users', insecure: true },
  },
  {
    id: 'traefik',
    group: 'controllers',
    expect: 200,
    title: 'Traefik IngressRoute with a Middleware',
    description: 'A Host && PathPrefix rule; the strip-api Middleware removes /api before the pod.',
    yaml: traefikYaml,
    request: { method: 'GET', url: 'https://api.example.com/api/users', insecure: true },
  },
  {
    id: 'contour',
    group: 'controllers',
    expect: 200,
    title: 'Contour HTTPProxy with retries',
    description:
      'Envoy retries a 503 up to three times, 2 s per try, within a 30 s response timeout.',
    yaml: contourYaml,
    request: { method: 'GET', url: 'http://api.example.com/users' },
  },
  {
    id: 'missing-class',
    group: 'broken',
    expect: 404,
    title: 'Ingress without a class (404)',
    description:
      'No controller claims the Ingress, so its host falls through to the default backend.',
    yaml: missingClassYaml,
    request: { method: 'GET', url: 'http://blog.example.com/' },
  },
  {
    id: 'wrong-port',
    group: 'broken',
    expect: 502,
    title: 'Service targetPort is wrong (502)',
    description: 'The Service points at a port nobody listens on, so nginx answers 502.',
    yaml: wrongPortYaml,
    request: { method: 'GET', url: 'http://docs.example.com/' },
  },
  {
    id: 'selector',
    group: 'broken',
    expect: 503,
    title: 'Selector matches no pod (503)',
    description: 'The Service selects app: web, the pods say app: frontend: no endpoints.',
    yaml: selectorYaml,
    request: { method: 'GET', url: 'http://www.example.com/' },
  },
  {
    id: 'body-size',
    group: 'broken',
    expect: 413,
    title: 'Upload too large (413)',
    description: 'A 5 MB upload against the 1m default proxy-body-size.',
    yaml: bodyYaml,
    request: { method: 'POST', url: 'http://media.example.com/upload', bodySize: '5242880' },
  },
  {
    id: 'typos',
    group: 'broken',
    expect: null,
    title: 'Annotation slips (quick fixes)',
    description:
      'An unquoted number gets the Ingress rejected; a misspelt key is ignored. Fix both with Ctrl+.',
    yaml: typoYaml,
    request: { method: 'GET', url: 'http://reports.example.com/' },
  },
];

export const DEFAULT_EXAMPLE: Example = EXAMPLES[0] as Example;

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
