/**
 * Handshake and server-information commands. The hello reply describes a standalone
 * mongod 7.0: no `setName` (not a replica set), no `topologyVersion` (so the driver polls
 * instead of using the streaming protocol), no compression.
 */
import * as os from 'node:os';

import { UUID } from 'bson';

import { type Doc, isPlainObject } from '../documents';
import type { CommandContext, CommandHandler } from './context';

export const SERVER_VERSION = '7.0.0';
/** MongoDB 7.0's wire version; the driver (7.x) accepts 9 (4.4) and above. */
export const MAX_WIRE_VERSION = 21;

function hello(cmd: Doc, ctx: CommandContext, legacy: boolean): Doc {
  return {
    ...(cmd.helloOk === true ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'devstore',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['devstore'],
  modules: [],
  javascriptEngine: 'none',
  ok: 1,
});

/** Answers the parameters drivers and shells ask for; unknown ones are left out. */
const getParameter: CommandHandler = (cmd) => {
  const known: Doc = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    requireApiVersion: false,
    transactionLifetimeLimitSeconds: 60,
  };
  if (cmd.getParameter === '*' || (isPlainObject(cmd.getParameter) && cmd.getParameter.allParameters === true)) return { ...known, ok: 1 };
  const out: Doc = {};
  for (const key of Object.keys(cmd)) if (key in known) out[key] = known[key];
  return { ...out, ok: 1 };
};

const serverStatus: CommandHandler = (_cmd, ctx) => {
  const memory = process.memoryUsage();
  return {
    host: `${os.hostname()}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'devstore',
    pid: process.pid,
    uptime: Math.floor((Date.now() - ctx.server.startedAt.getTime()) / 1000),
    localTime: new Date(),
    mem: { bits: 64, resident: Math.round(memory.rss / 1048576), virtual: 0 },
    ok: 1,
  };
};

/** The devstore's own statistics (used by the benchmark to read the server's memory). */
const devstoreStats: CommandHandler = (cmd, ctx) => {
  // {gc: true} collects garbage first when node runs with --expose-gc (memory diagnostics).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (cmd.gc === true && gc !== undefined) gc();
  const memory = process.memoryUsage();
  return {
    pid: process.pid,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    ...ctx.catalog.stats(),
    openCursors: ctx.cursors.size,
    journalBytes: ctx.catalog.journalBytes,
    dataDir: ctx.server.dataDir ?? null,
    ok: 1,
  };
};

export const serverCommands: Record<string, CommandHandler> = {
  hello: (cmd, ctx) => hello(cmd, ctx, false),
  isMaster: (cmd, ctx) => hello(cmd, ctx, true),
  ismaster: (cmd, ctx) => hello(cmd, ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  getCmdLineOpts: (_cmd, ctx) => ({ argv: ['devstore'], parsed: { net: { bindIp: ctx.server.host, port: ctx.server.port } }, ok: 1 }),
  hostInfo: () => ({ system: { hostname: os.hostname(), numCores: os.cpus().length, memSizeMB: Math.round(os.totalmem() / 1048576) }, os: { type: os.type() }, ok: 1 }),
  serverStatus,
  whatsmyuri: (_cmd, ctx) => ({ you: ctx.connection.remoteAddress, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  getFreeMonitoringStatus: () => ({ state: 'disabled', ok: 1 }),
  // Sessions are accepted and ignored: every command is atomic on its own here.
  startSession: () => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 }),
  endSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  killSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  logout: () => ({ ok: 1 }),
  devstoreStats,
};
