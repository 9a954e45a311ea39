/**
 * The environment a client under test is handed (the client mode's contract, README "Clients"): the COS settings
 * and their AWS equivalents, naming one endpoint, bucket and key pair. Runners read these and nothing else of the
 * target; every client is configured from them as its own users configure it.
 */
export interface ClientTarget {
  readonly endpoint: URL;
  readonly bucket: string;
  readonly region: string;
  readonly secretId: string;
  readonly secretKey: string;
  /** PEM file of the certificate to trust for an https endpoint. */
  readonly caFile?: string;
}

export const CLIENT_VARIABLES = [
  'COS_ENDPOINT',
  'COS_BUCKET',
  'COS_REGION',
  'COS_SECRET_ID',
  'COS_SECRET_KEY',
  'COS_CA_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_CA_BUNDLE',
] as const;

export function clientEnvironment(target: ClientTarget): Record<string, string> {
  return {
    COS_ENDPOINT: target.endpoint.origin,
    COS_BUCKET: target.bucket,
    COS_REGION: target.region,
    COS_SECRET_ID: target.secretId,
    COS_SECRET_KEY: target.secretKey,
    AWS_ENDPOINT_URL: target.endpoint.origin,
    AWS_ACCESS_KEY_ID: target.secretId,
    AWS_SECRET_ACCESS_KEY: target.secretKey,
    AWS_REGION: target.region,
    ...(target.caFile ? { COS_CA_FILE: target.caFile, AWS_CA_BUNDLE: target.caFile } : {}),
  };
}
