import type { KeyboardEvent } from 'react';
import { useAppStore } from '../state/store.js';
import type { ResultTab } from '../state/uiSlice.js';
import { ConfigPanel } from './ConfigPanel.js';
import { LifecyclePanel } from './LifecyclePanel.js';
import { ResultPanel } from './ResultPanel.js';
import { TrafficPanel } from './TrafficPanel.js';

const TABS: readonly { id: ResultTab; label: string }[] = [
  { id: 'trace', label: 'Trace' },
  { id: 'lifecycle', label: 'Lifecycle' },
  { id: 'config', label: 'Proxy configuration' },
  { id: 'traffic', label: 'Traffic' },
];

const PANELS: Readonly<Record<ResultTab, () => React.JSX.Element>> = {
  trace: () => <ResultPanel />,
  lifecycle: () => <LifecyclePanel />,
  config: () => <ConfigPanel />,
  traffic: () => <TrafficPanel />,
};

/** The panels under the graph, as tabs (arrow keys move between them). */
export function WorkTabs() {
  const tab = useAppStore((s) => s.resultTab);
  const setTab = useAppStore((s) => s.setResultTab);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : -1;
    if (next < 0) return;
    e.preventDefault();
    const id = TABS[next]?.id ?? 'trace';
    setTab(id);
    document.getElementById(`tab-${id}`)?.focus();
  };
  return (
    <div className="work-tabs">
      <div role="tablist" aria-label="Panels" className="tablist" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tabpanel-frame">
        <div
          role="tabpanel"
          id={`panel-${tab}`}
          aria-labelledby={`tab-${tab}`}
          className="tabpanel"
        >
          {PANELS[tab]()}
        </div>
      </div>
    </div>
  );
}
