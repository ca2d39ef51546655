import { dismissBanner, useStudio } from '../store';

/** The one-line StudioError of the last failed action (load, download), or a short notice. */
export function ErrorBanner() {
  const banner = useStudio((s) => s.banner);
  if (!banner) return null;
  return (
    <div className={`banner banner-${banner.kind}`} role={banner.kind === 'error' ? 'alert' : 'status'}>
      <span className="banner-text">{banner.text}</span>
      <button type="button" className="banner-close" onClick={dismissBanner} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
