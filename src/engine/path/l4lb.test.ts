import { describe, expect, it } from 'vitest';
import { buildCluster } from '../cluster/build.js';
import { loadManifests } from '../manifest/load.js';
import { trace } from './trace.js';

/** ingress-nginx behind an AWS load balancer that ends TLS with an ACM certificate. */
function behindElb(serviceAnnotations: string, configMap: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app: ctl}}
  template:
    metadata: {labels: {app: ctl}}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.12.1
          args: [/nginx-ingress-controller, --configmap=$(POD_NAMESPACE)/ingress-nginx-controller]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data: {${configMap}}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/abc
    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: https
${serviceAnnotations}
spec:
  type: LoadBalancer
  selector: {app: ctl}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {nginx.ingress.kubernetes.io/force-ssl-redirect: "true"}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;
}

const HTTP_LISTENER = '    service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http';
const TRUST = 'use-forwarded-headers: "true"';

function get(yaml: string, url: string) {
  const cluster = buildCluster(loadManifests(yaml).resources);
  return trace(cluster, { url });
}

describe('a cloud load balancer that ends TLS', () => {
  it('a classic ELB HTTP listener adds X-Forwarded-Proto, which use-forwarded-headers trusts', () => {
    // k8s.io/legacy-cloud-providers/aws buildListener: ssl-cert + backend-protocol http →
    // an HTTPS listener that terminates and parses HTTP (adds X-Forwarded-*).
    const https = get(behindElb(HTTP_LISTENER, TRUST), 'https://shop.example.com/account');
    expect(https.status).toBe(200);
    expect(https.forwarded?.headers['X-Forwarded-Proto']).toBe('https');
    expect(https.forwarded?.headers['X-Forwarded-For']).toBe('198.51.100.23');
    const http = get(behindElb(HTTP_LISTENER, TRUST), 'http://shop.example.com/account');
    expect(http).toMatchObject({ status: 308, redirect: 'https://shop.example.com/account' });
  });

  it('without use-forwarded-headers the controller sees plain HTTP and redirects for ever', () => {
    const t = get(behindElb(HTTP_LISTENER, ''), 'https://shop.example.com/account');
    expect(t).toMatchObject({ status: 308, redirect: 'https://shop.example.com/account' });
  });

  it('a raw SSL listener (no backend-protocol) or a network load balancer adds no header', () => {
    for (const annotations of [
      '    service.beta.kubernetes.io/aws-load-balancer-backend-protocol: tcp',
      `${HTTP_LISTENER}\n    service.beta.kubernetes.io/aws-load-balancer-type: nlb`,
    ]) {
      const t = get(behindElb(annotations, TRUST), 'https://shop.example.com/account');
      expect(t.status).toBe(308);
    }
  });
});
