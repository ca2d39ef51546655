/**
 * Monaco, bundled locally (no CDN): the editor core, C++/Tcl/YAML highlighting, and its worker from our
 * own origin. @monaco-editor/react is pointed at this instance with loader.config({ monaco }); without
 * that it would fetch Monaco from a CDN, which the Content-Security-Policy forbids anyway.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/cpp/register';
import 'monaco-editor/languages/definitions/tcl/register';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

export { monaco };
