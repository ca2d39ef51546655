import { lazy, Suspense, useEffect, useState } from 'react';
import { TopBar } from './components/TopBar';
import { ErrorBanner } from './components/ErrorBanner';
import { GraphCanvas } from './components/GraphCanvas';
import { Inspector } from './components/Inspector';
import { ModelSettings } from './components/ModelSettings';
import { PassesList } from './components/PassesList';
import { EmulationPanel } from './components/EmulationPanel';
import { Footer } from './components/Footer';
import { loadBrowserFiles, redo, setCenterTab, undo, useStudio, type CenterTab } from './store';

/** Monaco is big: the code view loads when first opened. */
const CodeView = lazy(() => import('./components/CodeView'));

const TABS: readonly { id: CenterTab; label: string }[] = [
  { id: 'emulation', label: 'Emulation' },
  { id: 'code', label: 'Code' },
];

function CenterTabs() {
  const tab = useStudio((s) => s.centerTab);
  const hasGraph = useStudio((s) => s.graph !== null);
  return (
    <div className="center-tabs" role="tablist" aria-label="Center panel">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls={`tabpanel-${t.id}`}
          className={tab === t.id ? 'is-active' : undefined}
          disabled={t.id === 'code' && !hasGraph}
          onClick={() => setCenterTab(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** Drop a model anywhere on the window; Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z undo and redo config edits. */
function useWindowDropAndKeys(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = e.dataTransfer?.files;
      if (files && files.length > 0) void loadBrowserFiles(files);
    };
    const key = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable))
        return;
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('keydown', key);
    };
  }, []);
  return dragging;
}

function CenterPane() {
  const tab = useStudio((s) => s.centerTab);
  return (
    <section className={`emulation-pane center-${tab}`} aria-label={tab === 'code' ? 'Code' : 'Emulation'}>
      <CenterTabs />
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="center-body">
        {tab === 'code' ? (
          <Suspense fallback={<p className="muted">Loading the code view…</p>}>
            <CodeView />
          </Suspense>
        ) : (
          <EmulationPanel />
        )}
      </div>
    </section>
  );
}

export function App() {
  const dragging = useWindowDropAndKeys();
  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <main className="workspace">
        <section className="canvas-pane" aria-label="Layer graph">
          <GraphCanvas />
        </section>
        <CenterPane />
        <aside className="side-pane" aria-label="Inspector and settings">
          <Inspector />
          <ModelSettings />
          <PassesList />
        </aside>
      </main>
      <Footer />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop a model file to open it</div>
        </div>
      )}
    </div>
  );
}
