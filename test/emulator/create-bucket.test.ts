import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// PUT Bucket on the bucket the emulator serves: it exists and is the caller's, so 409 BucketAlreadyOwnedByYou (S3
// outside us-east-1; COS answers the same code). rclone sends it before every upload unless told not to, and takes
// this code as success; before, the emulator answered 405 and rclone gave up.
const code = (body: Buffer) => /<Code>([^<]+)</.exec(body.toString())?.[1];

for (const profile of ['cos', 's3'] as const) {
  describe(`Create Bucket (${profile} profile)`, () => {
    let fx: EmulatorFixture;
    beforeAll(async () => {
      fx = await withEmulator({ COS_PROFILE: profile, COS_ADDRESSING: 'path' });
    });
    afterAll(() => fx.close());

    test('on the bucket it serves: 409 BucketAlreadyOwnedByYou, and the bucket and its objects stay', async () => {
      expect((await fx.api.putObject('kept.txt', 'still here')).status).toBe(200);
      const body = '<CreateBucketConfiguration><LocationConstraint>ap-guangzhou</LocationConstraint></CreateBucketConfiguration>';
      const res = await fx.api.target.send({ method: 'PUT', body, responseBody: 'buffer' });
      expect([res.status, code(res.body)]).toEqual([409, 'BucketAlreadyOwnedByYou']);
      const again = await fx.api.target.send({ method: 'PUT', responseBody: 'buffer' });
      expect([again.status, code(again.body)]).toEqual([409, 'BucketAlreadyOwnedByYou']);
      expect((await fx.api.headObject('kept.txt')).status).toBe(200);
    });

    test('with a sub-resource (?acl): 405, the emulator configures no bucket', async () => {
      const res = await fx.api.target.send({ method: 'PUT', query: [['acl', undefined]], responseBody: 'buffer' });
      expect([res.status, code(res.body)]).toEqual([405, 'MethodNotAllowed']);
    });

    test('unsigned: 403, as any other call', async () => {
      const res = await fx.api.target.send({ method: 'PUT', auth: { mode: 'none' }, responseBody: 'buffer' });
      expect(res.status).toBe(403);
    });
  });
}
