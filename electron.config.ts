// The desktop window's settings and the content security policy, in one place: Electron's
// security checklist is reviewed here, and the browser-mode server sends the same CSP.
import type { BrowserWindowConstructorOptions } from 'electron';

/** No remote content and no inline script; Chart.js needs inline styles on its canvas. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

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
