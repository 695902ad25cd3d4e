/** Timeouts, keep-alive, rate limits and retries: the settings behind intermittent 502/504/429s. Written for routelab. */
import { deployment } from './deployment.js';

export const timeoutsYaml = `# A CSV import that takes 90 s behind ingress-nginx's default proxy-read-timeout of 60 s:
# the controller gives up and answers 504. Raise the timeout on this Ingress only (see the
# commented annotation), or better, answer 202 and import in the background.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: imports
  namespace: reports
  annotations:
    nginx.ingress.kubernetes.io/proxy-connect-timeout: "5"
    nginx.ingress.kubernetes.io/proxy-body-size: "50m"
    # nginx.ingress.kubernetes.io/proxy-read-timeout: "300"
spec:
  ingressClassName: nginx
  rules:
    - host: reports.example.com
      http:
        paths:
          - path: /import
            pathType: Prefix
            backend:
              service:
                name: importer
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: importer
  namespace: reports
spec:
  selector:
    app: importer
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'importer', namespace: 'reports', replicas: 2, image: 'ghcr.io/example/importer:3.1', port: 8080 })}
---
# How the pods behave, which the cluster YAML cannot say.
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: slow-import
spec:
  backends:
    - service: reports/importer
      latency: 90s
`;

export const keepAliveYaml = `# Keep-alive on both sides of the proxy, set for every Ingress in the controller's ConfigMap:
# clients keep their connection 75 s, and each nginx worker keeps up to 320 idle connections
# to the pods instead of opening a new one per request.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  keep-alive: "75"
  upstream-keepalive-connections: "320"
  upstream-keepalive-timeout: "60"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: api
spec:
  ingressClassName: nginx
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'api', namespace: 'api', replicas: 3, image: 'ghcr.io/example/api:2.4', port: 8080 })}
`;

export const rateLimitYaml = `# A rate limit per client address: 2 requests a second, with bursts of up to 10 (limit-rps
# times limit-burst-multiplier). Past that ingress-nginx answers 429: the status is a key of
# the controller's ConfigMap, not an annotation. One request goes through; the Scenario at the
# end sends 20 a second (\`routelab simulate\`) and most of them get the 429.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  limit-req-status-code: "429"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: search
  namespace: api
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "2"
    nginx.ingress.kubernetes.io/limit-burst-multiplier: "5"
spec:
  ingressClassName: nginx
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /search
            pathType: Prefix
            backend:
              service:
                name: search
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: search
  namespace: api
spec:
  selector:
    app: search
  ports:
    - port: 80
      targetPort: 9200
---
${deployment({ name: 'search', namespace: 'api', replicas: 2, image: 'ghcr.io/example/search:7.1', port: 9200 })}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: one-busy-client
spec:
  duration: 3s
  traffic:
    - url: http://api.example.com/search?q=ingress
      rate: 20/s
      clients: 1
`;

export const retriesYaml = `# One pod of three refuses connections (it is restarting). ingress-nginx retries a failed
# connection on the next pod (proxy_next_upstream error timeout, 3 tries by default), so the
# client still gets its 200: the trace shows each attempt as a trip of its own.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-next-upstream: "error timeout http_503"
    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "3"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /orders
            pathType: Prefix
            backend:
              service:
                name: orders
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
spec:
  selector:
    app: orders
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'orders', namespace: 'shop', replicas: 3, image: 'ghcr.io/example/orders:4.0', port: 8080 })}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: one-pod-restarting
spec:
  seed: 1
  duration: 10s
  backends:
    - pod: orders-k87tj8f8k4-q9jqs
      behavior: refuse
  traffic:
    - url: http://shop.example.com/orders
      rate: 30/s
      clients: 5
`;
