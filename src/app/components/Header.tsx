import { useRef, useState } from 'react';
import { ExercisesButton } from '../exercises/ExercisesButton.js';
import { encodeShare } from '../persist/share.js';
import { MAX_YAML_CHARS } from '../persist/snapshot.js';
import { snapshotOf } from '../persist/autosave.js';
import { appStore, useAppStore } from '../state/store.js';
import type { ThemeChoice } from '../state/uiSlice.js';

const THEMES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System theme' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function Header() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const setGalleryOpen = useAppStore((s) => s.setGalleryOpen);
  const restore = useAppStore((s) => s.restore);
  const setNotice = useAppStore((s) => s.setNotice);
  const file = useRef<HTMLInputElement>(null);
  const [shared, setShared] = useState<string | null>(null);

  const share = (): void => {
    const fragment = encodeShare(snapshotOf(appStore.getState()));
    const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
    history.replaceState(null, '', `#${fragment}`);
    setShared(url);
    void navigator.clipboard?.writeText(url).then(
      () =>
        setNotice({
          kind: 'info',
          text: `Link copied (${url.length} characters). It holds the YAML and the request.`,
        }),
      () =>
        setNotice({ kind: 'info', text: 'The link is in the address bar: copy it from there.' }),
    );
  };

  const open = (f: File): void => {
    if (f.size > MAX_YAML_CHARS) {
      setNotice({
        kind: 'error',
        text: `${f.name} is larger than 1 MiB: routelab opens files up to 1 MiB.`,
      });
      return;
    }
    void f.text().then((text) => {
      const state = appStore.getState();
      restore({ ...snapshotOf(state), yaml: text, exampleId: null }, `Opened ${f.name}.`);
    });
  };

  return (
    <header className="page-header">
      <h1>routelab</h1>
      <p className="tagline">Follow a request into a Kubernetes cluster, stage by stage.</p>
      <nav className="header-actions" aria-label="Page">
        <button type="button" onClick={() => setGalleryOpen(true)} aria-haspopup="dialog">
          Examples
        </button>
        <ExercisesButton />
        <button type="button" onClick={() => file.current?.click()}>
          Open file…
        </button>
        <input
          ref={file}
          type="file"
          accept=".yaml,.yml,.json,text/yaml,application/json"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) open(f);
            e.target.value = '';
          }}
        />
        <button type="button" onClick={share} title="Put the YAML and the request in a link">
          Share link
        </button>
        {shared && (
          <output className="visually-hidden" data-testid="share-url">
            {shared}
          </output>
        )}
        <label className="visually-hidden" htmlFor="theme">
          Theme
        </label>
        <select id="theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
          {THEMES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </nav>
    </header>
  );
}
