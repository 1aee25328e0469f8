// The only bridge between the sandboxed page and the main process: three IPC calls and an event
// stream, nothing else (no Node, no ipcRenderer handed to the page). CommonJS: sandboxed preloads
// cannot be ES modules.
import electron = require('electron');

const { contextBridge, ipcRenderer, webUtils } = electron;

contextBridge.exposeInMainWorld('skewscope', {
  call: (method: string, args: unknown) => ipcRenderer.invoke('skewscope:call', method, args),
  openDialog: (kind: 'file' | 'folder' | 'session') => ipcRenderer.invoke('skewscope:open-dialog', kind),
  onEvent: (listener: (e: unknown) => void) => {
    const handler = (_e: electron.IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on('skewscope:event', handler);
    return () => ipcRenderer.removeListener('skewscope:event', handler);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
