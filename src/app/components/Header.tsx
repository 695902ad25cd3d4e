export function Header() {
  return (
    <header className="page-header">
      <h1>routelab</h1>
      <p className="tagline">
        Paste the YAML you would <code>kubectl apply</code>, send a request, and follow it stage by
        stage from DNS to the pod.
      </p>
    </header>
  );
}
