import mongoose, { type Connection } from 'mongoose';
import type { Config } from './config';
import { allModels } from './models';

mongoose.set('strictQuery', true);
mongoose.set('sanitizeFilter', true);
// Indexes are created explicitly at start-up (ensureIndexes), not lazily per model.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

export async function connectDatabase(config: Pick<Config, 'MONGODB_URI' | 'MONGODB_DB' | 'MONGODB_SERVER_SELECTION_MS'>): Promise<Connection> {
  await mongoose.connect(config.MONGODB_URI, {
    dbName: config.MONGODB_DB,
    serverSelectionTimeoutMS: config.MONGODB_SERVER_SELECTION_MS,
  });
  await ensureIndexes();
  return mongoose.connection;
}

/** Creates the indexes each model declares beside its schema. */
export async function ensureIndexes(): Promise<void> {
  for (const model of allModels) {
    await model.createCollection().catch((error: unknown) => {
      // 48 NamespaceExists: another process created it first.
      if (!(error instanceof mongoose.mongo.MongoServerError && error.code === 48)) throw error;
    });
    await model.createIndexes();
  }
}

/** True when the database answers a ping within `timeoutMs`. */
export async function isDatabaseReachable(timeoutMs: number): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = db
    .admin()
    .ping()
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
