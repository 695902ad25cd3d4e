/**
 * The Ingress conformance case files (test/conformance/data/ingress/*.json, transcribed
 * from kubernetes-sigs/ingress-controller-conformance features/*.feature) and what the
 * upstream harness adds around each feature before it sends a request.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The third-party conformance cases, kept in the repository (test/conformance/data, with
 * their license and provenance) so that `npm test` needs nothing beside it.
 */
export const CONFORMANCE_DIR = path.resolve(here, '../conformance/data');
export const INGRESS_CASES_DIR = path.join(CONFORMANCE_DIR, 'ingress');

export interface IngressCaseRequest {
  readonly scheme: 'http' | 'https';
  readonly port: number;
  readonly host?: string;
  readonly method: string;
  readonly path: string;
  readonly sni?: string;
  readonly repeat?: number;
}

export interface IngressCaseExpect {
  readonly status: number;
  readonly backend?: string;
  readonly requestHost?: string;
  readonly requestPath?: string;
  readonly requestMethod?: string;
  readonly requestProto?: string;
  readonly responseProto?: string;
  readonly tlsCertificateHostname?: string;
  readonly distinctPods?: number;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly requestHeaders?: Readonly<Record<string, string>>;
}

export interface IngressCase {
  readonly name: string;
  readonly comment?: string;
  readonly note?: string;
  readonly request: IngressCaseRequest;
  readonly expect: IngressCaseExpect;
}

export interface SetupStep {
  readonly step: string;
  readonly secret?: {
    readonly type: string;
    readonly name: string;
    readonly hosts: readonly string[];
    readonly selfSigned?: boolean;
  };
  readonly scale?: { readonly service: string; readonly replicas: number };
}

export interface StatusExpectation {
  readonly ingress: string;
  readonly loadBalancerAddress: 'absent' | 'present';
  readonly scenario: string;
}

export interface IngressCaseFile {
  /** File name without .json, e.g. "path-rules". */
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly manifests: string;
  readonly harnessManifests: string;
  readonly harnessNotes: readonly string[];
  readonly setup: readonly SetupStep[];
  readonly statusExpectations?: readonly StatusExpectation[];
  readonly cases: readonly IngressCase[];
}

/** Reads every case file; throws with the path when the data directory is missing. */
export function loadIngressCaseFiles(dir: string = INGRESS_CASES_DIR): IngressCaseFile[] {
  if (!existsSync(dir))
    throw new Error(
      `Conformance cases not found at ${dir}. They live in test/conformance/data/ingress.`,
    );
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`No *.json case files in ${dir}.`);
  return files.map((f) => ({
    id: f.replace(/\.json$/, ''),
    ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Omit<IngressCaseFile, 'id'>),
  }));
}

/** The IngressClass the harness's --ingress-class flag names (default "conformance"). */
export const HARNESS_INGRESS_CLASS = 'conformance';

export interface Fixture {
  readonly certPem: string;
  readonly keyPem: string;
  /** The hosts the certificate covers (its SANs). */
  readonly hosts: readonly string[];
}

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function parseObjects(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => asObj(d.toJS()))
    .filter((o): o is Obj => o !== undefined);
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * The YAML the harness ends up applying for a feature, in the namespace the scenario runs in:
 *  - the feature's Ingress(es), with spec.ingressClassName set to "conformance" when absent
 *    (harnessNotes; upstream test/kubernetes/kubernetes.go);
 *  - an IngressClass "conformance" served by ingress-nginx (the flag names it; the cluster
 *    under test must have it);
 *  - the harness Services (harnessManifests) and, for each, the 1-replica echo Deployment
 *    the harness creates ('<ingress>-<service>', labels = the Service selector,
 *    containerPort 3000), scaled as the setup steps say;
 *  - the TLS Secrets the setup steps create, from a real self-signed certificate.
 */
export function harnessYaml(
  file: IngressCaseFile,
  namespace: string,
  certificates: ReadonlyMap<string, Fixture>,
): string {
  const objects: Obj[] = [];
  objects.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: HARNESS_INGRESS_CLASS },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  for (const o of parseObjects(file.manifests)) {
    const metadata = { ...(asObj(o.metadata) ?? {}), namespace };
    const out: Obj = { ...o, metadata };
    if (o.kind === 'Ingress') {
      const spec = { ...(asObj(o.spec) ?? {}) };
      if (spec.ingressClassName === undefined) spec.ingressClassName = HARNESS_INGRESS_CLASS;
      out.spec = spec;
    }
    objects.push(out);
  }
  const scale = new Map<string, number>();
  for (const s of file.setup) if (s.scale) scale.set(s.scale.service, s.scale.replicas);
  for (const svc of parseObjects(file.harnessManifests)) {
    const meta = asObj(svc.metadata) ?? {};
    const name = String(meta.name);
    objects.push({ ...svc, metadata: { ...meta, namespace } });
    const selector = asObj(asObj(svc.spec)?.selector) ?? {};
    const deploymentName = String(selector.app ?? name);
    const ingressName = deploymentName.endsWith(`-${name}`)
      ? deploymentName.slice(0, -name.length - 1)
      : deploymentName;
    const ports = Array.isArray(asObj(svc.spec)?.ports)
      ? (asObj(svc.spec)?.ports as unknown[])
      : [];
    const portName = asObj(ports[0])?.name;
    // upstream test/kubernetes/deployment.go NewEchoDeployment (deploymentTemplate).
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: deploymentName, namespace },
      spec: {
        replicas: scale.get(name) ?? 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            containers: [
              {
                name: 'ingress-conformance-echo',
                image: 'aledbf/echoserver',
                env: [
                  { name: 'INGRESS_NAME', value: ingressName },
                  { name: 'SERVICE_NAME', value: name },
                ],
                ports: [
                  {
                    ...(typeof portName === 'string' ? { name: portName } : {}),
                    containerPort: 3000,
                  },
                ],
              },
            ],
          },
        },
      },
    });
  }
  for (const s of file.setup) {
    if (!s.secret) continue;
    const fixture = s.secret.hosts.map((h) => certificates.get(h)).find((f) => f !== undefined);
    if (!fixture)
      throw new Error(
        `No certificate fixture for ${s.secret.hosts.join(', ')} (setup step "${s.step}")`,
      );
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: s.secret.type,
      metadata: { name: s.secret.name, namespace },
      data: { 'tls.crt': b64(fixture.certPem), 'tls.key': b64(fixture.keyPem) },
    });
  }
  return objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
}
