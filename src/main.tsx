/** Entry: build the store from the URL (or the default lesson) and render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bootStore } from './app/boot';
import { StoreProvider } from './store/react';
import './styles/app.css';
import './styles/walk.css';
import './styles/classroom.css';

const root = document.getElementById('root');
if (root) {
  // A link that names a built-in lesson waits for the lessons' chunk; anything else is immediate.
  void bootStore(window.location).then((store) => {
    // `?bench`: the browser half of `npm run bench` reads the store (bench/browser-run.ts).
    if (new URLSearchParams(window.location.search).has('bench'))
      (window as unknown as { faultline: unknown }).faultline = { store };
    createRoot(root).render(
      <StrictMode>
        <StoreProvider store={store}>
          <App />
        </StoreProvider>
      </StrictMode>,
    );
  });
}
