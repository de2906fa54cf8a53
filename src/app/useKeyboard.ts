import { useEffect } from 'react';
import { useAppStore } from '../store/react';
import { handleKey } from './keyboard';

/** Installs the app's shortcuts on the document while the app is mounted. */
export function useKeyboard(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleKey(e, store.getState())) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);
}
