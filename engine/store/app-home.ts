// Where Skewscope keeps its own files (the SQLite database, saved sessions).
// Matches Electron's `app.getPath('userData')` for an app named "skewscope", so the desktop app
// and the CLI share one database without the engine importing Electron.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function appHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SKEWSCOPE_HOME) return env.SKEWSCOPE_HOME;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'skewscope');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'skewscope');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'skewscope');
}
