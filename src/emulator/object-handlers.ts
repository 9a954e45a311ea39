import { ERROR } from '../protocol/error-codes.js';
import { buildXml } from '../protocol/xml.js';
import { type Call, declaredContentMd5, type EmulatorContext, type Reply, receiveBody, requireLength, xmlReply } from './context.js';
import { customerEchoHeaders, customerKeyOf, requireUploadKey } from './encryption.js';
import { refuse } from './errors.js';
import { parseRange, rangeHeaders } from './range.js';
import { queryValue } from './request.js';
import type { StoredObject } from './store.js';

const MAX_OBJECT = 5 * 1024 ** 3;

function objectHeaders(ctx: EmulatorContext, object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': object.contentType,
    'Content-Length': String(object.size),
    ETag: `"${object.etag}"`,
    'Last-Modified': object.lastModified.toUTCString(),
  };
  if (object.crc64 && ctx.dialect.crc64Header) headers[ctx.dialect.crc64Header] = object.crc64;
  if (object.storageClass !== 'STANDARD') headers[ctx.dialect.storageClassHeader] = object.storageClass;
  if (object.serverSideEncryption) headers[ctx.dialect.sseHeader] = object.serverSideEncryption;
  if (object.kmsKeyId !== undefined) headers[ctx.dialect.kmsKeyIdHeader] = object.kmsKeyId;
  Object.assign(headers, customerEchoHeaders(ctx, object.customerKeyMd5));
  for (const [name, value] of Object.entries(object.meta)) headers[`${ctx.dialect.metaPrefix}${name}`] = value;
  return headers;
}

export async function putObject(ctx: EmulatorContext, call: Call): Promise<Reply> {
  const declared = requireLength(call, true);
  if (declared !== undefined && declared > MAX_OBJECT) throw refuse(ERROR.EntityTooLarge);
  const contentMd5 = declaredContentMd5(call);
  const customerKey = customerKeyOf(ctx, call);
  const written = await receiveBody(ctx, call, declared, { maxLength: MAX_OBJECT });
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').toString('hex') !== written.digest.md5Hex) {
    void ctx.store.discard([written.file]);
    throw refuse(ERROR.BadDigest);
  }
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.request.headers)) {
    if (name.startsWith(ctx.dialect.metaPrefix)) meta[name.slice(ctx.dialect.metaPrefix.length)] = value;
  }
  const storageClass = (call.request.headers[ctx.dialect.storageClassHeader] ?? 'STANDARD').toUpperCase();
  ctx.store.putObject({
    key: call.request.key!,
    size: written.digest.length,
    etag: written.digest.md5Hex,
    crc64: written.digest.crc64,
    lastModified: new Date(),
    contentType: call.request.headers['content-type'] || 'application/octet-stream',
    meta,
    storageClass,
    serverSideEncryption: call.request.headers[ctx.dialect.sseHeader],
    ...(customerKey ? { customerKeyMd5: customerKey.keyMd5 } : {}),
    segments: [written.file],
  });
  return {
    status: 200,
    headers: {
      ETag: `"${written.digest.md5Hex}"`,
      ...(ctx.dialect.crc64Header ? { [ctx.dialect.crc64Header]: written.digest.crc64 } : {}),
    },
  };
}

export async function getObject(ctx: EmulatorContext, call: Call, withBody: boolean): Promise<Reply> {
  const object = ctx.store.objects.get(call.request.key!);
  if (!object) throw refuse(ERROR.NoSuchKey);
  // An SSE-C object is read with its key, as it was written.
  requireUploadKey(ctx, call, object.customerKeyMd5);
  const headers = objectHeaders(ctx, object);
  const range = parseRange(call.request.headers.range, object.size);
  if (range !== undefined) {
    const partial = { status: 206, headers: { ...headers, ...rangeHeaders(range, object.size) } };
    return withBody ? { ...partial, files: await ctx.store.openSegments(object), length: range.end - range.start + 1, range } : partial;
  }
  if (!withBody) return { status: 200, headers };
  return { status: 200, headers, files: await ctx.store.openSegments(object), length: object.size };
}

export function deleteObject(ctx: EmulatorContext, call: Call): Reply {
  ctx.store.deleteObject(call.request.key!);
  return { status: 204 };
}

/** GET Bucket (List Objects, version 1): enough for cleanup and for checks that look for leftovers. */
export function listObjects(ctx: EmulatorContext, call: Call): Reply {
  const prefix = queryValue(call.request.query, 'prefix') ?? '';
  const marker = queryValue(call.request.query, 'marker') ?? '';
  const rawMax = queryValue(call.request.query, 'max-keys');
  if (rawMax !== undefined && !/^[0-9]{1,9}$/.test(rawMax)) throw refuse(ERROR.InvalidArgument, 'max-keys must be a non-negative integer.');
  const maxKeys = Math.min(rawMax === undefined ? 1000 : Number(rawMax), 1000);
  const keys = [...ctx.store.objects.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  return xmlReply(
    buildXml('ListBucketResult', {
      Name: ctx.bucket,
      Prefix: prefix,
      Marker: marker,
      MaxKeys: maxKeys,
      IsTruncated: truncated ? 'true' : 'false',
      NextMarker: truncated ? page[page.length - 1] : undefined,
      Contents: page.map((key) => {
        const object = ctx.store.objects.get(key)!;
        return {
          Key: key,
          LastModified: object.lastModified.toISOString(),
          ETag: `"${object.etag}"`,
          Size: object.size,
          StorageClass: object.storageClass,
        };
      }),
    }),
  );
}
