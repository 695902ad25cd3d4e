export function App() {
  return (
    <main className="app">
      <h1>routelab</h1>
      <p>
        A lab for the path an HTTP request takes into a Kubernetes cluster: paste the YAML you would{' '}
        <code>kubectl apply</code> and follow a request through DNS, the cloud load balancer, the
        ingress controller, TLS, route matching and endpoints to the pod.
      </p>
    </main>
  );
}
