/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  unreachable: 3,
  interrupted: 130,
} as const;
