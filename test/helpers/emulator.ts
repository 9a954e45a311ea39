import { CosApi } from '../../src/api/multipart.js';
import { type Config, configFromEnvironment } from '../../src/config/index.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { Target } from '../../src/http/client.js';

export interface EmulatorFixture {
  readonly emulator: RunningEmulator;
  readonly config: Config;
  readonly api: CosApi;
  close(): Promise<void>;
}

/** An emulator on a free loopback port, and a client configured for it. */
export async function withEmulator(env: Record<string, string> = {}, options: Partial<EmulatorOptions> = {}): Promise<EmulatorFixture> {
  const base = configFromEnvironment({ COS_REQUEST_TIMEOUT_MS: '10000', ...env });
  const emulator = await startEmulator({
    bucket: base.bucket,
    region: base.region,
    profile: base.profile,
    credentials: [base.credentials],
    ...options,
  });
  const config: Config = { ...base, endpoint: emulator.endpoint, ...(options.tls ? { caCertificate: options.tls.cert } : {}) };
  const api = new CosApi(new Target(config));
  return {
    emulator,
    config,
    api,
    async close() {
      await api.target.close();
      await emulator.close();
    },
  };
}
