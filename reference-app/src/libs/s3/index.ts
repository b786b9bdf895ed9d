import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

interface S3Config {
  S3_BUCKET: string;
  S3_REGION: string;
  S3_ENDPOINT?: string | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
  S3_FORCE_PATH_STYLE: boolean;
}

// #region object-storage-interface
export interface ObjectStorage {
  /** Creates the bucket when it does not exist (development and tests; production buckets exist). */
  ensureBucket(): Promise<void>;
  /** Streams `body` to `key` (multipart for large bodies), replacing any object there. */
  upload(key: string, body: Readable, contentType: string): Promise<void>;
  /** A link that lets whoever holds it download `key` for `expiresInSeconds`. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
  close(): Promise<void>;
}
// #endregion object-storage-interface

const BUCKET_EXISTS = new Set(['BucketAlreadyOwnedByYou', 'BucketAlreadyExists']);

// #region object-storage
/** The AWS SDK v3 behind four verbs; any S3-compatible server works through S3_ENDPOINT. */
export function createObjectStorage({ config }: { config: S3Config }): ObjectStorage {
  const client = new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
    // Checksums only when S3 requires them: S3-compatible servers often reject the newer ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = config.S3_BUCKET;
  return {
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch {
        // Another worker starting at the same moment may create it first: that is success too.
        await client.send(new CreateBucketCommand({ Bucket })).catch((error: Error) => {
          if (!BUCKET_EXISTS.has(error.name)) throw error;
        });
      }
    },
    async upload(key, body, contentType) {
      await new Upload({
        client,
        params: { Bucket, Key: key, Body: body, ContentType: contentType },
      }).done();
    },
    downloadUrl: (key, expiresIn) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn }),
    close: async () => client.destroy(),
  };
}
// #endregion object-storage
