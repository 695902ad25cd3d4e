import { useEffect, useSyncExternalStore } from 'react';
import { Gallery } from './components/Gallery.js';
import { Header } from './components/Header.js';
import { ManifestPanel } from './components/ManifestPanel.js';
import { NodeDetails } from './components/NodeDetails.js';
import { Notice } from './components/Notice.js';
import { RequestBar } from './components/RequestBar.js';
import { WorkTabs } from './components/WorkTabs.js';
import { ExerciseSlot } from './exercises/ExerciseSlot.js';
import { useAppStore } from './state/store.js';
import { TopologyGraph } from './topology/TopologyGraph.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function useSystemDark(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const media = window.matchMedia(DARK_QUERY);
      media.addEventListener('change', notify);
      return () => media.removeEventListener('change', notify);
    },
    () => window.matchMedia(DARK_QUERY).matches,
  );
}

/**
 * The page: the YAML on the left; on the right the request, the topology with the token,
 * and under it the trace, the lifecycle stepper and the proxy's configuration as tabs (the
 * traffic run will be a tab of its own there).
 */
export function App() {
  const theme = useAppStore((s) => s.theme);
  const systemDark = useSystemDark();
  const dark = theme === 'dark' || (theme === 'system' && systemDark);

  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = theme;
  }, [theme]);

  return (
    <div className="app">
      <Header />
      <Notice />
      <main className="layout">
        <ExerciseSlot />
        <ManifestPanel dark={dark} />
        <section className="panel work-panel" aria-label="Request, topology and trace">
          <RequestBar />
          <div className="graph-panel">
            <TopologyGraph />
            <NodeDetails />
          </div>
          <WorkTabs />
        </section>
      </main>
      <Gallery />
    </div>
  );
}
