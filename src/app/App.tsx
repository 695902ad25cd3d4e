import { Header } from './components/Header.js';
import { ManifestPanel } from './components/ManifestPanel.js';
import { RequestBar } from './components/RequestBar.js';
import { ResultPanel } from './components/ResultPanel.js';

export function App() {
  return (
    <div className="app">
      <Header />
      <main className="layout">
        <ManifestPanel />
        <section className="panel trace-panel" aria-label="Request and trace">
          <RequestBar />
          <ResultPanel />
        </section>
      </main>
    </div>
  );
}
