/** Entry: build the store from the URL (or the default scenario) and render the app. */
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
  const store = bootStore(window.location);
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
