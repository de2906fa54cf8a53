/** Builds the store for a page load: the default scenario, or what the link carries. */
import { defaultScenario } from '../lessons/default';
import { createAppStore, type AppStore } from '../store/store';
import { appDeps } from './services';

export function bootStore(loc: Pick<Location, 'search' | 'hash'>): AppStore {
  const params = new URLSearchParams(loc.search);
  return createAppStore(appDeps, {
    doc: defaultScenario,
    origin: 'default',
    ui: {
      embed: params.has('embed'),
      presentation: params.has('present'),
    },
  });
}
