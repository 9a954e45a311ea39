import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../src/config/index.js';

/**
 * The real clients the client mode is graded against, one runner each (this directory): how to start it, the
 * emulator profile it speaks, the part size its runner configures, and where it comes from. A runner reads only
 * the client environment (src/clients/environment.ts) and CLIENT_FILE / CLIENT_SIZE / CLIENT_KEY / CLIENT_SSE_C,
 * uploads the file in parts, reads it back, compares, and prints one JSON line; exit 0 only if the bytes match.
 */
export interface ClientRunner {
  readonly name: string;
  /** The client as its users know it, with the call the runner makes. */
  readonly client: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly profile: Profile;
  /** The part size the runner sets, as its users would; the last part is shorter. */
  readonly partSize: number;
  /** Whether CLIENT_SSE_C=1 is supported (a customer key on every call). */
  readonly sseC: boolean;
  /** The Debian package it comes from, and a file that is there when it is installed; npm clients have none. */
  readonly debian?: { readonly package: string; readonly installed: string };
}

const HERE = import.meta.dirname;
const MiB = 1024 * 1024;
const node = (script: string, ...args: string[]) => ({ command: process.execPath, args: [join(HERE, script), ...args] });
const script = (name: string) => ({ command: join(HERE, name), args: [] });

export const CLIENT_RUNNERS: readonly ClientRunner[] = [
  {
    name: 'cos-sdk/slice',
    client: 'cos-nodejs-sdk-v5 3.0.0 sliceUploadFile',
    ...node('cos-sdk.mjs', 'slice'),
    profile: 'cos',
    partSize: MiB,
    sseC: true,
  },
  {
    name: 'cos-sdk/upload-file',
    client: 'cos-nodejs-sdk-v5 3.0.0 uploadFile',
    ...node('cos-sdk.mjs', 'upload-file'),
    profile: 'cos',
    partSize: MiB,
    sseC: true,
  },
  {
    name: 'cos-sdk/low-level',
    client: 'cos-nodejs-sdk-v5 3.0.0 multipartInit/multipartUpload/multipartComplete',
    ...node('cos-sdk.mjs', 'low-level'),
    profile: 'cos',
    partSize: MiB,
    sseC: true,
  },
  {
    name: 'aws-sdk-lib-storage',
    client: '@aws-sdk/client-s3 + @aws-sdk/lib-storage 3.1175.0 Upload',
    ...node('aws-sdk-lib-storage.mjs'),
    profile: 's3',
    partSize: 5 * MiB,
    sseC: true,
  },
  {
    name: 'boto3',
    client: "Debian's python3-boto3 upload_file with TransferConfig",
    ...script('boto3-transfer.py'),
    profile: 's3',
    partSize: 5 * MiB,
    sseC: true,
    debian: { package: 'python3-boto3', installed: '/usr/lib/python3/dist-packages/boto3/__init__.py' },
  },
  {
    name: 'awscli',
    client: "Debian's awscli: aws s3 cp",
    ...script('awscli.sh'),
    profile: 's3',
    partSize: 5 * MiB,
    sseC: true,
    debian: { package: 'awscli', installed: '/usr/bin/aws' },
  },
  {
    name: 's3cmd',
    client: "Debian's s3cmd put --multipart-chunk-size-mb=5",
    ...script('s3cmd.sh'),
    profile: 's3',
    partSize: 5 * MiB,
    sseC: false,
    debian: { package: 's3cmd', installed: '/usr/bin/s3cmd' },
  },
  {
    name: 'rclone',
    client: "Debian's rclone copyto to an S3 remote from RCLONE_CONFIG_*",
    ...script('rclone.sh'),
    profile: 's3',
    partSize: 5 * MiB,
    sseC: true,
    debian: { package: 'rclone', installed: '/usr/bin/rclone' },
  },
];

/** The Debian packages the runners need: what CI installs. */
export const DEBIAN_PACKAGES = [...new Set(CLIENT_RUNNERS.flatMap((r) => (r.debian ? [r.debian.package] : [])))];

export function isInstalled(runner: ClientRunner): boolean {
  return runner.debian === undefined || existsSync(runner.debian.installed);
}
