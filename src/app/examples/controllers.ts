/** IngressClasses for two controllers, and the other families: Gateway API, Traefik, Contour. Written for routelab. */
import { deployment } from './deployment.js';

export const classesYaml = `# Two ingress-nginx controllers in one cluster: a public one on an internet-facing load
# balancer and an internal one on a load balancer inside the VPC. Each Ingress picks its
# controller with ingressClassName.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-public
spec:
  controller: k8s.io/ingress-nginx-public
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-internal
spec:
  controller: k8s.io/ingress-nginx-internal
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-public
  namespace: ingress-public
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ingress-public
  template:
    metadata:
      labels:
        app: ingress-public
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.13.0
          args:
            - /nginx-ingress-controller
            - --controller-class=k8s.io/ingress-nginx-public
            - --ingress-class=nginx-public
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-public
  namespace: ingress-public
spec:
  type: LoadBalancer
  selector:
    app: ingress-public
  ports:
    - name: http
      port: 80
    - name: https
      port: 443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-internal
  namespace: ingress-internal
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ingress-internal
  template:
    metadata:
      labels:
        app: ingress-internal
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.13.0
          args:
            - /nginx-ingress-controller
            - --controller-class=k8s.io/ingress-nginx-internal
            - --ingress-class=nginx-internal
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-internal
  namespace: ingress-internal
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-internal: "true"
spec:
  type: LoadBalancer
  selector:
    app: ingress-internal
  ports:
    - name: http
      port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public-api
  namespace: api
spec:
  ingressClassName: nginx-public
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
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: api
spec:
  ingressClassName: nginx-internal
  rules:
    - host: admin.internal.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: admin
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
apiVersion: v1
kind: Service
metadata:
  name: admin
  namespace: api
spec:
  selector:
    app: admin
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'api', namespace: 'api', replicas: 2, image: 'ghcr.io/example/api:2.4', port: 8080 })}
---
${deployment({ name: 'admin', namespace: 'api', replicas: 1, image: 'ghcr.io/example/admin:0.9', port: 8080 })}
`;

export const gatewayYaml = `# Gateway API splits the work in three: the platform team offers a GatewayClass, the cluster
# operator runs a Gateway with its listeners, and each application team attaches HTTPRoutes.
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: external-lb
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: external-gateway
  namespace: infra
spec:
  gatewayClassName: external-lb
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      tls:
        certificateRefs:
          - name: wildcard-cert
      allowedRoutes:
        namespaces:
          from: All
---
apiVersion: v1
kind: Secret
metadata:
  name: wildcard-cert
  namespace: infra
type: kubernetes.io/tls
data:
  tls.crt: cGxhY2Vob2xkZXI=
  tls.key: cGxhY2Vob2xkZXI=
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api-route
  namespace: apps
spec:
  parentRefs:
    - name: external-gateway
      namespace: infra
  hostnames:
    - api.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api
      backendRefs:
        - name: api-service
          port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api-service
  namespace: apps
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'api', namespace: 'apps', replicas: 2, image: 'ghcr.io/example/api:2.4', port: 8080 })}
`;

export const traefikYaml = `# Traefik's own resource: an IngressRoute matches with a rule (Host and PathPrefix here) and
# sends the request through a Middleware that strips /api before it reaches the pods.
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: api-route
  namespace: apps
spec:
  entryPoints:
    - websecure
  routes:
    - match: Host(\`api.example.com\`) && PathPrefix(\`/api\`)
      kind: Rule
      services:
        - name: api-service
          port: 80
      middlewares:
        - name: strip-api
  tls:
    secretName: api-tls
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: strip-api
  namespace: apps
spec:
  stripPrefix:
    prefixes:
      - /api
---
apiVersion: v1
kind: Secret
metadata:
  name: api-tls
  namespace: apps
type: kubernetes.io/tls
data:
  tls.crt: cGxhY2Vob2xkZXI=
  tls.key: cGxhY2Vob2xkZXI=
---
apiVersion: v1
kind: Service
metadata:
  name: api-service
  namespace: apps
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'api', namespace: 'apps', replicas: 2, image: 'ghcr.io/example/api:2.4', port: 8080 })}
`;

export const contourYaml = `# Contour's HTTPProxy, served by Envoy: a virtual host with a route that retries a 503 up to
# three times, two seconds per try, within a 30-second response timeout.
apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: api-proxy
  namespace: apps
spec:
  virtualhost:
    fqdn: api.example.com
  routes:
    - conditions:
        - prefix: /
      services:
        - name: api-service
          port: 80
      retryPolicy:
        count: 3
        perTryTimeout: 2s
        retryOn:
          - retriable-status-codes
        retriableStatusCodes:
          - 503
      timeoutPolicy:
        response: 30s
---
apiVersion: v1
kind: Service
metadata:
  name: api-service
  namespace: apps
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'api', namespace: 'apps', replicas: 2, image: 'ghcr.io/example/api:2.4', port: 8080 })}
`;
