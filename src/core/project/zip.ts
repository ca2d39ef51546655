/**
 * A generated project as a zip: every file under one top-level folder, DEFLATE, entries in sorted path
 * order with explicit folder entries, and one fixed date (1980-01-01, the earliest DOS date), so the same
 * files always give the same bytes. Shell scripts are marked executable.
 */
import JSZip from 'jszip';
import { StudioError } from '../errors';
import type { ProjectFiles } from '../backends/library';

/** 1980-01-01 00:00:00 UTC; JSZip writes DOS dates from the UTC fields. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

const FILE_MODE = 0o100644;
const EXEC_MODE = 0o100755;
const DIR_MODE = 0o040755;

/** A safe folder name: anything but letters, digits, '.', '-' and '_' becomes '_'; no leading dots. */
export function zipFolderName(folder: string): string {
  const s = folder
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 100);
  return s === '' ? 'project' : s;
}

function checkPath(path: string): void {
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new StudioError(
      `'${path.slice(0, 80)}' is not a valid path inside a project`,
      'This is a bug in the backend.',
      {
        op: 'zip',
      },
    );
  }
}

/**
 * Zip `files` under the top-level folder `folder` (made safe by zipFolderName, so a project name can be
 * passed as it is).
 */
export async function zipProject(files: ProjectFiles, folder: string): Promise<Uint8Array> {
  const root = zipFolderName(folder);
  const entries = new Map<string, { text: string | null; mode: number }>();
  entries.set(`${root}/`, { text: null, mode: DIR_MODE });
  for (const [path, text] of files) {
    checkPath(path);
    const parts = path.split('/');
    for (let k = 1; k < parts.length; k++) {
      entries.set(`${root}/${parts.slice(0, k).join('/')}/`, { text: null, mode: DIR_MODE });
    }
    entries.set(`${root}/${path}`, { text, mode: path.endsWith('.sh') ? EXEC_MODE : FILE_MODE });
  }
  const zip = new JSZip();
  const names = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const e = entries.get(name)!;
    if (e.text === null) {
      zip.file(name, null, { dir: true, date: FIXED_DATE, unixPermissions: e.mode, createFolders: false });
    } else {
      zip.file(name, e.text, {
        date: FIXED_DATE,
        unixPermissions: e.mode,
        createFolders: false,
        binary: false,
      });
    }
  }
  return zip.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
  });
}

/** The files of a zip made by zipProject, keyed by path (folders left out, top folder kept), sorted. */
export async function unzipProject(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  const names = Object.keys(zip.files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const f = zip.files[name]!;
    if (f.dir) continue;
    out.set(name, await f.async('string'));
  }
  return out;
}
