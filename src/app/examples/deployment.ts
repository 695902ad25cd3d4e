/**
 * The Deployment most examples end with: `replicas` pods labelled `app: <name>`, one
 * container of `image` listening on `port`. Nothing in it is what an example teaches, so the
 * examples name it in one line; the editor shows the YAML below. Written for routelab.
 */
export function deployment(d: {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly image: string;
  readonly port: number;
}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${d.name}
  namespace: ${d.namespace}
spec:
  replicas: ${d.replicas}
  selector:
    matchLabels:
      app: ${d.name}
  template:
    metadata:
      labels:
        app: ${d.name}
    spec:
      containers:
        - name: ${d.name}
          image: ${d.image}
          ports:
            - containerPort: ${d.port}`;
}
