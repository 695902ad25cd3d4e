/** Ingress and IngressClass (networking.k8s.io/v1), validated as the API server validates them. */
import type {
  Ingress,
  IngressBackend,
  IngressClass,
  IngressPath,
  IngressRule,
  IngressTLS,
  PathType,
} from '../../model/resources.js';
import type { YamlPath } from '../../model/source.js';
import type { FieldReader } from '../reader.js';
import { invalidIngressHost, isDns1123Subdomain, readMeta } from './common.js';

const PATH_TYPES: readonly PathType[] = ['Exact', 'Prefix', 'ImplementationSpecific'];

// kubernetes/kubernetes pkg/apis/networking/validation/validation.go
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** Why the API server refuses this path for this pathType, or undefined when it is valid. */
export function invalidIngressPath(path: string, pathType: PathType): string | undefined {
  if (path.length > 0 && !path.startsWith('/')) return 'must be an absolute path (start with "/")';
  if (pathType === 'ImplementationSpecific') return undefined;
  if (!path.startsWith('/')) return 'must be an absolute path (start with "/")';
  for (const seq of INVALID_PATH_SEQUENCES)
    if (path.includes(seq)) return `must not contain '${seq}'`;
  for (const suf of INVALID_PATH_SUFFIXES)
    if (path.endsWith(suf)) return `cannot end with '${suf}'`;
  return undefined;
}

export function readIngress(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Ingress | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const className = r.str(['spec', 'ingressClassName']);
  if (className !== undefined && !isDns1123Subdomain(className))
    r.reject(
      'RL117',
      ['spec', 'ingressClassName'],
      `ingressClassName "${className}" is not a valid name.`,
    );
  const rules: IngressRule[] = r
    .list(['spec', 'rules'])
    .map((_, i) => readRule(r, ['spec', 'rules', i]));
  const defaultBackend = r.has(['spec', 'defaultBackend'])
    ? readBackend(r, ['spec', 'defaultBackend'])
    : undefined;
  if (rules.length === 0 && !defaultBackend)
    r.reject(
      'RL115',
      ['spec'],
      'An Ingress needs either spec.defaultBackend or spec.rules; the API server would reject it.',
    );
  const tls: IngressTLS[] = r.list(['spec', 'tls']).map((_, i) => {
    const p: YamlPath = ['spec', 'tls', i];
    const hosts = r.strings([...p, 'hosts']);
    hosts.forEach((h, j) => {
      const bad = invalidIngressHost(h);
      if (bad) r.reject('RL113', [...p, 'hosts', j], `TLS host "${h}" ${bad}.`);
    });
    const secretName = r.str([...p, 'secretName']);
    const item: IngressTLS = { hosts, source: r.at(p) };
    return secretName ? { ...item, secretName } : item;
  });
  const statusAddresses = r
    .list(['status', 'loadBalancer', 'ingress'])
    .flatMap((x) =>
      x && typeof x === 'object'
        ? [
            ((x as Record<string, unknown>).ip ??
              (x as Record<string, unknown>).hostname) as unknown,
          ]
        : [],
    )
    .filter((x): x is string => typeof x === 'string');
  const ing: Ingress = {
    kind: 'Ingress',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    rules,
    tls,
    statusAddresses,
    ...(className !== undefined ? { ingressClassName: className } : {}),
    ...(defaultBackend ? { defaultBackend } : {}),
  };
  return ing;
}

function readRule(r: FieldReader, p: YamlPath): IngressRule {
  const host = r.str([...p, 'host']);
  if (host !== undefined && host !== '') {
    const bad = invalidIngressHost(host);
    if (bad) r.reject('RL113', [...p, 'host'], `host "${host}" ${bad}.`);
  }
  const hasHttp = r.has([...p, 'http']);
  const rawPaths = r.list([...p, 'http', 'paths']);
  if (hasHttp && rawPaths.length === 0)
    r.reject('RL114', [...p, 'http'], 'http.paths is required and must not be empty.');
  const paths = rawPaths.map((_, j) => readPath(r, [...p, 'http', 'paths', j]));
  const rule: IngressRule = { paths, source: r.at(p) };
  return host ? { ...rule, host } : rule;
}

function readPath(r: FieldReader, p: YamlPath): IngressPath {
  const path = r.str([...p, 'path']) ?? '';
  const rawType = r.str([...p, 'pathType']);
  let pathType: PathType | undefined;
  if (rawType === undefined) {
    r.reject(
      'RL110',
      [...p],
      'pathType is required (Exact, Prefix or ImplementationSpecific); the API server would reject this Ingress.',
      {
        title: 'Add pathType: Prefix',
      },
    );
  } else if (!(PATH_TYPES as readonly string[]).includes(rawType)) {
    r.reject(
      'RL111',
      [...p, 'pathType'],
      `pathType "${rawType}" is not one of Exact, Prefix, ImplementationSpecific.`,
    );
  } else {
    pathType = rawType as PathType;
    const bad = invalidIngressPath(path, pathType);
    if (bad)
      r.reject(
        'RL112',
        [...p, 'path'],
        `path "${path}" ${bad} (pathType ${pathType}); the API server would reject this Ingress.`,
      );
  }
  const backend = readBackend(r, [...p, 'backend']);
  const item: IngressPath = { path, backend, source: r.at(p) };
  return pathType ? { ...item, pathType } : item;
}

function readBackend(r: FieldReader, p: YamlPath): IngressBackend {
  const hasService = r.has([...p, 'service']);
  const hasResource = r.has([...p, 'resource']);
  if (hasService && hasResource)
    r.reject('RL114', p, 'A backend sets either service or resource, not both.');
  if (!hasService && !hasResource)
    r.reject('RL114', p, 'A backend needs service (name and port) or resource.');
  const source = r.at(p);
  if (hasService) {
    const sp: YamlPath = [...p, 'service'];
    const name = r.str([...sp, 'name']) ?? '';
    if (!name) r.reject('RL114', sp, 'backend.service.name is required.');
    const number = r.int([...sp, 'port', 'number']);
    const portName = r.str([...sp, 'port', 'name']);
    if (number === undefined && portName === undefined)
      r.reject('RL114', sp, 'backend.service.port needs number or name.', {
        title: 'Add port.number',
      });
    if (number !== undefined && portName !== undefined)
      r.reject('RL114', [...sp, 'port'], 'backend.service.port sets number or name, not both.');
    if (number !== undefined && (number < 1 || number > 65535))
      r.reject('RL114', [...sp, 'port', 'number'], `port ${number} is out of range 1-65535.`);
    const port =
      number !== undefined ? { number } : portName !== undefined ? { name: portName } : {};
    return { service: { name, port }, source };
  }
  if (hasResource) {
    const kind = r.str([...p, 'resource', 'kind']) ?? '';
    const name = r.str([...p, 'resource', 'name']) ?? '';
    const apiGroup = r.str([...p, 'resource', 'apiGroup']);
    return { resource: { kind, name, ...(apiGroup ? { apiGroup } : {}) }, source };
  }
  return { source };
}

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

export function readIngressClass(
  r: FieldReader,
  apiVersion: string,
  order: number,
): IngressClass | undefined {
  const meta = readMeta(r, false);
  if (!meta) return undefined;
  const controller = r.str(['spec', 'controller']) ?? '';
  if (!controller) r.reject('RL114', ['spec'], 'IngressClass spec.controller is required.');
  return {
    kind: 'IngressClass',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    controller,
    isDefault: meta.annotations[DEFAULT_CLASS_ANNOTATION] === 'true',
  };
}
