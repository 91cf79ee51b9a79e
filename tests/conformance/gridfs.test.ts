/**
 * GridFS as the driver's GridFSBucket uses it (evidence photos are stored this way): a file
 * written in several chunks reads back byte for byte, found by its metadata, and deleting it
 * removes its chunks too. The same on the embedded store and a real MongoDB.
 */
import { randomBytes } from 'node:crypto';
import { GridFSBucket, type ObjectId } from 'mongodb';

import { type Target, openTarget } from './harness';

let target: Target;
let bucket: GridFSBucket;

beforeAll(async () => {
  target = await openTarget('gridfs');
  bucket = new GridFSBucket(target.db, { bucketName: 'photos', chunkSizeBytes: 64 * 1024 });
});
afterAll(async () => target.stop());

function upload(name: string, bytes: Buffer, metadata: Record<string, unknown>): Promise<ObjectId> {
  return new Promise((resolve, reject) => {
    const stream = bucket.openUploadStream(name, { metadata });
    stream.once('error', reject);
    stream.once('finish', () => resolve(stream.id as ObjectId));
    stream.end(bytes);
  });
}

async function download(id: ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('a file of several chunks reads back byte for byte', async () => {
  const bytes = randomBytes(200 * 1024 + 17);
  const id = await upload('a.bin', bytes, { owner: 'u1' });
  expect((await download(id)).equals(bytes)).toBe(true);
  expect(await target.db.collection('photos.chunks').countDocuments({ files_id: id })).toBe(4);
  const [file] = await bucket.find({ 'metadata.owner': 'u1' }).toArray();
  expect(file).toMatchObject({ _id: id, length: bytes.length, chunkSize: 64 * 1024, filename: 'a.bin' });
});

test('the indexes GridFS asks for exist once the first file is written', async () => {
  const chunkIndexes = await target.db.collection('photos.chunks').indexes();
  expect(chunkIndexes.some((index) => index.unique === true && JSON.stringify(index.key) === JSON.stringify({ files_id: 1, n: 1 }))).toBe(true);
  const fileIndexes = await target.db.collection('photos.files').indexes();
  expect(fileIndexes.some((index) => JSON.stringify(index.key) === JSON.stringify({ filename: 1, uploadDate: 1 }))).toBe(true);
});

test('an empty file and a file of exactly one chunk read back', async () => {
  const empty = await upload('empty.bin', Buffer.alloc(0), {});
  expect((await download(empty)).length).toBe(0);
  const one = randomBytes(64 * 1024);
  expect((await download(await upload('one.bin', one, {}))).equals(one)).toBe(true);
});

test('deleting a file removes its chunks; reading it then fails', async () => {
  const id = await upload('gone.bin', randomBytes(100 * 1024), {});
  await bucket.delete(id);
  expect(await target.db.collection('photos.chunks').countDocuments({ files_id: id })).toBe(0);
  await expect(download(id)).rejects.toThrow(/FileNotFound|not found/i);
});
