/**
 * Share: a popover with a link to this exact view (document, cursor, selection, panels, mode) and
 * its embed code. Opening it copies the link; the popover floats over the page, so the header
 * keeps its one row, and the "copied" notice fades by itself. The fields stay for browsers or
 * frames where the clipboard is not allowed.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store/react';
import { shareUrl } from './link';
import { useKeepInView } from './useKeepInView';

/** How long a "copied" notice stays (ms): long enough to read, short enough not to linger. */
export const NOTICE_MS = 3000;

export function ShareButton() {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState('');
  const [embed, setEmbed] = useState('');
  const [note, setNote] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const noteTimer = useRef(0);
  useKeepInView(popover, open);

  const say = (text: string) => {
    setNote(text);
    window.clearTimeout(noteTimer.current);
    noteTimer.current = window.setTimeout(() => setNote(''), NOTICE_MS);
  };
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      say(`${what} copied to the clipboard`);
    } catch {
      say(`Copy the ${what.toLowerCase()} from the field`);
    }
  };
  const toggle = () => {
    if (open) {
      setOpen(false);
      return;
    }
    const s = store.getState();
    const url = shareUrl(window.location, s);
    setLink(url);
    setEmbed(
      `<iframe src="${shareUrl(window.location, s, 'embed')}" width="900" height="600" title="faultline"></iframe>`,
    );
    setOpen(true);
    void copy(url, 'Link');
  };

  // A click elsewhere closes the popover, as a menu would.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  useEffect(() => {
    // The link, selected, is what a keyboard user wants next.
    if (open) field.current?.focus();
  }, [open, link]);
  useEffect(() => () => window.clearTimeout(noteTimer.current), []);

  return (
    <div
      className="popover-anchor"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="share-popover"
        onClick={toggle}
      >
        Share
      </button>
      <div
        ref={popover}
        id="share-popover"
        className="popover share-popover"
        role="dialog"
        aria-label="Share links"
        hidden={!open}
      >
        <label>
          Link <input ref={field} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" onClick={() => void copy(link, 'Link')}>
          Copy link
        </button>
        <label>
          Embed code <input readOnly value={embed} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" onClick={() => void copy(embed, 'Embed code')}>
          Copy embed code
        </button>
        <p className="popover-note" role="status">
          {note}
        </p>
        <button type="button" onClick={() => setOpen(false)}>
          Close share links
        </button>
      </div>
    </div>
  );
}
