import { describe, expect, it } from 'vitest';
import { buildCluster, lint, loadManifests } from '../index.js';

function diagnose(yaml: string, strict = false) {
  const r = loadManifests(yaml);
  return lint(buildCluster(r.resources, { strict }), r.diagnostics);
}
const codes = (yaml: string) => diagnose(yaml).map((d) => d.code);

const ingress = (annotations: Record<string, string> = {}, spec = '') =>
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
  annotations:
${
  Object.entries(annotations)
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n') || '    {}'
}
spec:
  ingressClassName: nginx
${spec}  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: api-svc
                port:
                  number: 80`.replace('  annotations:\n    {}', '  annotations: {}');

const N = 'nginx.ingress.kubernetes.io/';

describe('lint: annotations', () => {
  it("names the tutorials' rate-limit annotations as non-existent and suggests limit-rps", () => {
    const ds = diagnose(ingress({ [`${N}rate-limit`]: '100', [`${N}rate-limit-window`]: '1m' }));
    const rl = ds.filter((d) => d.code === 'RL201');
    expect(rl).toHaveLength(2);
    expect(rl[0]?.message).toMatch(/does not exist/);
    expect(rl.some((d) => d.fix?.title.includes('limit-rps'))).toBe(true);
    expect(rl[0]?.source?.range.startLine).toBe(7); // the annotation line, under `annotations:`
  });

  it('says limit-req-status-code is a ConfigMap key', () => {
    const ds = diagnose(ingress({ [`${N}limit-req-status-code`]: '429' }));
    expect(ds.find((d) => d.code === 'RL202')?.message).toMatch(/ConfigMap/);
  });

  it("names another controller's annotations", () => {
    expect(codes(ingress({ 'nginx.org/client-max-body-size': '4m' }))).toContain('RL203');
    expect(
      codes(ingress({ 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' })),
    ).toContain('RL203');
    expect(codes(ingress({ 'cert-manager.io/cluster-issuer': 'letsencrypt' }))).not.toContain(
      'RL203',
    );
  });

  it('flags cors-* without enable-cors, and not with it', () => {
    expect(codes(ingress({ [`${N}cors-allow-origin`]: 'https://app.example.com' }))).toContain(
      'RL204',
    );
    expect(
      codes(
        ingress({
          [`${N}cors-allow-origin`]: 'https://app.example.com',
          [`${N}enable-cors`]: 'true',
        }),
      ),
    ).not.toContain('RL204');
  });

  it('flags rewrite-target without capture groups on a sub-path', () => {
    const yaml = ingress({ [`${N}rewrite-target`]: '/' }).replace('path: /\n', 'path: /api\n');
    expect(codes(yaml)).toContain('RL205');
  });

  it('suggests the closest annotation for a typo, and flags invalid values', () => {
    const typo = diagnose(ingress({ [`${N}proxy-read-timout`]: '300' })).find(
      (d) => d.code === 'RL201',
    );
    expect(typo?.message).toContain('proxy-read-timeout');
    expect(codes(ingress({ [`${N}backend-protocol`]: 'HTTP2' }))).toContain('RL207');
    expect(codes(ingress({ [`${N}proxy-read-timeout`]: '300s' }))).toContain('RL207');
  });

  it('refuses regex in a Prefix path (admission webhook) and offers ImplementationSpecific', () => {
    const ds = diagnose(ingress().replace('path: /\n', 'path: /api/(.*)\n'));
    const d = ds.find((x) => x.code === 'RL206');
    expect(d?.severity).toBe('error');
    expect(d?.fix?.edit?.replace).toBe('pathType: ImplementationSpecific');
  });
});

describe('lint: classes, TLS and backends', () => {
  it('an Ingress no controller claims is an error with a fix', () => {
    const d = diagnose(ingress().replace('  ingressClassName: nginx\n', '')).find(
      (x) => x.code === 'RL208',
    );
    expect(d?.severity).toBe('error');
    expect(d?.fix?.title).toContain('ingressClassName');
  });

  it('two default IngressClasses', () => {
    const cls = (n: string) => `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${n}
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-nginx}`;
    expect(codes(`${cls('a')}\n---\n${cls('b')}`).filter((c) => c === 'RL209')).toHaveLength(2);
  });

  it('TLS: a host not in rules, a missing Secret', () => {
    const tls =
      '  tls:\n    - hosts: [api.example.com, www.example.com]\n      secretName: api-tls\n';
    const cs = codes(ingress({}, tls));
    expect(cs).toContain('RL401');
    expect(cs).toContain('RL402');
  });

  it('backends: missing Service (info, error under --strict), unknown port, selector with no pods', () => {
    expect(diagnose(ingress()).find((d) => d.code === 'RL301')?.severity).toBe('info');
    const svc = `apiVersion: v1
kind: Service
metadata: {name: api-svc, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 8080}]`;
    expect(codes(`${ingress()}\n---\n${svc}`)).toContain('RL302');
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: other, namespace: shop}
spec:
  selector: {matchLabels: {app: other}}
  template:
    metadata: {labels: {app: other}}
    spec: {containers: [{name: a, image: x}]}`;
    const fixedPort = svc.replace('port: 8080', 'port: 80');
    expect(codes(`${ingress()}\n---\n${fixedPort}\n---\n${deploy}`)).toContain('RL303');
  });

  it('a targetPort no container declares', () => {
    const yaml = `${ingress()}
---
apiVersion: v1
kind: Service
metadata: {name: api-svc, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: a, image: x, ports: [{containerPort: 8080}]}]}`;
    expect(codes(yaml)).toContain('RL306');
  });

  it('unknown ConfigMap keys and annotation-only keys in the ConfigMap', () => {
    const cm = `apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data:
  proxy-read-timeout: "120"
  proxy-read-timout: "120"
  rewrite-target: /`;
    const ds = diagnose(`${ingress()}\n---\n${cm}`).filter((d) => d.code === 'RL501');
    expect(ds).toHaveLength(2);
    expect(ds[0]?.source?.range.startLine).toBeGreaterThan(20);
  });

  it('a cloud load-balancer annotation on an IngressClass does nothing', () => {
    const cls = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-internal
  annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}
spec: {controller: k8s.io/ingress-nginx}`;
    expect(codes(cls)).toContain('RL214');
  });

  it('a clean setup has no errors or warnings', () => {
    const yaml = `${ingress()}
---
apiVersion: v1
kind: Service
metadata: {name: api-svc, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: a, image: x, ports: [{name: http, containerPort: 8080}]}]}`;
    expect(diagnose(yaml).filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
