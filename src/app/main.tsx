import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startPersistence } from './persist/autosave.js';
import { connectEngine, DEBOUNCE_MS } from './state/engineRunner.js';
import { createKeyFrame } from './keyFrame.js';
import { appStore } from './state/store.js';
import { EngineClient } from './worker/client.js';
import { createEngineWorker } from './worker/createWorker.js';
import './app.css';

const root = document.getElementById('root');
if (!root) {
  throw new Error('routelab: the page has no #root element');
}

// What the user had (a shared link first, then the autosave), before the engine first runs.
startPersistence(appStore, location.hash);

// The engine runs in a worker, started once for the page (outside React, so StrictMode's
// double-invoked effects cannot start a second one). A trace the worker has finished by the
// time the next frame runs its callbacks is shown in that frame (worker/answerSlot.ts).
// The callback is asked for once the key's handlers have returned (a microtask), so it runs
// after the callbacks they asked for, Monaco's render of the key among them: the worker gets
// that much longer, and the answer is still drawn with the key. One not in by then gets a
// second look after the frame's layout (keyFrame.ts).
const inKeyFrame = createKeyFrame();
connectEngine(appStore, new EngineClient(createEngineWorker), DEBOUNCE_MS, (take) =>
  queueMicrotask(() => inKeyFrame(() => flushSync(take))),
);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
