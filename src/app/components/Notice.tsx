import { useAppStore } from '../state/store.js';

export function Notice() {
  const notice = useAppStore((s) => s.notice);
  const setNotice = useAppStore((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button
        type="button"
        className="icon-button"
        onClick={() => setNotice(null)}
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}
