import type { ErrorRow } from '../protocol/error-codes.js';

/**
 * An error answer of the emulator: a row of the error tables (src/protocol/error-codes.ts), with a message for this
 * case. `status` differs from the row's only under a deviation that answers the wrong status on purpose.
 */
export class EmulatorError extends Error {
  readonly status: number;

  constructor(
    readonly row: ErrorRow,
    message: string = row.message,
    status: number = row.status,
  ) {
    super(message);
    this.name = 'EmulatorError';
    this.status = status;
  }

  get code(): string {
    return this.row.code;
  }
}

/** The answer `row`, with a message of this case when the row's own says too little. */
export function refuse(row: ErrorRow, message?: string): EmulatorError {
  return new EmulatorError(row, message);
}
