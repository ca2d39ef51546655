/** States the privacy model plainly: nothing is uploaded. */
export function Footer() {
  return (
    <footer className="footer">
      <span>
        Your model never leaves this machine: parsing, emulation and project generation all run in this
        browser tab. No data is uploaded.
      </span>
      <span className="muted">HLS Studio · hls4ml-compatible output</span>
    </footer>
  );
}
