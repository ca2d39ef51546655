/**
 * User-timing marks for the benchmarks (bench/browser.ts reads them with performance.getEntriesByName):
 * from the moment the studio has the user's file to the drawn graph, and from "Download project" to the
 * saved zip. They cost nothing and show up in the browser's performance panel too.
 */
export const MARKS = {
  fileReceived: 'hls:file-received',
  graphDrawn: 'hls:graph-drawn',
  downloadClicked: 'hls:download-clicked',
  zipSaved: 'hls:zip-saved',
  emulationStarted: 'hls:emulation-started',
  emulationShown: 'hls:emulation-shown',
} as const;

export const MEASURES = {
  dropToGraph: 'hls:drop-to-graph',
  downloadToZip: 'hls:download-to-zip',
  /** From sending an emulation request (after the edit debounce) to its result in the store. */
  emulation: 'hls:emulation',
} as const;

export function mark(name: string): void {
  performance.mark(name);
}

/** Measure from `start` to now, if `start` was marked. */
export function measureSince(measure: string, start: string, end: string): void {
  performance.mark(end);
  if (performance.getEntriesByName(start, 'mark').length > 0) performance.measure(measure, start, end);
}
