import { ERROR } from '../protocol/error-codes.js';
import type { Call } from './context.js';
import { refuse } from './errors.js';

/**
 * PUT Bucket (Create Bucket) on the one bucket the emulator serves: it exists and belongs to the caller, so 409
 * BucketAlreadyOwnedByYou, as S3 answers outside us-east-1 ("The bucket you tried to create already exists, and you
 * own it", CreateBucket API reference) and as COS was seen to answer (Message "Your previous request to create the
 * named bucket succeeded and you already own it.", serverless-components/tencent-website#2). Clients that make sure
 * of their bucket before an upload (rclone by default) take this code as success. Only the plain call: a PUT with a
 * sub-resource (?acl, ?cors, ...) configures a bucket, which the emulator does not do.
 */
export function createBucket(call: Call): never {
  if (call.request.query.length > 0) throw refuse(ERROR.MethodNotAllowed);
  throw refuse(ERROR.BucketAlreadyOwnedByYou);
}
