import { useState } from 'react';
import { EXAMPLES } from '../examples';
import {
  downloadProject,
  loadBrowserFiles,
  loadExample,
  redo,
  runEmulation,
  undo,
  useStudio,
} from '../store';

const MODEL_ACCEPT = '.onnx,.h5,.keras,.json,.pt,.pt2';

export function TopBar() {
  const graph = useStudio((s) => s.graph);
  const loading = useStudio((s) => s.loading);
  const emulating = useStudio((s) => s.emulating !== null);
  const downloading = useStudio((s) => s.downloading);
  const canUndo = useStudio((s) => s.past.length > 0);
  const canRedo = useStudio((s) => s.future.length > 0);
  const projectName = useStudio((s) => s.config.projectName);
  const [example, setExample] = useState(EXAMPLES[0]!.file);

  return (
    <header className="topbar">
      <div className="brand" aria-label="HLS Studio">
        <img src="favicon.svg" alt="" width={22} height={22} />
        <span>HLS Studio</span>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Model actions">
        <input
          id="open-model-input"
          className="visually-hidden"
          type="file"
          aria-label="Open model"
          accept={MODEL_ACCEPT}
          multiple
          onChange={(e) => {
            const files = e.currentTarget.files;
            if (files && files.length > 0) void loadBrowserFiles(files);
            e.currentTarget.value = '';
          }}
        />
        <label className="button" htmlFor="open-model-input">
          Open model
        </label>
        <select
          aria-label="Example model"
          value={example}
          onChange={(e) => setExample(e.currentTarget.value)}
          title={EXAMPLES.find((x) => x.file === example)?.description}
        >
          {EXAMPLES.map((x) => (
            <option key={x.file} value={x.file}>
              {x.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void loadExample(example)} disabled={loading !== null}>
          Load example
        </button>
        <span className="toolbar-sep" />
        <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <span className="toolbar-sep" />
        <button type="button" className="primary" onClick={runEmulation} disabled={!graph}>
          {emulating ? 'Emulating…' : 'Emulate'}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void downloadProject()}
          disabled={!graph || downloading}
          title={`Save ${projectName}.zip`}
        >
          {downloading ? 'Building…' : 'Download project'}
        </button>
      </div>
      <div className="model-name" aria-live="polite">
        {loading ? (
          <span className="muted">
            <span className="spinner" aria-hidden="true" /> {loading.stage}…
          </span>
        ) : graph ? (
          <>
            <strong title={graph.fileName}>{graph.name}</strong>
            <span className="muted">
              {' '}
              · {graph.format.toUpperCase()} · {graph.layers.length} layers
            </span>
          </>
        ) : (
          <span className="muted">No model loaded</span>
        )}
      </div>
    </header>
  );
}
