/** Synthetic manifests for the benchmarks: many Ingresses, each with a few paths, and their Services. */

export function manyIngresses(count: number, pathsPerIngress: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const paths = Array.from({ length: pathsPerIngress }, (_, j) => {
      const type = j % 3 === 0 ? 'Exact' : 'Prefix';
      return `          - path: /svc${j}/v${i % 7}
            pathType: ${type}
            backend:
              service:
                name: app-${i}
                port:
                  number: 80`;
    }).join('\n');
    docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-${i}
  namespace: team-${i % 20}
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "${30 + (i % 5) * 30}"
spec:
  ingressClassName: nginx
  rules:
    - host: app-${i}.example.com
      http:
        paths:
${paths}`);
  }
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 20}
spec:
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: 8080`);
  }
  return docs.join('\n---\n');
}

/**
 * The same resources as objects the engine has not seen. The cluster build caches by object
 * (an Ingress's annotations, ingress-nginx's virtual hosts, a ConfigMap's settings), so
 * building twice from the same objects measures those caches; a compile figure needs the
 * objects a fresh load would give.
 */
export function unseen<T extends object>(resources: readonly T[]): T[] {
  return resources.map((r) => ({ ...r }));
}
