import type { Profile } from '../config/index.js';

/** Names and limits that differ between COS and S3-compatible servers. */
export interface Dialect {
  readonly profile: Profile;
  readonly headerPrefix: 'x-cos-' | 'x-amz-';
  readonly requestIdHeader: string;
  /** COS sends a trace id on errors; S3 sends x-amz-id-2 on every response. */
  readonly traceIdHeader: string;
  readonly sseHeader: string;
  /** The SSE value that names the key management service: COS's cos/kms, S3's aws:kms. */
  readonly kmsValue: string;
  readonly kmsKeyIdHeader: string;
  /** The SSE-C headers are this prefix + algorithm, key, key-MD5. */
  readonly sseCustomerPrefix: string;
  /** COS's per-request bandwidth limit in bit/s (doc 7750, x-cos-traffic-limit: 819200 to 838860800); S3 has none. */
  readonly trafficLimit: { readonly header: string; readonly min: number; readonly max: number } | undefined;
  /** The values Initiate accepts in the storage-class header (doc 436/7746; S3's StorageClass). */
  readonly storageClasses: readonly string[];
  /** The values Initiate accepts in the server-side encryption header: AES256 and the KMS value. */
  readonly sseValues: readonly string[];
  readonly storageClassHeader: string;
  readonly metaPrefix: string;
  /** COS reports CRC-64/ECMA-182; S3 has no equivalent header (its crc64nvme is another polynomial). */
  readonly crc64Header: string | undefined;
  /** Smallest part that may be followed by another (1 MiB on COS, 5 MiB on S3). */
  readonly minPartSize: number;
  readonly maxPartSize: number;
  readonly maxPartNumber: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const COS_DIALECT: Dialect = {
  profile: 'cos',
  headerPrefix: 'x-cos-',
  requestIdHeader: 'x-cos-request-id',
  traceIdHeader: 'x-cos-trace-id',
  sseHeader: 'x-cos-server-side-encryption',
  kmsValue: 'cos/kms',
  kmsKeyIdHeader: 'x-cos-server-side-encryption-cos-kms-key-id',
  sseCustomerPrefix: 'x-cos-server-side-encryption-customer-',
  trafficLimit: { header: 'x-cos-traffic-limit', min: 819_200, max: 838_860_800 },
  storageClasses: [
    'STANDARD',
    'STANDARD_IA',
    'ARCHIVE',
    'DEEP_ARCHIVE',
    'INTELLIGENT_TIERING',
    'MAZ_STANDARD',
    'MAZ_STANDARD_IA',
    'MAZ_INTELLIGENT_TIERING',
    'MAZ_ARCHIVE',
  ],
  sseValues: ['AES256', 'cos/kms'],
  storageClassHeader: 'x-cos-storage-class',
  metaPrefix: 'x-cos-meta-',
  crc64Header: 'x-cos-hash-crc64ecma',
  minPartSize: MiB,
  maxPartSize: 5 * GiB,
  maxPartNumber: 10000,
};

export const S3_DIALECT: Dialect = {
  profile: 's3',
  headerPrefix: 'x-amz-',
  requestIdHeader: 'x-amz-request-id',
  traceIdHeader: 'x-amz-id-2',
  sseHeader: 'x-amz-server-side-encryption',
  kmsValue: 'aws:kms',
  kmsKeyIdHeader: 'x-amz-server-side-encryption-aws-kms-key-id',
  sseCustomerPrefix: 'x-amz-server-side-encryption-customer-',
  trafficLimit: undefined,
  storageClasses: [
    'STANDARD',
    'STANDARD_IA',
    'ONEZONE_IA',
    'INTELLIGENT_TIERING',
    'GLACIER',
    'GLACIER_IR',
    'DEEP_ARCHIVE',
    'REDUCED_REDUNDANCY',
  ],
  sseValues: ['AES256', 'aws:kms'],
  storageClassHeader: 'x-amz-storage-class',
  metaPrefix: 'x-amz-meta-',
  crc64Header: undefined,
  minPartSize: 5 * MiB,
  maxPartSize: 5 * GiB,
  maxPartNumber: 10000,
};

export function dialectFor(profile: Profile): Dialect {
  return profile === 's3' ? S3_DIALECT : COS_DIALECT;
}
