import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './usage.js';

const WHY: Record<string, string> = {
  ENOTDIR: 'a part of its path is a file, not a directory',
  EEXIST: 'it is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/**
 * Makes the directory the reports go to and writes a file there, before a run sends anything: a directory that
 * cannot take the reports is a mistake of the command line (one line, exit 2), never a stack trace after the run.
 */
export function prepareReportDir(dir: string): void {
  const probe = join(dir, `.cos-conformance-write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(
      `the report directory ${dir} cannot be written: ${WHY[code] ?? (error as Error).message.split('\n')[0]}${code ? ` (${code})` : ''}`,
    );
  }
}
