import { useId } from 'react';
import { BACKENDS, IO_TYPES, type BackendName, type IOType } from '../../core/config/designConfig';
import {
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
    </section>
  );
}
