import { useEffect, useRef } from 'react';
import { EXAMPLES, type ExampleGroup } from '../examples/index.js';
import { useAppStore } from '../state/store.js';

const GROUPS: readonly { id: ExampleGroup; title: string }[] = [
  { id: 'basics', title: 'Routing basics' },
  { id: 'connections', title: 'Timeouts, keep-alive, limits and retries' },
  { id: 'controllers', title: 'Classes and other controllers' },
  { id: 'broken', title: 'Broken: find the bug' },
];

/** The examples gallery: a modal dialog (Escape closes it, focus stays inside). */
export function Gallery() {
  const open = useAppStore((s) => s.galleryOpen);
  const setOpen = useAppStore((s) => s.setGalleryOpen);
  const loadExample = useAppStore((s) => s.loadExample);
  const current = useAppStore((s) => s.exampleId);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="gallery"
      aria-labelledby="gallery-title"
      onClose={() => setOpen(false)}
    >
      <div className="gallery-head">
        <h2 id="gallery-title">Examples</h2>
        <button
          type="button"
          className="icon-button"
          onClick={() => setOpen(false)}
          aria-label="Close examples"
        >
          ×
        </button>
      </div>
      <p className="hint">
        Each example loads its YAML and the request that shows what it teaches. Your own YAML is
        replaced (Ctrl+Z in the editor brings it back).
      </p>
      {GROUPS.map((g) => (
        <section key={g.id} aria-labelledby={`group-${g.id}`}>
          <h3 id={`group-${g.id}`}>{g.title}</h3>
          <ul className="gallery-list">
            {EXAMPLES.filter((e) => e.group === g.id).map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className={`gallery-item${e.id === current ? ' current' : ''}`}
                  data-example={e.id}
                  onClick={() => {
                    loadExample(e.id);
                    setOpen(false);
                  }}
                >
                  <span className="gallery-title">{e.title}</span>
                  <span className="gallery-desc">{e.description}</span>
                  <code className="gallery-request">
                    {e.request.method} {e.request.url}
                  </code>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </dialog>
  );
}
