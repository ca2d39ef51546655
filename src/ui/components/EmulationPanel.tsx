import { useId, useState, type DragEvent } from 'react';
import type { OutputView } from '../../workers/protocol';
import { formatMs, formatNumber, formatPercent } from '../format';
import { ErrorHistogram } from '../plots/ErrorHistogram';
import { ScatterPlot } from '../plots/ScatterPlot';
import {
  clearInputFile,
  clearLabels,
  runEmulation,
  setInputFile,
  setLabelsFile,
  setRandomInput,
  useStudio,
} from '../store';
import { CommitField } from './CommitField';
import { OverflowTable } from './OverflowTable';

function intError(min: number, max: number, what: string) {
  return (t: string): string | null => {
    const v = Number(t);
    if (t === '' || !Number.isInteger(v)) return `${what} must be a whole number`;
    if (v < min || v > max)
      return `${what} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`;
    return null;
  };
}

function scaleError(t: string): string | null {
  const v = Number(t);
  if (t === '' || !Number.isFinite(v) || v <= 0) return 'σ must be a positive number';
  return null;
}

function InputControls() {
  const fileId = useId();
  const random = useStudio((s) => s.randomInput);
  const file = useStudio((s) => s.inputFile);
  const inputSize = useStudio((s) => s.graph?.inputSize);
  return (
    <div className="emu-inputs">
      {file ? (
        <>
          <p className="emu-file">
            Rows from <strong>{file.name}</strong>{' '}
            <button type="button" className="link" onClick={clearInputFile}>
              use random rows instead
            </button>
          </p>
          <div className="field">
            <label htmlFor={`${fileId}-labels`}>Labels file</label>
            <input
              id={`${fileId}-labels`}
              type="file"
              accept=".json,.csv,.txt,.npy"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                if (f) void setLabelsFile(f);
                e.currentTarget.value = '';
              }}
            />
            <p className="field-hint">
              {file.labels ? (
                <>
                  Labels from <strong>{file.labels.name}</strong>{' '}
                  <button type="button" className="link" onClick={clearLabels}>
                    remove
                  </button>
                </>
              ) : (
                'One class index (or one-hot row) per input row, for an accuracy summary'
              )}
            </p>
          </div>
        </>
      ) : (
        <>
          <CommitField
            label="Seed"
            type="number"
            value={String(random.seed)}
            validate={intError(0, 2 ** 32 - 1, 'the seed')}
            onCommit={(t) => setRandomInput({ seed: Number(t) })}
          />
          <CommitField
            label="Samples"
            type="number"
            value={String(random.count)}
            validate={intError(1, 100_000, 'the number of samples')}
            onCommit={(t) => setRandomInput({ count: Number(t) })}
          />
          <CommitField
            label="Scale σ"
            type="number"
            step="any"
            value={String(random.scale)}
            validate={scaleError}
            onCommit={(t) => setRandomInput({ scale: Number(t) })}
          />
        </>
      )}
      <div className="field">
        <label htmlFor={fileId}>Input rows file</label>
        <input
          id={fileId}
          type="file"
          accept=".json,.csv,.txt,.npy"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void setInputFile(f);
            e.currentTarget.value = '';
          }}
        />
        <p className="field-hint">
          JSON list of rows, CSV or NumPy .npy
          {inputSize !== undefined ? `, ${inputSize} values per row` : ''}; or drop it here
        </p>
      </div>
    </div>
  );
}

function OutputResult({ output, samples }: { output: OutputView; samples: number }) {
  return (
    <article className="output-card" aria-label={`Output ${output.name}`}>
      <header>
        <h3>
          Output <span className="mono">{output.name}</span>
        </h3>
        <span className="muted mono small">
          {output.size} value{output.size === 1 ? '' : 's'} · {output.type}
        </span>
      </header>
      {output.float && output.errorHistogram ? (
        <>
          <dl className="stats">
            <div>
              <dt>max |error|</dt>
              <dd className="mono">{formatNumber(output.maxAbsError ?? 0)}</dd>
            </div>
            <div>
              <dt>mean |error|</dt>
              <dd className="mono">{formatNumber(output.meanAbsError ?? 0)}</dd>
            </div>
            {output.labelAccuracy && (
              <div>
                <dt>accuracy (labels)</dt>
                <dd className="mono" aria-label="Accuracy against the labels">
                  fixed {formatPercent(output.labelAccuracy.fixed)}
                  {output.labelAccuracy.float !== null &&
                    ` · float ${formatPercent(output.labelAccuracy.float)}`}
                </dd>
              </div>
            )}
            {output.argmaxAgreement !== null && (
              <div>
                <dt>same argmax</dt>
                <dd className="mono">{formatPercent(output.argmaxAgreement)}</dd>
              </div>
            )}
          </dl>
          <div className="plots">
            <ScatterPlot
              title="Fixed vs float"
              float={output.float}
              fixed={output.fixed}
              size={output.size}
            />
            <ErrorHistogram
              title={`Error over ${samples.toLocaleString('en-US')} samples`}
              histogram={output.errorHistogram}
            />
          </div>
        </>
      ) : (
        <p className="muted">No float reference for this output, so no error plot.</p>
      )}
    </article>
  );
}

/** Run the bit-exact emulation and compare it with float: error plots per output, overflows per layer. */
export function EmulationPanel() {
  const graph = useStudio((s) => s.graph);
  const emulation = useStudio((s) => s.emulation);
  const running = useStudio((s) => s.emulating);
  const error = useStudio((s) => s.emulationError);
  const auto = useStudio((s) => s.autoEmulate);
  const count = useStudio((s) => s.randomInput.count);
  const [dropping, setDropping] = useState(false);

  const onDragOver = (e: DragEvent): void => {
    if (!graph || !Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    setDropping(true);
  };
  const onDrop = (e: DragEvent): void => {
    if (!graph) return;
    e.preventDefault();
    e.stopPropagation();
    setDropping(false);
    const f = e.dataTransfer.files[0];
    if (f) void setInputFile(f);
  };

  return (
    <div
      className={`panel emulation${dropping ? ' is-dropping' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <div className="panel-head">
        <h2>Emulation</h2>
        <div className="emu-status" aria-live="polite">
          {running ? (
            <>
              <progress
                aria-label="Emulation progress"
                value={running.total > 0 ? running.done : undefined}
                max={running.total || 1}
              />
              <span className="muted small">
                {running.stage}
                {running.total > 1
                  ? ` ${running.done.toLocaleString('en-US')} / ${running.total.toLocaleString('en-US')}`
                  : ''}
              </span>
            </>
          ) : emulation ? (
            <span
              className="muted small"
              title={auto ? 'The emulation re-runs by itself after every edit' : undefined}
            >
              {formatMs(emulation.emulateMs)}
              {emulation.floatMs > 0 ? ` · float ${formatMs(emulation.floatMs)}` : ''}
              {auto ? ' · auto' : ''}
            </span>
          ) : null}
          <button type="button" onClick={runEmulation} disabled={!graph}>
            {emulation ? 'Run again' : 'Run emulation'}
          </button>
        </div>
      </div>
      {graph && <InputControls />}
      {error && (
        <p className="field-error" role="alert">
          {error.line}
        </p>
      )}
      {!graph ? (
        <p className="muted">
          Open a model, then run the bit-exact fixed-point emulation against the float model.
        </p>
      ) : !emulation ? (
        <p className="muted">
          Press <strong>Emulate</strong> to run the fixed-point design on {count.toLocaleString('en-US')} rows
          and compare every output with the float model. After that, every edit re-runs it.
        </p>
      ) : (
        <div className="emu-results">
          {/* Dims the results while a newer run is on its way (styles.css says why a veil). */}
          <div className={`emu-stale-veil${running ? ' is-on' : ''}`} aria-hidden="true" />
          <p className="emu-summary">
            <strong data-testid="emulation-samples">
              {emulation.samples.toLocaleString('en-US')} samples
            </strong>
            <span className="muted"> · {emulation.source}</span>
            {emulation.floatNote && <span className="warn"> · {emulation.floatNote}</span>}
          </p>
          <div className="emu-grid">
            <div className="outputs">
              {emulation.outputs.map((o) => (
                <OutputResult key={o.name} output={o} samples={emulation.samples} />
              ))}
            </div>
            <OverflowTable layers={emulation.layers} />
          </div>
        </div>
      )}
    </div>
  );
}
