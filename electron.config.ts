// The desktop window's settings, where Electron's security checklist is reviewed. The CSP it
// enforces is src-main/content-security-policy.ts, shared with browser mode.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer runs isolated and sandboxed, with no Node: it reaches the app only through the preload's bridge. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#0d141b',
    title: 'Skewscope',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}
