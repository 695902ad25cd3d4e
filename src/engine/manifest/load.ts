/**
 * YAML text → typed resources and diagnostics. Accepts what `kubectl apply -f` accepts:
 * multi-document streams, `kind: List`, `helm template` output (comments, empty documents).
 * Never throws: every problem becomes a diagnostic with its line.
 *
 * Parsing is cached per document text, so re-loading after an edit re-parses only the
 * documents whose text changed; reading typed fields from a parsed document is cheap.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { Resource } from '../model/resources.js';
import type { LineRange, SourceRef, YamlPath } from '../model/source.js';
import {
  CONTOUR_API_VERSION,
  readHTTPProxy,
  readTLSCertificateDelegation,
} from './kinds/contour.js';
import { readExerciseResource } from './kinds/exercise.js';
import { readIngress, readIngressClass } from './kinds/ingress.js';
import {
  readConfigMap,
  readEndpoints,
  readEndpointSlice,
  readPod,
  readSecret,
  readService,
  readWorkload,
} from './kinds/core.js';
import {
  readGateway,
  readGatewayClass,
  readListenerSet,
  readNamespace,
  readReferenceGrant,
} from './kinds/gateway.js';
import { readHttpRoute } from './kinds/httproute.js';
import { readRouteTestResource, ROUTELAB_API_VERSION } from './kinds/routeTest.js';
import { readScenario, SCENARIO_API_VERSION } from './kinds/scenario.js';
import { readIngressRoute, readTraefikMiddleware } from './kinds/traefik.js';
import { TRAEFIK_API_VERSIONS } from '../model/traefik.js';
import { parseDocuments, type ParsedDocument } from './parse.js';
import { FieldReader } from './reader.js';
import { isBlankDocument, splitDocuments } from './split.js';

export interface ManifestInput {
  readonly text: string;
  /** Shown in diagnostics when there are several inputs. */
  readonly file?: string;
}

export interface LoadResult {
  readonly resources: readonly Resource[];
  readonly diagnostics: readonly Diagnostic[];
  /** Objects the API server would refuse: named here, and left out of `resources`. */
  readonly rejected: readonly SourceRef[];
}

type Reader = (r: FieldReader, apiVersion: string, order: number) => Resource | undefined;

const GATEWAY_VERSIONS = ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'];

/** kind → accepted apiVersions and the reader. Other apiVersions of a known kind are errors. */
const KINDS: Readonly<Record<string, { versions: readonly string[]; read: Reader }>> = {
  Ingress: { versions: ['networking.k8s.io/v1'], read: readIngress },
  IngressClass: { versions: ['networking.k8s.io/v1'], read: readIngressClass },
  Service: { versions: ['v1'], read: readService },
  Endpoints: { versions: ['v1'], read: readEndpoints },
  EndpointSlice: { versions: ['discovery.k8s.io/v1'], read: readEndpointSlice },
  Deployment: { versions: ['apps/v1'], read: (r, v, o) => readWorkload(r, 'Deployment', v, o) },
  StatefulSet: { versions: ['apps/v1'], read: (r, v, o) => readWorkload(r, 'StatefulSet', v, o) },
  DaemonSet: { versions: ['apps/v1'], read: (r, v, o) => readWorkload(r, 'DaemonSet', v, o) },
  Pod: { versions: ['v1'], read: readPod },
  Secret: { versions: ['v1'], read: readSecret },
  ConfigMap: { versions: ['v1'], read: readConfigMap },
  Scenario: { versions: [SCENARIO_API_VERSION], read: readScenarioResource },
  RouteTest: { versions: [ROUTELAB_API_VERSION], read: readRouteTestResource },
  Exercise: { versions: [ROUTELAB_API_VERSION], read: readExerciseResource },
  HTTPProxy: { versions: [CONTOUR_API_VERSION], read: readHTTPProxy },
  TLSCertificateDelegation: { versions: [CONTOUR_API_VERSION], read: readTLSCertificateDelegation },
  Namespace: { versions: ['v1'], read: readNamespace },
  // Gateway API: v1, and v1beta1 where the kind existed there ([GW] apis/v1beta1).
  GatewayClass: { versions: GATEWAY_VERSIONS, read: readGatewayClass },
  Gateway: { versions: GATEWAY_VERSIONS, read: readGateway },
  HTTPRoute: { versions: GATEWAY_VERSIONS, read: readHttpRoute },
  ReferenceGrant: { versions: GATEWAY_VERSIONS, read: readReferenceGrant },
  ListenerSet: {
    versions: ['gateway.networking.k8s.io/v1'],
    read: (r, v, o) => readListenerSet(r, v, o, 'ListenerSet'),
  },
  XListenerSet: {
    versions: ['gateway.networking.x-k8s.io/v1alpha1'],
    read: (r, v, o) => readListenerSet(r, v, o, 'XListenerSet'),
  },
  // Traefik v3 still serves the traefik.containo.us group it had before v2.10.
  IngressRoute: { versions: TRAEFIK_API_VERSIONS, read: readIngressRoute },
  Middleware: { versions: TRAEFIK_API_VERSIONS, read: readTraefikMiddleware },
};

/** Kinds without a namespace: their SourceRef carries namespace ''. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'IngressClass',
  'Scenario',
  'RouteTest',
  'Exercise',
  'GatewayClass',
  'Namespace',
]);

function readScenarioResource(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Resource | undefined {
  const scenario = readScenario(r, order);
  if (!scenario) return undefined;
  return {
    kind: 'Scenario',
    apiVersion,
    meta: { name: scenario.name, namespace: '', labels: {}, annotations: {} },
    source: r.at([]),
    locate: r.locate,
    order,
    scenario,
  };
}

/** Versions that existed once and were removed; applying them fails with "no matches for kind". */
const REMOVED_VERSIONS: Readonly<Record<string, string>> = {
  'Ingress extensions/v1beta1':
    'removed in Kubernetes 1.22; use networking.k8s.io/v1 (backend.service.name / backend.service.port.number, and pathType on every path)',
  'Ingress networking.k8s.io/v1beta1':
    'removed in Kubernetes 1.22; use networking.k8s.io/v1 (backend.service.name / backend.service.port.number, and pathType on every path)',
  'IngressClass networking.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use networking.k8s.io/v1',
  'Deployment extensions/v1beta1': 'removed in Kubernetes 1.16; use apps/v1',
  'EndpointSlice discovery.k8s.io/v1beta1': 'removed in Kubernetes 1.25; use discovery.k8s.io/v1',
};

interface ReadDocument {
  readonly resources: readonly Resource[];
  /** Each resource's identity (kind/namespace/name), made once: duplicates are found by it. */
  readonly identities: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly rejected: readonly SourceRef[];
}

/** Where a document stood when it was read: its objects hold lines and order from there. */
interface Place {
  readonly file: string | undefined;
  readonly startLine: number;
  readonly order: number;
}

function samePlace(a: Place, b: Place): boolean {
  return a.file === b.file && a.startLine === b.startLine && a.order === b.order;
}

/** One document as the last load left it. */
interface KnownDocument extends Place {
  readonly text: string;
  /** Its parsed YAML (line-independent); undefined for a blank document, which is not parsed. */
  readonly parsed: readonly ParsedDocument[] | undefined;
  /** What was read from it at its place (`Place`). */
  readonly doc: ReadDocument | undefined;
}

export class ManifestLoader {
  /**
   * The documents of the last load, in order. An edit changes one stretch of the text, so
   * each document is looked for at its own index and at the same distance from the end:
   * documents before the edit match by index, documents after it (moved by a document added
   * or removed) from the end. Comparing two texts of different length costs nothing, and
   * nothing is hashed: a map keyed by text hashed the whole file on every load.
   */
  private known: readonly KnownDocument[] = [];

  load(inputs: string | readonly ManifestInput[]): LoadResult {
    const list = typeof inputs === 'string' ? [{ text: inputs }] : inputs;
    const files = list.map((input) => ({
      file: input.file,
      docs: splitDocuments(input.text),
    }));
    const count = files.reduce((n, input) => n + input.docs.length, 0);
    const resources: Resource[] = [];
    const identities: string[] = [];
    const diagnostics: Diagnostic[] = [];
    const rejected: SourceRef[] = [];
    const known: KnownDocument[] = [];
    let order = 0;
    for (const { file, docs } of files) {
      for (const { text, startLine } of docs) {
        const at: Place = { file, startLine, order };
        const before = this.knownText(text, known.length, count);
        const parsed = before
          ? before.parsed
          : isBlankDocument(text)
            ? undefined
            : parseDocuments(text, 1);
        if (parsed === undefined) {
          known.push({ text, parsed, doc: undefined, ...at });
          continue;
        }
        const kept = before?.doc && samePlace(before, at) ? before : undefined;
        const doc = kept?.doc ?? readChunk(parsed, startLine - 1, file, order);
        known.push(kept ?? { text, parsed, doc, ...at });
        order += Math.max(1, doc.resources.length + doc.rejected.length);
        append(resources, doc.resources);
        append(identities, doc.identities);
        append(diagnostics, doc.diagnostics);
        append(rejected, doc.rejected);
      }
    }
    this.known = known;
    return { resources: keepLastOfEach(resources, identities, diagnostics), diagnostics, rejected };
  }

  /** The last load's document with this text, at index `i` of `count` documents now. */
  private knownText(text: string, i: number, count: number): KnownDocument | undefined {
    const byIndex = this.known[i];
    if (byIndex?.text === text) return byIndex;
    const fromEnd = this.known[this.known.length - (count - i)];
    return fromEnd?.text === text ? fromEnd : undefined;
  }
}

/** Pushes one by one: spreading into push() copies every list into arguments first. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

function readChunk(
  parsed: readonly ParsedDocument[],
  shift: number,
  file: string | undefined,
  firstOrder: number,
): ReadDocument {
  const resources: Resource[] = [];
  const diagnostics: Diagnostic[] = [];
  const rejected: SourceRef[] = [];
  let order = firstOrder;
  for (const doc of parsed) {
    for (const d of doc.diagnostics) diagnostics.push(shiftDiagnostic(d, shift, file));
    if (doc.value === undefined) continue;
    const shifted = (path: YamlPath): LineRange => moveRange(doc.locate(path), shift);
    readObject(doc.value, [], shifted, file, order++, resources, diagnostics, rejected);
  }
  return { resources, identities: resources.map(identity), diagnostics, rejected };
}

/** One-shot load without a cache. */
export function loadManifests(inputs: string | readonly ManifestInput[]): LoadResult {
  return new ManifestLoader().load(inputs);
}

function readObject(
  value: unknown,
  prefix: YamlPath,
  locateRange: (path: YamlPath) => LineRange,
  file: string | undefined,
  order: number,
  resources: Resource[],
  diagnostics: Diagnostic[],
  rejected: SourceRef[],
): void {
  const where = (path: YamlPath): SourceRef => ({
    kind: '',
    namespace: '',
    name: '',
    path: [...prefix, ...path],
    range: locateRange([...prefix, ...path]),
    ...(file ? { file } : {}),
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({
      code: 'RL102',
      severity: 'error',
      message: 'A document must be a mapping with apiVersion, kind and metadata.',
      source: where([]),
    });
    return;
  }
  const obj = value as Record<string, unknown>;
  const kind = obj.kind;
  const apiVersion = obj.apiVersion;
  if (typeof kind !== 'string' || kind === '') {
    diagnostics.push({
      code: 'RL102',
      severity: 'error',
      message: 'kind is missing; kubectl cannot tell what this object is.',
      source: where([]),
    });
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    diagnostics.push({
      code: 'RL102',
      severity: 'error',
      message: `apiVersion is missing on this ${kind}.`,
      source: where(['kind']),
    });
    return;
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(obj.items))) {
    const items = Array.isArray(obj.items) ? obj.items : [];
    items.forEach((item, i) =>
      readObject(
        item,
        [...prefix, 'items', i],
        locateRange,
        file,
        order,
        resources,
        diagnostics,
        rejected,
      ),
    );
    return;
  }
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  const locate = (path: YamlPath): SourceRef => ({
    kind,
    namespace: CLUSTER_SCOPED.has(kind) ? '' : namespace,
    name,
    path,
    range: locateRange([...prefix, ...path]),
    ...(file ? { file } : {}),
  });
  const spec = KINDS[kind];
  if (!spec) {
    resources.push({
      kind: 'Unknown',
      declaredKind: kind,
      apiVersion,
      meta: { name, namespace, labels: {}, annotations: {} },
      source: locate([]),
      locate,
      order,
    });
    return;
  }
  if (!spec.versions.includes(apiVersion)) {
    const removed = REMOVED_VERSIONS[`${kind} ${apiVersion}`];
    diagnostics.push({
      code: 'RL116',
      severity: 'error',
      message: removed
        ? `${kind} ${apiVersion} was ${removed}. kubectl apply would fail with "no matches for kind".`
        : `${kind} has no apiVersion ${apiVersion}; expected ${spec.versions.join(' or ')}.`,
      source: locate(['apiVersion']),
    });
    rejected.push(locate([]));
    return;
  }
  const local: Diagnostic[] = [];
  const reader = new FieldReader(value, locate, local);
  const resource = spec.read(reader, apiVersion, order);
  diagnostics.push(...local);
  if (!resource || reader.rejected) {
    rejected.push(locate([]));
    return;
  }
  resources.push(resource);
}

function identity(r: Resource): string {
  return `${r.kind === 'Unknown' ? r.declaredKind : r.kind}/${r.meta.namespace}/${r.meta.name}`;
}

/**
 * Flags each object defined more than once and keeps only its last definition, in the place
 * of the last one, as `kubectl apply` leaves it.
 */
function keepLastOfEach(
  resources: Resource[],
  identities: readonly string[],
  diagnostics: Diagnostic[],
): Resource[] {
  const last = new Map<string, number>();
  for (const [i, r] of resources.entries()) {
    const id = identities[i] as string;
    const seen = last.get(id);
    const earlier = seen === undefined ? undefined : resources[seen];
    if (earlier) {
      diagnostics.push({
        code: 'RL107',
        severity: 'warning',
        message: `${r.kind === 'Unknown' ? r.declaredKind : r.kind} ${r.meta.namespace ? `${r.meta.namespace}/` : ''}${r.meta.name} is defined twice (first at line ${earlier.source.range.startLine}); kubectl apply applies both in order, so this later one replaces it.`,
        source: r.source,
      });
    }
    last.set(id, i);
  }
  if (last.size === resources.length) return resources;
  return resources.filter((_, i) => last.get(identities[i] as string) === i);
}

function moveRange(r: LineRange, shift: number): LineRange {
  return { startLine: r.startLine + shift, endLine: r.endLine + shift };
}

function shiftDiagnostic(d: Diagnostic, shift: number, file: string | undefined): Diagnostic {
  if (!d.range) return d;
  const moved: Diagnostic = { ...d, range: moveRange(d.range, shift) };
  return file ? { ...moved, file } : moved;
}
