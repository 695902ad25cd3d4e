// The types of the build-time module virtual:routelab-facts, for every program that reads
// this file (the page and the unit tests).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../facts.d.ts" />
/**
 * JSON schemas for the kinds the engine reads, for completion, validation and hover in the
 * editor (monaco-yaml). Compact on purpose: the fields the engine reads, with a sentence
 * each; unknown fields are allowed (the engine's own diagnostics say what it ignores). The
 * ingress-nginx annotations and ConfigMap keys come from the engine's catalogue, the enums
 * from its readers (virtual:routelab-facts, generated at build time).
 */
import {
  apiVersions,
  contourRetryOn,
  httpMethods,
  nginxAnnotationPrefix,
  nginxKeys,
} from 'virtual:routelab-facts';
import { nginxKeyMarkdown } from './nginxDocs.js';

export type Schema = Readonly<Record<string, unknown>>;

// ---------------------------------------------------------------- a small vocabulary

const str = (description: string, extra: Schema = {}): Schema => ({
  type: 'string',
  description,
  ...extra,
});
const int = (description: string, extra: Schema = {}): Schema => ({
  type: 'integer',
  description,
  ...extra,
});
const bool = (description: string): Schema => ({ type: 'boolean', description });
const oneOfValues = (description: string, values: readonly string[]): Schema => ({
  type: 'string',
  enum: values,
  description,
});
const list = (description: string, items: Schema): Schema => ({
  type: 'array',
  description,
  items,
});
const strings = (description: string): Schema => list(description, { type: 'string' });
const obj = (
  description: string,
  properties: Record<string, Schema>,
  required: string[] = [],
): Schema => ({
  type: 'object',
  description,
  properties,
  ...(required.length > 0 ? { required } : {}),
});
const map = (description: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});
const intOrString = (description: string): Schema => ({ type: ['integer', 'string'], description });
const duration = (description: string): Schema =>
  str(`${description} A duration such as 500ms, 30s, 1m30s.`);

// ---------------------------------------------------------------- shared parts

const nginxAnnotations: Record<string, Schema> = {};
for (const key of nginxKeys) {
  if (key.scope === 'configmap') continue;
  const doc = nginxKeyMarkdown(key);
  for (const name of [key.name, ...(key.aliases ?? [])]) {
    nginxAnnotations[`${nginxAnnotationPrefix}${name}`] = {
      type: 'string',
      description: key.summary,
      markdownDescription: doc,
      ...(key.values ? { enum: key.values } : {}),
      ...(key.removedIn
        ? { deprecationMessage: `Removed in ingress-nginx ${key.removedIn}: ignored.` }
        : {}),
    };
  }
}

const nginxConfigMapKeys: Record<string, Schema> = {};
for (const key of nginxKeys) {
  if (key.scope === 'annotation') continue;
  nginxConfigMapKeys[key.name] = {
    type: 'string',
    description: key.summary,
    markdownDescription: nginxKeyMarkdown(key),
    ...(key.values ? { enum: key.values } : {}),
  };
}

const metadata = (namespaced: boolean, annotations: Record<string, Schema> = {}): Schema =>
  obj(
    'Name, namespace, labels and annotations of the object.',
    {
      name: str('The object’s name: lower-case letters, digits, "-" and ".".'),
      ...(namespaced ? { namespace: str('The namespace; "default" when left out.') } : {}),
      labels: map('Labels: how Services and selectors find this object.'),
      annotations: {
        type: 'object',
        description: 'Annotations: settings that controllers read (values are always strings).',
        properties: annotations,
        additionalProperties: { type: 'string' },
      },
    },
    ['name'],
  );

const serviceBackend = obj('The Service that receives the traffic.', {
  name: str('Name of a Service in the same namespace.'),
  port: obj('The Service port, by number or by name.', {
    number: int('The Service port number (not the container port).'),
    name: str('The name of the Service port.'),
  }),
});

const ingressBackend = obj('Where matching requests go.', {
  service: serviceBackend,
  resource: obj('A reference to another object (rarely used).', {
    apiGroup: str(''),
    kind: str(''),
    name: str(''),
  }),
});

const labelSelector = obj('Which objects, by labels.', {
  matchLabels: map('Labels an object must all have.'),
  matchExpressions: list(
    'Set-based requirements.',
    obj('', {
      key: str(''),
      operator: oneOfValues('', ['In', 'NotIn', 'Exists', 'DoesNotExist']),
      values: strings(''),
    }),
  ),
});

const container = obj('A container of the pod.', {
  name: str('The container’s name.'),
  image: str('The image to run.'),
  args: strings('Arguments; for a controller, its flags (--ingress-class=…).'),
  ports: list(
    'Ports the container listens on.',
    obj('', {
      name: str('Port name, for a Service targetPort by name.'),
      containerPort: int('The port the process listens on.'),
      protocol: oneOfValues('', ['TCP', 'UDP', 'SCTP']),
    }),
  ),
  readinessProbe: obj('How Kubernetes decides the pod is ready for traffic.', {}),
});

const podTemplate = obj('The pods this workload makes.', {
  metadata: obj('', { labels: map('Labels of the pods: what a Service selector matches.') }),
  spec: obj('', { containers: list('The containers.', container) }),
});

// ---------------------------------------------------------------- core and networking.k8s.io

const ingress = obj(
  'Routes HTTP requests for hosts and paths to Services, through an ingress controller.',
  {
    metadata: metadata(true, nginxAnnotations),
    spec: obj('', {
      ingressClassName: str(
        'The IngressClass whose controller serves this Ingress. Without it only a default IngressClass applies; otherwise no controller serves it.',
      ),
      defaultBackend: ingressBackend,
      tls: list(
        'Hosts served over HTTPS, and the Secret with their certificate.',
        obj('', {
          hosts: strings('Host names the certificate is for.'),
          secretName: str('A Secret of type kubernetes.io/tls in the same namespace.'),
        }),
      ),
      rules: list(
        'One rule per host.',
        obj('', {
          host: str(
            'The Host this rule applies to; `*.example.com` covers one label. Leave out for every host.',
          ),
          http: obj('', {
            paths: list(
              'Paths and where they go.',
              obj(
                '',
                {
                  path: str('The path to match; starts with "/".'),
                  pathType: oneOfValues(
                    'Exact: the path only. Prefix: the path and what is below it, by whole segments. ImplementationSpecific: as the controller decides (ingress-nginx: a prefix, or a regex with use-regex).',
                    ['Exact', 'Prefix', 'ImplementationSpecific'],
                  ),
                  backend: ingressBackend,
                },
                ['pathType', 'backend'],
              ),
            ),
          }),
        }),
      ),
    }),
  },
);

const ingressClass = obj('A kind of ingress: which controller serves the Ingresses that name it.', {
  metadata: metadata(false, {
    'ingressclass.kubernetes.io/is-default-class': oneOfValues(
      '"true": Ingresses without ingressClassName use this class.',
      ['true', 'false'],
    ),
  }),
  spec: obj('', {
    controller: str('The controller that claims this class, e.g. k8s.io/ingress-nginx.'),
    parameters: obj('Controller-specific settings.', {
      apiGroup: str(''),
      kind: str(''),
      name: str(''),
      namespace: str(''),
      scope: oneOfValues('', ['Cluster', 'Namespace']),
    }),
  }),
});

const service = obj('A stable name and port for a set of pods, found by labels.', {
  metadata: metadata(true),
  spec: obj('', {
    type: oneOfValues(
      'ClusterIP: inside the cluster. LoadBalancer: a cloud load balancer in front (what an ingress controller’s Service uses).',
      ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    ),
    selector: map('The labels of the pods behind this Service.'),
    ports: list(
      'Ports of the Service.',
      obj(
        '',
        {
          name: str('Port name (needed when there are several).'),
          port: int('The port clients (and Ingresses) use.'),
          targetPort: intOrString(
            'The container port (number or name) traffic goes to; the port itself when left out.',
          ),
          protocol: oneOfValues('', ['TCP', 'UDP', 'SCTP']),
          appProtocol: str(''),
          nodePort: int(''),
        },
        ['port'],
      ),
    ),
    clusterIP: str(''),
    externalName: str('For type ExternalName: the DNS name this Service stands for.'),
    externalTrafficPolicy: oneOfValues(
      'Local keeps the client address but only sends to nodes with a pod.',
      ['Cluster', 'Local'],
    ),
    publishNotReadyAddresses: bool('Counts pods as endpoints before they are ready.'),
    loadBalancerIP: str(''),
  }),
});

const workload = obj('Runs replicas of a pod template.', {
  metadata: metadata(true),
  spec: obj('', {
    replicas: int('How many pods.', { minimum: 0 }),
    selector: labelSelector,
    template: podTemplate,
  }),
});

const secret = obj('Secret data, e.g. a TLS certificate and key, base64-encoded.', {
  metadata: metadata(true),
  type: str('kubernetes.io/tls for certificates (keys tls.crt and tls.key).', {
    examples: ['kubernetes.io/tls', 'Opaque'],
  }),
  data: map('Base64-encoded values.'),
  stringData: map('Plain-text values.'),
});

const configMap = obj(
  'Settings as key/value strings; the ingress-nginx controller reads its global settings here.',
  {
    metadata: metadata(true),
    data: {
      type: 'object',
      description: 'Values are strings: quote numbers and booleans.',
      properties: nginxConfigMapKeys,
      additionalProperties: { type: 'string' },
    },
  },
);

const namespace = obj('A namespace.', { metadata: metadata(false) });

// ---------------------------------------------------------------- Gateway API

const parentRef = obj('The Gateway (and listener) this route attaches to.', {
  group: str(''),
  kind: str('Gateway, or ListenerSet.'),
  namespace: str('The Gateway’s namespace; the route’s own when left out.'),
  name: str('The Gateway’s name.'),
  sectionName: str('A listener of the Gateway, by name.'),
  port: int('A listener port.'),
});
const backendRef = obj('A Service that receives the traffic, with its share.', {
  group: str(''),
  kind: str('Service when left out.'),
  name: str('The Service’s name.'),
  namespace: str('Another namespace needs a ReferenceGrant there.'),
  port: int('The Service port.'),
  weight: int('Share of the traffic, relative to the other backendRefs (default 1).', {
    minimum: 0,
  }),
});
const headerMatch = obj(
  '',
  { type: oneOfValues('', ['Exact', 'RegularExpression']), name: str(''), value: str('') },
  ['name', 'value'],
);
const headerModifier = obj('Edits headers: set, add, remove.', {
  set: list('', obj('', { name: str(''), value: str('') })),
  add: list('', obj('', { name: str(''), value: str('') })),
  remove: strings(''),
});
const httpRoute = obj('Gateway API: routes HTTP requests from a Gateway’s listeners to Services.', {
  metadata: metadata(true),
  spec: obj('', {
    parentRefs: list('The Gateways this route attaches to.', parentRef),
    hostnames: strings('Hosts this route serves; every host of the listener when left out.'),
    rules: list(
      'Rules: matches, filters and backends.',
      obj('', {
        name: str(''),
        matches: list(
          'Any of these matches selects the rule.',
          obj('', {
            path: obj('', {
              type: oneOfValues('PathPrefix (default), Exact or RegularExpression.', [
                'Exact',
                'PathPrefix',
                'RegularExpression',
              ]),
              value: str(''),
            }),
            headers: list('', headerMatch),
            queryParams: list('', headerMatch),
            method: oneOfValues('', httpMethods),
          }),
        ),
        filters: list(
          'Edits before forwarding.',
          obj('', {
            type: oneOfValues('', [
              'RequestHeaderModifier',
              'ResponseHeaderModifier',
              'RequestMirror',
              'RequestRedirect',
              'URLRewrite',
              'ExtensionRef',
              'CORS',
            ]),
            requestHeaderModifier: headerModifier,
            responseHeaderModifier: headerModifier,
            requestRedirect: obj('', {
              scheme: oneOfValues('', ['http', 'https']),
              hostname: str(''),
              port: int(''),
              statusCode: int('301 or 302 (default 302).'),
              path: obj('', {
                type: oneOfValues('', ['ReplaceFullPath', 'ReplacePrefixMatch']),
                replaceFullPath: str(''),
                replacePrefixMatch: str(''),
              }),
            }),
            urlRewrite: obj('', {
              hostname: str(''),
              path: obj('', {
                type: oneOfValues('', ['ReplaceFullPath', 'ReplacePrefixMatch']),
                replaceFullPath: str(''),
                replacePrefixMatch: str(''),
              }),
            }),
            requestMirror: obj('', { backendRef, percent: int('', { minimum: 0, maximum: 100 }) }),
          }),
        ),
        backendRefs: list('Where matching requests go, by weight.', backendRef),
        timeouts: obj('', {
          request: duration('Time for the whole request, retries included.'),
          backendRequest: duration('Time for one try.'),
        }),
        retry: obj('', {
          codes: list('', { type: 'integer' }),
          attempts: int(''),
          backoff: duration(''),
        }),
      }),
    ),
  }),
});
const gateway = obj(
  'Gateway API: a load balancer with listeners, made by the controller of its GatewayClass.',
  {
    metadata: metadata(true),
    spec: obj('', {
      gatewayClassName: str('The GatewayClass (and so the controller) that runs this Gateway.'),
      addresses: list('', obj('', { type: str(''), value: str('') })),
      listeners: list(
        'Ports the Gateway listens on, with protocol, hostname and TLS.',
        obj(
          '',
          {
            name: str('The listener’s name (routes attach by sectionName).'),
            hostname: str('Only these hosts; every host when left out.'),
            port: int('', { minimum: 1, maximum: 65535 }),
            protocol: oneOfValues('', ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']),
            tls: obj('', {
              mode: oneOfValues('', ['Terminate', 'Passthrough']),
              certificateRefs: list(
                'Secrets with the certificate.',
                obj('', { group: str(''), kind: str(''), name: str(''), namespace: str('') }),
              ),
            }),
            allowedRoutes: obj('Which routes may attach.', {
              namespaces: obj('', {
                from: oneOfValues('', ['Same', 'All', 'Selector']),
                selector: labelSelector,
              }),
              kinds: list('', obj('', { group: str(''), kind: str('') })),
            }),
          },
          ['name', 'port', 'protocol'],
        ),
      ),
    }),
  },
);
const gatewayClass = obj('Gateway API: a kind of Gateway, and the controller that implements it.', {
  metadata: metadata(false),
  spec: obj('', {
    controllerName: str('e.g. gateway.envoyproxy.io/gatewayclass-controller.'),
    description: str(''),
  }),
});
const referenceGrant = obj(
  'Gateway API: lets routes in other namespaces refer to objects in this one.',
  {
    metadata: metadata(true),
    spec: obj('', {
      from: list('', obj('', { group: str(''), kind: str(''), namespace: str('') })),
      to: list('', obj('', { group: str(''), kind: str(''), name: str('') })),
    }),
  },
);
const listenerSet = obj('Gateway API: listeners added to a Gateway from another object.', {
  metadata: metadata(true),
  spec: obj('', {
    parentRef,
    listeners: list('Listeners added to the parent Gateway.', obj('', {})),
  }),
});

// ---------------------------------------------------------------- Traefik

const traefikRef = obj('', { name: str(''), namespace: str('') });
const ingressRoute = obj(
  'Traefik: routes by a rule such as Host(`a.example.com`) && PathPrefix(`/api`).',
  {
    metadata: metadata(true),
    spec: obj('', {
      entryPoints: strings('Traefik entry points, e.g. web (:80) and websecure (:443).'),
      routes: list(
        '',
        obj(
          '',
          {
            match: str(
              'The rule: Host(`…`), PathPrefix(`…`), Path(`…`), Header(`…`, `…`), combined with && || !.',
            ),
            kind: oneOfValues('', ['Rule']),
            priority: int('Higher wins; by default the longer rule wins.'),
            syntax: oneOfValues('', ['v3', 'v2']),
            services: list(
              '',
              obj('', {
                name: str(''),
                namespace: str(''),
                port: intOrString(''),
                weight: int(''),
                kind: oneOfValues('', ['Service', 'TraefikService']),
                passHostHeader: bool(''),
                scheme: str(''),
                nativeLB: bool(''),
              }),
            ),
            middlewares: list('Middlewares, in order.', traefikRef),
          },
          ['match'],
        ),
      ),
      tls: obj('', {
        secretName: str(''),
        certResolver: str('Automatic certificates (e.g. Let’s Encrypt).'),
        options: traefikRef,
        domains: list('', obj('', { main: str(''), sans: strings('') })),
      }),
    }),
  },
);
const middleware = obj('Traefik: a step applied to requests of the routes that name it.', {
  metadata: metadata(true),
  spec: obj('Exactly one kind of middleware.', {
    stripPrefix: obj('', { prefixes: strings('') }),
    stripPrefixRegex: obj('', { regex: strings('') }),
    addPrefix: obj('', { prefix: str('') }),
    replacePath: obj('', { path: str('') }),
    replacePathRegex: obj('', { regex: str(''), replacement: str('') }),
    redirectScheme: obj('', { scheme: str(''), port: str(''), permanent: bool('') }),
    redirectRegex: obj('', { regex: str(''), replacement: str(''), permanent: bool('') }),
    headers: obj('', {
      customRequestHeaders: map(''),
      customResponseHeaders: map(''),
      accessControlAllowMethods: strings(''),
      accessControlAllowOriginList: strings(''),
    }),
    rateLimit: obj('Token bucket per source.', {
      average: int('Requests per period.'),
      period: str(''),
      burst: int(''),
      sourceCriterion: obj('', {}),
    }),
    inFlightReq: obj('', { amount: int('') }),
    ipAllowList: obj('', { sourceRange: strings(''), rejectStatusCode: int('') }),
    retry: obj('', { attempts: int(''), initialInterval: str('') }),
    basicAuth: obj('', { secret: str(''), realm: str('') }),
    chain: obj('', { middlewares: list('', traefikRef) }),
    buffering: obj('', {}),
    compress: obj('', {}),
    errors: obj('', {}),
    forwardAuth: obj('', {}),
    circuitBreaker: obj('', {}),
  }),
});

// ---------------------------------------------------------------- Contour

const contourCondition = obj('Conditions: a prefix, exact path or regex, and headers.', {
  prefix: str(''),
  exact: str(''),
  regex: str(''),
  header: obj('', {
    name: str(''),
    present: bool(''),
    notpresent: bool(''),
    contains: str(''),
    notcontains: str(''),
    exact: str(''),
    notexact: str(''),
    regex: str(''),
    ignoreCase: bool(''),
    treatMissingAsEmpty: bool(''),
  }),
  queryParameter: obj('', {
    name: str(''),
    exact: str(''),
    prefix: str(''),
    suffix: str(''),
    regex: str(''),
    contains: str(''),
    present: bool(''),
    ignoreCase: bool(''),
  }),
});
const httpProxy = obj(
  'Contour: routes for a virtual host, with includes, retries and timeouts; Envoy serves it.',
  {
    metadata: metadata(true),
    spec: obj('', {
      ingressClassName: str(''),
      virtualhost: obj('The host (a root HTTPProxy has one).', {
        fqdn: str('The host name.'),
        tls: obj('', {
          secretName: str(''),
          minimumProtocolVersion: str(''),
          passthrough: bool(''),
          enableFallbackCertificate: bool(''),
        }),
        corsPolicy: obj('', {
          allowOrigin: strings(''),
          allowMethods: strings(''),
          allowHeaders: strings(''),
          allowCredentials: bool(''),
          maxAge: str(''),
        }),
        rateLimitPolicy: obj('', {}),
      }),
      includes: list(
        'Other HTTPProxies whose routes join under these conditions.',
        obj('', { name: str(''), namespace: str(''), conditions: list('', contourCondition) }),
      ),
      routes: list(
        '',
        obj('', {
          conditions: list('', contourCondition),
          services: list(
            '',
            obj('', {
              name: str(''),
              port: int(''),
              weight: int(''),
              mirror: bool(''),
              protocol: str(''),
              requestHeadersPolicy: obj('', {}),
              responseHeadersPolicy: obj('', {}),
            }),
          ),
          timeoutPolicy: obj('', {
            response: duration('Time for the whole response.'),
            idle: duration(''),
            idleConnection: duration(''),
          }),
          retryPolicy: obj('', {
            count: int('Retries (not tries).'),
            perTryTimeout: duration(''),
            retryOn: list('', { type: 'string', enum: contourRetryOn }),
            retriableStatusCodes: list('', { type: 'integer' }),
          }),
          pathRewritePolicy: obj('', {
            replacePrefix: list('', obj('', { prefix: str(''), replacement: str('') })),
          }),
          requestHeadersPolicy: obj('', {
            set: list('', obj('', { name: str(''), value: str('') })),
            remove: strings(''),
          }),
          responseHeadersPolicy: obj('', {
            set: list('', obj('', { name: str(''), value: str('') })),
            remove: strings(''),
          }),
          loadBalancerPolicy: obj('', {
            strategy: oneOfValues('', [
              'RoundRobin',
              'WeightedLeastRequest',
              'Random',
              'RequestHash',
              'Cookie',
            ]),
          }),
          requestRedirectPolicy: obj('', {
            scheme: str(''),
            hostname: str(''),
            port: int(''),
            statusCode: int(''),
            path: str(''),
            prefix: str(''),
          }),
          directResponsePolicy: obj('', { statusCode: int(''), body: str('') }),
          permitInsecure: bool('Also serve this route over plain HTTP (no redirect).'),
          enableWebsockets: bool(''),
          ipAllowPolicy: list(
            '',
            obj('', { source: oneOfValues('', ['Peer', 'Remote']), cidr: str('') }),
          ),
          ipDenyPolicy: list(
            '',
            obj('', { source: oneOfValues('', ['Peer', 'Remote']), cidr: str('') }),
          ),
        }),
      ),
    }),
  },
);
const tlsDelegation = obj('Contour: lets HTTPProxies in other namespaces use a TLS Secret.', {
  metadata: metadata(true),
  spec: obj('', {
    delegations: list('', obj('', { secretName: str(''), targetNamespaces: strings('') })),
  }),
});

// ---------------------------------------------------------------- routelab's Scenario

const scenario = obj(
  'routelab: what the cluster YAML cannot say — how pods behave, the traffic and the faults over time, and the seed.',
  {
    metadata: obj('', { name: str('') }),
    spec: obj('', {
      seed: int('Seed of every random choice: the same seed gives the same run.'),
      duration: duration('How long the simulation runs (default 10s).'),
      network: obj('Network delays.', {
        clientRtt: duration('Round trip client ↔ load balancer.'),
        podRtt: duration('Round trip controller ↔ pod.'),
        tls: oneOfValues('TLS version: 1.2 takes two round trips, 1.3 one.', ['1.2', '1.3']),
        loadBalancerIdleTimeout: duration(''),
      }),
      backends: list(
        'How pods answer.',
        obj('', {
          service: str('namespace/name of a Service (its pods).'),
          pod: str('One pod, by name.'),
          latency: {
            description:
              'Response time: a duration, or a distribution such as { p50: 20ms, p99: 200ms }.',
            type: ['string', 'object', 'number'],
          },
          errorRate: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'Share of answers that are errors (0–1).',
          },
          errorStatus: int('Status of an error answer (default 500).'),
          behavior: oneOfValues(
            'normal, refuse (connection refused), hang (never answers), reset, slowStart.',
            ['normal', 'refuse', 'hang', 'reset', 'slowStart'],
          ),
          keepAliveTimeout: duration('How long the pod keeps an idle connection.'),
          readiness: list('Readiness over time.', obj('', { at: duration(''), ready: bool('') })),
        }),
      ),
      traffic: list(
        'Who sends what.',
        obj(
          '',
          {
            url: str('The URL, as curl takes it.'),
            method: oneOfValues('', httpMethods),
            headers: map(''),
            bodySize: { type: ['string', 'integer'], description: 'Bytes, or 10k, 5m.' },
            rate: {
              type: ['string', 'number'],
              description: 'Requests per second: 100, 100/s, 600/m.',
            },
            clients: int('Clients sending (each keeps its connections).', { minimum: 1 }),
            pattern: oneOfValues('', ['constant', 'burst', 'ramp', 'poisson']),
            start: duration(''),
            duration: duration(''),
          },
          ['url'],
        ),
      ),
      faults: list(
        'What breaks, and when.',
        obj('', {
          at: duration('When.'),
          type: oneOfValues('', [
            'podCrash',
            'podNotReady',
            'podReady',
            'podBack',
            'controllerReload',
            'replicaLost',
            'dnsChange',
            'healthCheckFailing',
          ]),
          target: str('A pod, a Service or a replica.'),
          address: str('For dnsChange: the new address.'),
        }),
      ),
    }),
  },
);

// ---------------------------------------------------------------- the document schema

interface KindSchema {
  readonly kind: string;
  readonly apiVersions: readonly string[];
  readonly schema: Schema;
}

const GATEWAY = ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'];

export const KIND_SCHEMAS: readonly KindSchema[] = [
  { kind: 'Ingress', apiVersions: ['networking.k8s.io/v1'], schema: ingress },
  { kind: 'IngressClass', apiVersions: ['networking.k8s.io/v1'], schema: ingressClass },
  { kind: 'Service', apiVersions: ['v1'], schema: service },
  { kind: 'Deployment', apiVersions: ['apps/v1'], schema: workload },
  { kind: 'StatefulSet', apiVersions: ['apps/v1'], schema: workload },
  { kind: 'DaemonSet', apiVersions: ['apps/v1'], schema: workload },
  { kind: 'Secret', apiVersions: ['v1'], schema: secret },
  { kind: 'ConfigMap', apiVersions: ['v1'], schema: configMap },
  { kind: 'Namespace', apiVersions: ['v1'], schema: namespace },
  { kind: 'GatewayClass', apiVersions: GATEWAY, schema: gatewayClass },
  { kind: 'Gateway', apiVersions: GATEWAY, schema: gateway },
  { kind: 'HTTPRoute', apiVersions: GATEWAY, schema: httpRoute },
  { kind: 'ReferenceGrant', apiVersions: GATEWAY, schema: referenceGrant },
  { kind: 'ListenerSet', apiVersions: ['gateway.networking.k8s.io/v1'], schema: listenerSet },
  { kind: 'IngressRoute', apiVersions: apiVersions.traefik, schema: ingressRoute },
  { kind: 'Middleware', apiVersions: apiVersions.traefik, schema: middleware },
  { kind: 'HTTPProxy', apiVersions: [apiVersions.contour], schema: httpProxy },
  { kind: 'TLSCertificateDelegation', apiVersions: [apiVersions.contour], schema: tlsDelegation },
  { kind: 'Scenario', apiVersions: [apiVersions.scenario], schema: scenario },
];

/**
 * One schema for every document of the file: `kind` and `apiVersion` are offered from the
 * list, and the rest of a document follows its kind (if/then, so a document of one kind is
 * never checked against another kind's schema).
 */
export function documentSchema(): Schema {
  const kinds = KIND_SCHEMAS.map((k) => k.kind);
  const versions = [...new Set(KIND_SCHEMAS.flatMap((k) => k.apiVersions))];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      apiVersion: {
        type: 'string',
        enum: versions,
        description: 'The API group and version of the kind.',
      },
      kind: {
        type: 'string',
        enum: kinds,
        description: 'What this document is. routelab reads these kinds.',
      },
    },
    allOf: KIND_SCHEMAS.map((k) => ({
      if: { properties: { kind: { const: k.kind } }, required: ['kind'] },
      then: {
        ...k.schema,
        properties: {
          apiVersion: {
            type: 'string',
            enum: k.apiVersions,
            description: `${k.kind}: ${k.apiVersions.join(' or ')}.`,
          },
          kind: { const: k.kind, description: String(k.schema['description'] ?? '') },
          ...(k.schema['properties'] as Record<string, Schema>),
        },
      },
    })),
  };
}
