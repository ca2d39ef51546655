/**
 * The code view: the project "Download project" would zip, as a read-only file tree and a Monaco editor.
 * Lazy-loaded (Monaco is large); the worker generates the files, regenerated a moment after each edit.
 */
import '../monacoSetup';
import { useEffect, useMemo, useRef } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import type { ProjectFileView } from '../../workers/protocol';
import { setCodePath, useStudio } from '../store';

type MonacoEditor = Parameters<OnMount>[0];

function languageOf(path: string): string {
  const lower = path.toLowerCase();
  if (/\.(c|cc|cpp|cxx|h|hh|hpp)$/.test(lower)) return 'cpp';
  if (lower.endsWith('.tcl')) return 'tcl';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  return 'plaintext';
}

interface Folder {
  readonly name: string;
  readonly files: ProjectFileView[];
}

/** Group by folder; the library folders (nnet_utils, ap_types, …) sort after the generated ones. */
function foldersOf(files: readonly ProjectFileView[]): Folder[] {
  const byFolder = new Map<string, ProjectFileView[]>();
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    const folder = slash < 0 ? '' : f.path.slice(0, slash);
    const list = byFolder.get(folder) ?? [];
    list.push(f);
    byFolder.set(folder, list);
  }
  const rank = (name: string): number =>
    name === '' ? 0 : name === 'firmware' ? 1 : name.startsWith('firmware/weights') ? 2 : 3;
  return [...byFolder]
    .map(([name, list]) => ({ name, files: list }))
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The line to show first: where the selected layer's types or function appear. */
function lineOfLayer(text: string, needles: readonly string[]): number | null {
  if (needles.length === 0) return null;
  const lines = text.split('\n');
  for (const needle of needles) {
    const re = new RegExp(`\\b${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return i + 1;
  }
  return null;
}

export default function CodeView() {
  const files = useStudio((s) => s.projectFiles);
  const error = useStudio((s) => s.projectFilesError);
  const path = useStudio((s) => s.codePath);
  const selected = useStudio((s) => (s.selected ? s.loweredByName[s.selected] : undefined));
  const editor = useRef<MonacoEditor | null>(null);
  const folders = useMemo(() => (files ? foldersOf(files.files) : []), [files]);
  const file = files?.files.find((f) => f.path === path) ?? null;
  const needles = useMemo(() => (selected ? [`layer${selected.index}_t`, selected.cppName] : []), [selected]);

  useEffect(() => {
    const ed = editor.current;
    if (!ed || !file) return;
    const line = lineOfLayer(file.text, needles);
    if (line !== null) ed.revealLineInCenter(line);
  }, [file, needles]);

  if (!files) {
    return (
      <div className="code-view">
        {error ? (
          <p className="field-error" role="alert">
            {error.line}
          </p>
        ) : (
          <p className="muted">Generating the project…</p>
        )}
      </div>
    );
  }
  return (
    <div className="code-view">
      <nav className="code-tree" aria-label="Project files">
        <div className="code-tree-root mono">{files.projectName}/</div>
        {folders.map((folder) => (
          <div key={folder.name} className="code-folder">
            {folder.name && <div className="code-folder-name mono">{folder.name}/</div>}
            <ul>
              {folder.files.map((f) => (
                <li key={f.path}>
                  <button
                    type="button"
                    className={`code-file mono${f.path === path ? ' is-active' : ''}`}
                    aria-current={f.path === path ? 'true' : undefined}
                    data-path={f.path}
                    onClick={() => setCodePath(f.path)}
                    title={f.path}
                  >
                    {fileName(f.path)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="code-editor">
        <div className="code-editor-head">
          <span className="mono" data-testid="code-path">
            {file?.path ?? ''}
          </span>
          <span className="muted small">
            read-only · {files.files.length} files{error ? ' · ' : ''}
            {error && <span className="warn">{error.line}</span>}
          </span>
        </div>
        <div className="code-editor-body" aria-label={file ? `Contents of ${file.path}` : 'No file'}>
          {file && (
            <Editor
              path={file.path}
              value={file.text}
              language={languageOf(file.path)}
              theme="vs"
              loading={<p className="muted">Loading the editor…</p>}
              onMount={(ed) => {
                editor.current = ed;
                const line = lineOfLayer(file.text, needles);
                if (line !== null) ed.revealLineInCenter(line);
              }}
              options={{
                readOnly: true,
                domReadOnly: true,
                minimap: { enabled: false },
                fontSize: 12,
                scrollBeyondLastLine: false,
                automaticLayout: true,
                renderWhitespace: 'none',
                wordWrap: 'off',
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}
