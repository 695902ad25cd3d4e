/** Routing basics beyond the shop: several hosts on one controller, and a canary. Written for routelab. */
import { deployment } from './deployment.js';

export const hostsYaml = `# Two sites behind one controller: the Host header picks the site (name-based virtual hosts).
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
  name: sites
  namespace: web
spec:
  ingressClassName: nginx
  rules:
    - host: blog.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: blog
                port:
                  number: 80
    - host: docs.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: docs
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: blog
  namespace: web
spec:
  selector:
    app: blog
  ports:
    - port: 80
      targetPort: 2368
---
${deployment({ name: 'blog', namespace: 'web', replicas: 2, image: 'ghcr.io/example/blog:5.2', port: 2368 })}
---
apiVersion: v1
kind: Service
metadata:
  name: docs
  namespace: web
spec:
  selector:
    app: docs
  ports:
    - port: 80
      targetPort: 8000
---
${deployment({ name: 'docs', namespace: 'web', replicas: 1, image: 'ghcr.io/example/docs:1.0', port: 8000 })}
`;

export const canaryYaml = `# A canary: a second Ingress for the same host and path, marked canary. Requests with the
# header X-Canary: always go to the new version; 10% of the others do too.
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
  name: checkout
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /checkout
            pathType: Prefix
            backend:
              service:
                name: checkout-v1
                port:
                  number: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: checkout-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/canary-weight: "10"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /checkout
            pathType: Prefix
            backend:
              service:
                name: checkout-v2
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: checkout-v1
  namespace: shop
spec:
  selector:
    app: checkout
    version: v1
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: checkout-v2
  namespace: shop
spec:
  selector:
    app: checkout
    version: v2
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout-v1
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: checkout
      version: v1
  template:
    metadata:
      labels:
        app: checkout
        version: v1
    spec:
      containers:
        - name: checkout
          image: ghcr.io/example/checkout:1.9
          ports:
            - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout-v2
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: checkout
      version: v2
  template:
    metadata:
      labels:
        app: checkout
        version: v2
    spec:
      containers:
        - name: checkout
          image: ghcr.io/example/checkout:2.0
          ports:
            - containerPort: 8080
`;
