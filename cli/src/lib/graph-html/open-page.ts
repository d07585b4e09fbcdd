/**
 * Opens a file in the user's browser: $BROWSER when set (a command, given the file as its one
 * argument, never through a shell), else the platform's opener. world does not wait for it.
 */
import { spawn } from 'node:child_process';
import { WorldError } from '@world/core';

const opener = (): string => {
  if (process.env.BROWSER) return process.env.BROWSER;
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer.exe';
  return 'xdg-open';
};

export const openInBrowser = (file: string): Promise<void> => {
  const command = opener();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [file], { detached: true, stdio: 'ignore' });
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new WorldError('BROWSER_FAILED', `cannot open ${file} with ${command} (${e.code ?? e.message})`, {
          hint: `the page is written: open it yourself, or set BROWSER to your browser's command`,
        }),
      ),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
};
