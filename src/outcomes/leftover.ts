/** Something a run created and could not remove, and why: named at the end of the run and in the reports. */
export interface Leftover {
  readonly kind: 'upload' | 'object';
  readonly key: string;
  readonly uploadId?: string;
  readonly reason: string;
}
