/**
 * GatewayClass, Gateway, ListenerSet, ReferenceGrant (gateway.networking.k8s.io) and
 * Namespace, validated as the Gateway API CRDs validate them: the OpenAPI schema
 * (enums, patterns, limits) and the CEL rules in [GW] apis/v1/*_types.go. An object the
 * API server would refuse is rejected with a diagnostic on the offending line; what only
 * a controller would notice (an unknown class, a missing Secret) is left to the family.
 * HTTPRoute has its own module (httproute.ts).
 */
import type {
  AllowedRoutes,
  Gateway,
  GatewayAddress,
  GatewayClass,
  GatewayDuration,
  GatewayListener,
  LabelSelector,
  ListenerSet,
  ListenerTls,
  Namespace,
  ObjectRef,
  ReferenceGrant,
  RouteNamespacesFrom,
} from '../../model/gateway.js';
import { GATEWAY_GROUP } from '../../model/gateway.js';
import type { YamlPath } from '../../model/source.js';
import type { FieldReader } from '../reader.js';
import { invalidIngressHost, isDns1123Subdomain, isIP, readMeta } from './common.js';

/**
 * Codes of the Gateway API readers (the RL6xx range belongs to Gateway API; the family's
 * own codes are in flavors/gateway/codes.ts).
 */
export const GW_CODES = {
  /** A value the CRD schema or its CEL rules refuse. */
  invalid: 'RL601',
  /** A required field is missing. */
  required: 'RL602',
  /** More items than the CRD allows. */
  tooMany: 'RL603',
} as const;

// ---------------------------------------------------------------- shared helpers

/** GEP-2257 Duration ([GW] shared_types.go Duration): `^([0-9]{1,5}(h|m|s|ms)){1,4}$`. */
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const DURATION_PART = /([0-9]{1,5})(h|ms|m|s)/g;

/** Milliseconds of a GEP-2257 duration, or undefined when it does not match the pattern. */
export function parseGatewayDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(DURATION_PART)) {
    const n = Number(m[1]);
    const unit = m[2];
    ms += n * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1);
  }
  return ms;
}

export function readDuration(r: FieldReader, p: YamlPath): GatewayDuration | undefined {
  const text = r.str(p);
  if (text === undefined) return undefined;
  const ms = parseGatewayDuration(text);
  if (ms === undefined) {
    r.reject(
      GW_CODES.invalid,
      p,
      `"${text}" is not a Gateway API duration: one to four parts of up to five digits with h, m, s or ms, such as 10s, 500ms or 1m30s (GEP-2257).`,
    );
    return undefined;
  }
  return { text, ms, source: r.at(p) };
}

/** Rejects a value outside [min, max]; returns whether it was inside. */
export function checkRange(
  r: FieldReader,
  p: YamlPath,
  value: number,
  min: number,
  max: number,
  what: string,
): boolean {
  if (value >= min && value <= max) return true;
  r.reject(
    GW_CODES.invalid,
    p,
    `${what} ${value} is out of range ${min}-${max}; the API server would reject this object.`,
  );
  return false;
}

export function checkMaxItems(r: FieldReader, p: YamlPath, max: number, what: string): void {
  const n = r.list(p).length;
  if (n > max)
    r.reject(
      GW_CODES.tooMany,
      p,
      `${what}: ${n} entries, but the CRD allows at most ${max}; the API server would reject this object.`,
    );
}

export function checkEnum<T extends string>(
  r: FieldReader,
  p: YamlPath,
  value: string,
  allowed: readonly T[],
  what: string,
): value is T {
  if ((allowed as readonly string[]).includes(value)) return true;
  r.reject(
    GW_CODES.invalid,
    p,
    `${what} "${value}" is not one of ${allowed.join(', ')}; the API server would reject this object.`,
  );
  return false;
}

export function requireStr(r: FieldReader, p: YamlPath, what: string): string {
  const present = r.has(p);
  const v = r.str(p);
  if (v === undefined || v === '') {
    // A value of the wrong type is already reported (RL104) by the reader.
    if (!present || v === '')
      r.reject(
        GW_CODES.required,
        p,
        `${what} is required; the API server would reject this object.`,
      );
    return '';
  }
  return v;
}

/**
 * A Gateway API Hostname (listener hostname, route hostnames): a DNS name, optionally
 * with `*.` as its whole first label; no IP, no port ([GW] shared_types.go Hostname).
 */
export function readHostname(r: FieldReader, p: YamlPath, precise = false): string | undefined {
  const h = r.str(p);
  if (h === undefined) return undefined;
  const bad =
    precise && h.includes('*')
      ? 'must be a precise name here; a wildcard is not allowed'
      : invalidIngressHost(h);
  if (bad) {
    r.reject(GW_CODES.invalid, p, `hostname "${h}" ${bad}.`);
    return undefined;
  }
  return h.toLowerCase();
}

export function readSectionName(r: FieldReader, p: YamlPath, what: string): string | undefined {
  const v = r.str(p);
  if (v === undefined) return undefined;
  // SectionName / listener name: [GW] shared_types.go SectionName, an RFC 1123 subdomain.
  if (!isDns1123Subdomain(v))
    r.reject(
      GW_CODES.invalid,
      p,
      `${what} "${v}" must be a lower-case RFC 1123 name; the API server would reject this object.`,
    );
  return v;
}

/** A reference with the CRD's defaults for group and kind. */
export function readObjectRef(
  r: FieldReader,
  p: YamlPath,
  defaults: { group: string; kind: string },
  what: string,
): ObjectRef {
  const name = requireStr(r, [...p, 'name'], `${what}.name`);
  const group = r.str([...p, 'group']) ?? defaults.group;
  const kind = r.str([...p, 'kind']) ?? defaults.kind;
  const namespace = r.str([...p, 'namespace']);
  if (namespace !== undefined && !isDns1123Label(namespace))
    r.reject(
      GW_CODES.invalid,
      [...p, 'namespace'],
      `namespace "${namespace}" is not a valid name.`,
    );
  return { group, kind, name, source: r.at(p), ...(namespace !== undefined ? { namespace } : {}) };
}

function isDns1123Label(s: string): boolean {
  return s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export function readLabelSelector(r: FieldReader, p: YamlPath): LabelSelector {
  const matchLabels = r.stringMap([...p, 'matchLabels']);
  const matchExpressions = r.list([...p, 'matchExpressions']).flatMap((_, i) => {
    const e: YamlPath = [...p, 'matchExpressions', i];
    const key = requireStr(r, [...e, 'key'], 'matchExpressions[].key');
    const operator = r.str([...e, 'operator']) ?? '';
    if (!checkEnum(r, [...e, 'operator'], operator, SELECTOR_OPERATORS, 'operator')) return [];
    const values = r.strings([...e, 'values']);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
      r.reject(GW_CODES.invalid, e, `operator ${operator} needs at least one value.`);
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
      r.reject(GW_CODES.invalid, e, `operator ${operator} takes no values.`);
    return [{ key, operator, values }];
  });
  return { matchLabels, matchExpressions };
}

/** Does a label set satisfy a selector? An empty selector selects everything. */
export function selectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || value === undefined || !e.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && e.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

// ---------------------------------------------------------------- GatewayClass

export function readGatewayClass(
  r: FieldReader,
  apiVersion: string,
  order: number,
): GatewayClass | undefined {
  const meta = readMeta(r, false);
  if (!meta) return undefined;
  const controllerName = requireStr(r, ['spec', 'controllerName'], 'spec.controllerName');
  // [GW] shared_types.go GatewayController: a domain-prefixed path, e.g. example.net/gateway-controller.
  if (
    controllerName &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(
      controllerName,
    )
  )
    r.reject(
      GW_CODES.invalid,
      ['spec', 'controllerName'],
      `controllerName "${controllerName}" must be a domain-prefixed path such as gateway.envoyproxy.io/gatewayclass-controller.`,
    );
  return {
    kind: 'GatewayClass',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    controllerName,
  };
}

// ---------------------------------------------------------------- listeners

const ROUTE_FROM: readonly RouteNamespacesFrom[] = ['All', 'Same', 'Selector'];
const LISTENER_FROM: readonly RouteNamespacesFrom[] = ['All', 'Same', 'Selector', 'None'];

/** Protocols whose listeners may not carry tls ([GW] gateway_types.go CEL on listeners). */
const NO_TLS = /^(HTTP|TCP|UDP)$/i;

function readAllowedRoutes(r: FieldReader, p: YamlPath): AllowedRoutes {
  const ap: YamlPath = [...p, 'allowedRoutes'];
  const from = r.str([...ap, 'namespaces', 'from']) ?? 'Same';
  const ok = checkEnum(
    r,
    [...ap, 'namespaces', 'from'],
    from,
    ROUTE_FROM,
    'allowedRoutes.namespaces.from',
  );
  const hasSelector = r.has([...ap, 'namespaces', 'selector']);
  const kinds = r.list([...ap, 'kinds']).map((_, i) => ({
    group: r.str([...ap, 'kinds', i, 'group']) ?? GATEWAY_GROUP,
    kind: requireStr(r, [...ap, 'kinds', i, 'kind'], 'allowedRoutes.kinds[].kind'),
  }));
  checkMaxItems(r, [...ap, 'kinds'], 8, 'allowedRoutes.kinds');
  return {
    from: ok ? from : 'Same',
    kinds,
    source: r.has(ap) ? r.at(ap) : r.at(p),
    ...(hasSelector ? { selector: readLabelSelector(r, [...ap, 'namespaces', 'selector']) } : {}),
  };
}

function readListenerTls(r: FieldReader, p: YamlPath): ListenerTls {
  const tp: YamlPath = [...p, 'tls'];
  const mode = r.str([...tp, 'mode']) ?? 'Terminate';
  checkEnum(r, [...tp, 'mode'], mode, ['Terminate', 'Passthrough'], 'tls.mode');
  checkMaxItems(r, [...tp, 'certificateRefs'], 64, 'tls.certificateRefs');
  const certificateRefs = r
    .list([...tp, 'certificateRefs'])
    .map((_, i) =>
      readObjectRef(
        r,
        [...tp, 'certificateRefs', i],
        { group: '', kind: 'Secret' },
        'certificateRefs[]',
      ),
    );
  return {
    mode: mode === 'Passthrough' ? 'Passthrough' : 'Terminate',
    certificateRefs,
    source: r.at(tp),
  };
}

/** `spec.listeners` of a Gateway or a ListenerSet, with the CEL rules both share. */
export function readListeners(r: FieldReader, p: YamlPath): GatewayListener[] {
  const raw = r.list(p);
  if (raw.length === 0)
    r.reject(
      GW_CODES.required,
      p,
      'At least one listener is required; the API server would reject this object.',
    );
  checkMaxItems(r, p, 64, 'listeners');
  const listeners = raw.map((_, i) => readListener(r, [...p, i]));
  const names = new Map<string, number>();
  const combos = new Map<string, number>();
  listeners.forEach((l, i) => {
    const first = names.get(l.name);
    if (first !== undefined)
      r.reject(
        GW_CODES.invalid,
        [...p, i, 'name'],
        `Listener name "${l.name}" is used twice (also listeners[${first}]); names must be unique.`,
      );
    else names.set(l.name, i);
    const combo = `${l.port}/${l.protocol.toLowerCase()}/${l.hostname ?? ''}`;
    const same = combos.get(combo);
    if (same !== undefined)
      r.reject(
        GW_CODES.invalid,
        [...p, i],
        `listeners[${same}] and listeners[${i}] have the same port, protocol and hostname; each combination must be unique.`,
      );
    else combos.set(combo, i);
  });
  return listeners;
}

function readListener(r: FieldReader, p: YamlPath): GatewayListener {
  const name = readSectionName(r, [...p, 'name'], 'listener name') ?? '';
  if (!name) r.reject(GW_CODES.required, [...p, 'name'], 'listener name is required.');
  const port = r.int([...p, 'port']);
  if (port === undefined) r.reject(GW_CODES.required, [...p, 'port'], 'listener port is required.');
  else checkRange(r, [...p, 'port'], port, 1, 65535, 'port');
  const protocol = requireStr(r, [...p, 'protocol'], 'listener protocol');
  const hostname = readHostname(r, [...p, 'hostname']);
  if (hostname !== undefined && /^(TCP|UDP)$/i.test(protocol))
    r.reject(
      GW_CODES.invalid,
      [...p, 'hostname'],
      `hostname must not be set for protocol ${protocol}.`,
    );
  const hasTls = r.has([...p, 'tls']);
  if (hasTls && NO_TLS.test(protocol))
    r.reject(GW_CODES.invalid, [...p, 'tls'], `tls must not be set for protocol ${protocol}.`);
  const tls = hasTls ? readListenerTls(r, p) : undefined;
  if (/^HTTPS$/i.test(protocol) && tls && tls.mode !== 'Terminate')
    r.reject(
      GW_CODES.invalid,
      [...p, 'tls', 'mode'],
      'tls mode must be Terminate for protocol HTTPS.',
    );
  if (/^TLS$/i.test(protocol) && !r.has([...p, 'tls', 'mode']))
    r.reject(GW_CODES.invalid, [...p, 'tls'], 'tls.mode must be set for protocol TLS.');
  return {
    name,
    port: port ?? 0,
    protocol,
    allowedRoutes: readAllowedRoutes(r, p),
    source: r.at(p),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(tls ? { tls } : {}),
  };
}

// ---------------------------------------------------------------- Gateway

function readAddresses(r: FieldReader): GatewayAddress[] {
  checkMaxItems(r, ['spec', 'addresses'], 16, 'spec.addresses');
  return r.list(['spec', 'addresses']).flatMap((_, i) => {
    const p: YamlPath = ['spec', 'addresses', i];
    const type = r.str([...p, 'type']) ?? 'IPAddress';
    const value = r.str([...p, 'value']);
    if (value === undefined || value === '') {
      // An address without a value asks the implementation to pick one ([GW] GatewaySpecAddress).
      return [];
    }
    if (type === 'IPAddress' && !isIP(value))
      r.reject(
        GW_CODES.invalid,
        [...p, 'value'],
        `"${value}" is not an IP address (type IPAddress).`,
      );
    if (type === 'Hostname' && !isDns1123Subdomain(value))
      r.reject(
        GW_CODES.invalid,
        [...p, 'value'],
        `"${value}" is not a valid host name (type Hostname).`,
      );
    return [{ type, value, source: r.at(p) }];
  });
}

export function readGateway(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Gateway | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const gatewayClassName = requireStr(r, ['spec', 'gatewayClassName'], 'spec.gatewayClassName');
  const listeners = readListeners(r, ['spec', 'listeners']);
  const lp: YamlPath = ['spec', 'allowedListeners'];
  const from = r.str([...lp, 'namespaces', 'from']) ?? 'None';
  const fromOk = checkEnum(
    r,
    [...lp, 'namespaces', 'from'],
    from,
    LISTENER_FROM,
    'allowedListeners.namespaces.from',
  );
  const hasSelector = r.has([...lp, 'namespaces', 'selector']);
  const statusAddresses = r
    .list(['status', 'addresses'])
    .map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>).value : undefined))
    .filter((x): x is string => typeof x === 'string' && x !== '');
  return {
    kind: 'Gateway',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    gatewayClassName,
    listeners,
    addresses: readAddresses(r),
    statusAddresses,
    allowedListeners: {
      from: fromOk ? from : 'None',
      source: r.has(lp) ? r.at(lp) : r.at(['spec']),
      ...(hasSelector ? { selector: readLabelSelector(r, [...lp, 'namespaces', 'selector']) } : {}),
    },
  };
}

// ---------------------------------------------------------------- ListenerSet

export function readListenerSet(
  r: FieldReader,
  apiVersion: string,
  order: number,
  declaredKind: 'ListenerSet' | 'XListenerSet',
): ListenerSet | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  if (!r.has(['spec', 'parentRef']))
    r.reject(GW_CODES.required, ['spec'], 'spec.parentRef (the Gateway to join) is required.');
  const parentRef = readObjectRef(
    r,
    ['spec', 'parentRef'],
    { group: GATEWAY_GROUP, kind: 'Gateway' },
    'spec.parentRef',
  );
  return {
    kind: 'ListenerSet',
    declaredKind,
    group: apiVersion.split('/')[0] ?? GATEWAY_GROUP,
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    parentRef,
    listeners: readListeners(r, ['spec', 'listeners']),
  };
}

// ---------------------------------------------------------------- ReferenceGrant

export function readReferenceGrant(
  r: FieldReader,
  apiVersion: string,
  order: number,
): ReferenceGrant | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const fromRaw = r.list(['spec', 'from']);
  const toRaw = r.list(['spec', 'to']);
  if (fromRaw.length === 0)
    r.reject(
      GW_CODES.required,
      ['spec'],
      'spec.from needs at least one entry; the API server would reject this ReferenceGrant.',
    );
  if (toRaw.length === 0)
    r.reject(
      GW_CODES.required,
      ['spec'],
      'spec.to needs at least one entry; the API server would reject this ReferenceGrant.',
    );
  checkMaxItems(r, ['spec', 'from'], 16, 'spec.from');
  checkMaxItems(r, ['spec', 'to'], 16, 'spec.to');
  const from = fromRaw.map((_, i) => {
    const p: YamlPath = ['spec', 'from', i];
    return {
      group: requireGroup(r, [...p, 'group'], 'from[].group'),
      kind: requireStr(r, [...p, 'kind'], 'from[].kind'),
      namespace: requireStr(r, [...p, 'namespace'], 'from[].namespace'),
      source: r.at(p),
    };
  });
  const to = toRaw.map((_, i) => {
    const p: YamlPath = ['spec', 'to', i];
    const name = r.str([...p, 'name']);
    return {
      group: requireGroup(r, [...p, 'group'], 'to[].group'),
      kind: requireStr(r, [...p, 'kind'], 'to[].kind'),
      source: r.at(p),
      ...(name !== undefined && name !== '' ? { name } : {}),
    };
  });
  return {
    kind: 'ReferenceGrant',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    from,
    to,
  };
}

/** A required API group: '' (the core group) is a value, an absent field is not. */
function requireGroup(r: FieldReader, p: YamlPath, what: string): string {
  const g = r.str(p);
  if (g === undefined) {
    r.reject(GW_CODES.required, p, `${what} is required ("" for the core group).`);
    return '';
  }
  return g;
}

// ---------------------------------------------------------------- Namespace

export function readNamespace(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Namespace | undefined {
  const meta = readMeta(r, false);
  if (!meta) return undefined;
  if (!isDns1123Label(meta.name))
    r.reject(
      GW_CODES.invalid,
      ['metadata', 'name'],
      `Namespace name "${meta.name}" must be a lower-case RFC 1123 label (at most 63 characters).`,
    );
  return {
    kind: 'Namespace',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
  };
}

/** The labels a Namespace has, with the kubernetes.io/metadata.name label the API server adds to every one. */
export function namespaceLabels(ns: Namespace | undefined, name: string): Record<string, string> {
  // Since Kubernetes 1.21 every namespace carries kubernetes.io/metadata.name=<name>
  // (KEP-2161, NamespaceDefaultLabelName), so selectors on it work without writing it.
  return { ...(ns?.meta.labels ?? {}), 'kubernetes.io/metadata.name': name };
}
