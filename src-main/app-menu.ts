// The native menu as a plain template, so its shape is testable without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { DialogKind } from './ipc-wiring.js';

export interface MenuActions {
  open(kind: DialogKind): void;
  openRecent(path: string): void;
  openDemo(): void;
  saveSession(): void;
  showView(index: number): void;
}

const VIEW_LABELS = ['Overview', 'Memory', 'Timeline', 'Executors', 'Stages', 'Findings', 'Tuner'];

export function menuTemplate(recent: string[], a: MenuActions, isMac = process.platform === 'darwin'): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Event Log…', accelerator: 'CmdOrCtrl+O', click: () => a.open('file') },
        { label: 'Open Rolling-Log Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => a.open('folder') },
        { label: 'Open Saved Session…', click: () => a.open('session') },
        {
          label: 'Open Recent',
          submenu: recent.length ? recent.map((p) => ({ label: p, click: () => a.openRecent(p) })) : [{ label: 'No recent files', enabled: false }],
        },
        { label: 'Open Demo', click: () => a.openDemo() },
        { type: 'separator' },
        { label: 'Save Session', accelerator: 'CmdOrCtrl+S', click: () => a.saveSession() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        ...VIEW_LABELS.map((label, i) => ({ label, accelerator: `CmdOrCtrl+${i + 1}`, click: () => a.showView(i) })),
        { type: 'separator' as const },
        { role: 'resetZoom' as const },
        { role: 'zoomIn' as const },
        { role: 'zoomOut' as const },
        { role: 'togglefullscreen' as const },
      ],
    },
  ];
}
