/**
 * Run in a child process by regressions.test.ts (it used to hang Node): an Ingress with
 * proxy-next-upstream-tries "0" in front of pods that refuse connections. Exits 0 when
 * the trace finishes.
 */
import { buildCluster, loadManifests, trace } from '../../../src/engine/index.js';

const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: retries
  annotations:
    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "0"
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: api, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 1234}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]
`;
const cluster = buildCluster(loadManifests(yaml).resources);
const t = trace(cluster, { url: 'http://shop.example.com/' }, { seed: 1 });
process.stdout.write(`${t.status} after ${t.attempts.length} attempts\n`);
