import { useStudio } from '../store';

/** States the privacy model plainly (nothing is uploaded) and when the work was last autosaved. */
export function Footer() {
  const savedAt = useStudio((s) => s.savedAt);
  return (
    <footer className="footer">
      <span>
        Your model never leaves this machine: parsing, emulation and project generation all run in this
        browser tab. No data is uploaded.
      </span>
      <span className="muted" data-testid="autosave-status" aria-live="polite">
        {savedAt !== null
          ? `Autosaved in this browser at ${new Date(savedAt).toLocaleTimeString('en-GB')}`
          : 'HLS Studio · hls4ml-compatible output'}
      </span>
    </footer>
  );
}
