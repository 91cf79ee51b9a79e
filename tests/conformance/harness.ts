/**
 * Where the conformance cases run: the embedded devstore (default), or the real MongoDB
 * named by MONGODB_URI. Each suite gets its own database, dropped afterwards, so the
 * suites can run in parallel against one server.
 */
import { randomBytes } from 'node:crypto';

import { type Db, type Document, MongoClient, MongoServerError, type ObjectId, type UpdateFilter } from 'mongodb';

import { type DevStore, startDevStore } from '../../bff/devstore';

export interface Target {
  readonly uri: string;
  /** True for the embedded store; devstore-only cases check this. */
  readonly embedded: boolean;
  readonly client: MongoClient;
  readonly db: Db;
  readonly dbName: string;
  stop(): Promise<void>;
}

export const realUri = process.env.MONGODB_URI;

/** Documents whose `_id` may be a number or string too (the driver's typing assumes ObjectId). */
export interface AnyDoc extends Document {
  _id?: ObjectId | string | number;
}

/** An update document the driver's field typing cannot follow (or that is wrong on purpose). */
export function untypedUpdate(update: Document): UpdateFilter<AnyDoc> {
  return update as UpdateFilter<AnyDoc>;
}

/** Starts (or connects to) the server under test with a fresh database. */
export async function openTarget(label: string): Promise<Target> {
  let store: DevStore | undefined;
  let uri: string;
  if (realUri !== undefined && realUri !== '') {
    uri = realUri;
  } else {
    store = await startDevStore();
    uri = store.uri;
  }
  const dbName = `conf_${label}_${randomBytes(4).toString('hex')}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(dbName);
  return {
    uri,
    embedded: store !== undefined,
    client,
    db,
    dbName,
    async stop() {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
        await store?.stop();
      }
    },
  };
}

/** The server error a promise rejects with (fails the test if it resolves). */
export async function serverError(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected the operation to fail with a server error');
}

/** `describe` only for the embedded store (cases about devstore internals). */
export const describeEmbedded = realUri !== undefined && realUri !== '' ? describe.skip : describe;
