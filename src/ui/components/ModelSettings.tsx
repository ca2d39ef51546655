import { useId } from 'react';
import { BACKENDS, IO_TYPES, type BackendName, type IOType } from '../../core/config/designConfig';
import {
  exportConfigYaml,
  importConfigFile,
  openProjectFile,
  saveProjectFile,
  setBackend,
  setClockPeriod,
  setDefaultPrecision,
  setIoType,
  setPart,
  setProjectName,
  useStudio,
} from '../store';
import { CommitField } from './CommitField';
import { PrecisionField } from './PrecisionField';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function projectNameError(t: string): string | null {
  if (t === '') return 'a project name is required';
  if (!IDENTIFIER.test(t))
    return 'use letters, digits and _ only, not starting with a digit (it names C++ files and functions)';
  if (t.length > 64) return 'at most 64 characters';
  return null;
}

function partError(t: string): string | null {
  if (t === '') return 'a part is required, e.g. xcvu13p-flga2577-2-e';
  if (!/^[A-Za-z0-9_.-]+$/.test(t)) return 'a part name has only letters, digits, ".", "-" and "_"';
  return null;
}

function clockError(t: string): string | null {
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) return 'give the clock period in ns, e.g. 5';
  if (v <= 0) return 'the clock period must be positive';
  if (v > 1000) return 'a clock period above 1000 ns is not a realistic FPGA target';
  return null;
}

/** hls4ml YAML import/export and the project file (model + config + view). */
function ConfigFiles() {
  const yamlId = useId();
  const projectId = useId();
  const importError = useStudio((s) => s.configImportError);
  const hasModel = useStudio((s) => s.modelFiles !== null);
  return (
    <div className="config-files">
      <h3>Config and project files</h3>
      <div className="button-row">
        <input
          id={yamlId}
          className="visually-hidden"
          type="file"
          accept=".yml,.yaml,.json"
          aria-label="Import hls4ml config"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void importConfigFile(f);
            e.currentTarget.value = '';
          }}
        />
        <label className="button" htmlFor={yamlId}>
          Import YAML
        </label>
        <button type="button" onClick={() => void exportConfigYaml()} aria-label="Export hls4ml config">
          Export YAML
        </button>
      </div>
      {importError && (
        <p className="field-error" role="alert" data-testid="config-import-error">
          {importError}
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={saveProjectFile} disabled={!hasModel}>
          Save project
        </button>
        <input
          id={projectId}
          className="visually-hidden"
          type="file"
          accept=".json"
          aria-label="Open project"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void openProjectFile(f);
            e.currentTarget.value = '';
          }}
        />
        <label className="button" htmlFor={projectId}>
          Open project
        </label>
      </div>
      <p className="field-hint">
        The project file (.hlsstudio.json) holds the model, the config and the view; work is also autosaved in
        this browser.
      </p>
    </div>
  );
}

/** Model-wide settings: backend, IO type, default precision, project name, part and clock. */
export function ModelSettings() {
  const backendId = useId();
  const ioId = useId();
  const config = useStudio((s) => s.config);
  const graph = useStudio((s) => s.graph);
  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Model settings</h2>
      <div className="settings-grid">
        <div className="field">
          <label htmlFor={backendId}>Backend</label>
          <select
            id={backendId}
            value={config.backend}
            onChange={(e) => setBackend(e.currentTarget.value as BackendName)}
          >
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ioId}>IO type</label>
          <select
            id={ioId}
            value={config.ioType}
            onChange={(e) => setIoType(e.currentTarget.value as IOType)}
          >
            {IO_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PrecisionField
        label="Default precision"
        value={config.model.precision.default}
        resolved={undefined}
        inherits={false}
        onCommit={(t) => {
          if (t !== null) setDefaultPrecision(t);
        }}
      />
      <CommitField
        label="Project name"
        value={config.projectName}
        validate={projectNameError}
        onCommit={setProjectName}
        hint={graph ? `downloads as ${config.projectName}.zip` : undefined}
      />
      <CommitField label="Part" value={config.part} validate={partError} onCommit={setPart} mono />
      <CommitField
        label="Clock period (ns)"
        value={String(config.clockPeriod)}
        validate={clockError}
        onCommit={(t) => setClockPeriod(Number(t))}
        type="number"
        step="any"
      />
      <ConfigFiles />
    </section>
  );
}
