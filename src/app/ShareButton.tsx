/**
 * Share: copies a link to this exact view (document, cursor, selection, panels). The link is also
 * shown in a field, selected, for browsers or frames where the clipboard is not allowed.
 */
import { useState } from 'react';
import { useActions, useAppStore } from '../store/react';
import { shareUrl } from './link';

export function ShareButton() {
  const store = useAppStore();
  const { statusShown } = useActions();
  const [link, setLink] = useState<string | null>(null);
  const [embed, setEmbed] = useState<string | null>(null);
  const share = async () => {
    const s = store.getState();
    const url = shareUrl(window.location, s);
    setLink(url);
    setEmbed(
      `<iframe src="${shareUrl(window.location, s, 'embed')}" width="900" height="600" title="faultline"></iframe>`,
    );
    try {
      await navigator.clipboard.writeText(url);
      statusShown('Link copied to the clipboard');
    } catch {
      statusShown('Copy the link from the field below');
    }
  };
  return (
    <>
      <button type="button" onClick={share}>
        Share
      </button>
      {link && (
        <div className="share-box" role="group" aria-label="Share links">
          <label>
            Link <input readOnly value={link} onFocus={(e) => e.currentTarget.select()} size={30} />
          </label>
          {embed && (
            <label>
              Embed code{' '}
              <input readOnly value={embed} onFocus={(e) => e.currentTarget.select()} size={30} />
            </label>
          )}
          <button type="button" onClick={() => setLink(null)}>
            Close share links
          </button>
        </div>
      )}
    </>
  );
}
