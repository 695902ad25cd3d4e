/** Broken on purpose: each one has a bug to find with the trace and the problems list. Written for routelab. */
import { deployment } from './deployment.js';

export const typoYaml = `# Two slips in the annotations. An unquoted 5 is a number, and the API server rejects the
# whole Ingress (annotation values are strings): nothing serves reports.example.com, not
# even DNS. The misspelt timeout would be ignored without a word. Both have a quick fix in
# the editor: put the cursor on the marked line and press Ctrl+. (or click the light bulb).
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
  name: reports
  namespace: reports
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timout: "120"
    nginx.ingress.kubernetes.io/proxy-connect-timeout: 5
spec:
  ingressClassName: nginx
  rules:
    - host: reports.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: reports
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: reports
  namespace: reports
spec:
  selector:
    app: reports
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'reports', namespace: 'reports', replicas: 2, image: 'ghcr.io/example/reports:3.1', port: 8080 })}
`;

export const selectorYaml = `# The Service selects app: web, but the Deployment labels its pods app: frontend. The Service
# has no endpoints, so ingress-nginx has nowhere to send the request: 503.
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
  name: web
  namespace: web
spec:
  ingressClassName: nginx
  rules:
    - host: www.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: frontend
          image: ghcr.io/example/frontend:8.0
          ports:
            - containerPort: 3000
`;

export const bodyYaml = `# Uploads fail: ingress-nginx accepts request bodies up to 1m (proxy-body-size) unless told
# otherwise, so a 5 MB upload gets 413 Request Entity Too Large before it reaches the pod.
# The fix: nginx.ingress.kubernetes.io/proxy-body-size: "50m" on this Ingress.
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
  name: uploads
  namespace: media
spec:
  ingressClassName: nginx
  rules:
    - host: media.example.com
      http:
        paths:
          - path: /upload
            pathType: Exact
            backend:
              service:
                name: uploader
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: uploader
  namespace: media
spec:
  selector:
    app: uploader
  ports:
    - port: 80
      targetPort: 8080
---
${deployment({ name: 'uploader', namespace: 'media', replicas: 2, image: 'ghcr.io/example/uploader:1.2', port: 8080 })}
`;
