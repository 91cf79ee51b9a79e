/**
 * Embedded MongoDB-wire-compatible store for development and tests (never production).
 *
 * `startDevStore()` listens on a TCP port and speaks the wire protocol the `mongodb`
 * driver (and so mongoose) uses, with query/update/aggregation semantics from mingo,
 * unique indexes enforced, and — when `dataDir` is given — every acknowledged write
 * journaled and fsynced before the reply. See README.md in this folder.
 */
import * as path from 'node:path';

import { Catalog } from './catalog';
import { CursorRegistry } from './cursors';
import { Journal } from './journal';
import { WireServer } from './server';

export interface DevStoreOptions {
  /** 0 or undefined = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Undefined = memory only, no journal. */
  dataDir?: string;
}

export interface DevStore {
  /** e.g. mongodb://127.0.0.1:PORT */
  uri: string;
  port: number;
  /** Closes the listener and all sockets, compacts and closes the journal. */
  stop(): Promise<void>;
}

export async function startDevStore(options: DevStoreOptions = {}): Promise<DevStore> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.dataDir);
  const catalog = new Catalog();
  let journal: Journal | undefined;
  if (dataDir !== undefined) {
    const opened = Journal.open(dataDir, (op) => catalog.applyOp(op));
    journal = opened.journal;
    if (opened.report.truncated !== undefined) {
      process.stderr.write(`devstore: recovered ${dataDir}: ${opened.report.truncated}; the journal was cut there\n`);
    }
    catalog.attachJournal(journal);
  }
  const cursors = new CursorRegistry();
  const server = new WireServer({ catalog, cursors, log: (message) => process.stderr.write(`${message}\n`) });
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host, dataDir);
  } catch (err) {
    cursors.close();
    catalog.close();
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    uri: `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop() {
      stopped ??= (async () => {
        await server.close();
        cursors.close();
        catalog.close();
      })();
      return stopped;
    },
  };
}
