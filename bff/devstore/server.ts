/**
 * The TCP side: accepts connections, splits the byte stream into messages, runs each
 * command and writes the reply. Commands run synchronously, one at a time for the whole
 * process, so each is atomic with respect to all others.
 *
 * Group commit: once a command has written to the journal, its reply and every later reply
 * (any of them may show the change) are held; after the messages that arrived together from
 * all connections have run, one fdatasync makes all their writes durable and the held replies
 * go out, in order. A write is never acknowledged, nor seen by a reader, before it is on disk.
 */
import * as net from 'node:net';

import type { Catalog } from './catalog';
import { type ServerInfo, runCommand } from './commands';
import type { CursorRegistry } from './cursors';
import type { Doc } from './documents';
import { CommandError } from './errors';
import { MessageReader, encodeOpMsg, encodeOpReply, parseMessage } from './wire';

export interface WireServerOptions {
  readonly catalog: Catalog;
  readonly cursors: CursorRegistry;
  /** Called for problems that cannot be answered (a broken stream). */
  readonly log?: (message: string) => void;
}

export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly options: WireServerOptions;
  private nextConnectionId = 1;
  /** Replies waiting for the journal's next fdatasync, in the order they were produced. */
  private held: { socket: net.Socket; reply: Buffer }[] = [];
  private info: ServerInfo = { startedAt: new Date(), host: '127.0.0.1', port: 0, dataDir: undefined };

  constructor(options: WireServerOptions) {
    this.options = options;
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string, dataDir: string | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        const bound = typeof address === 'object' && address !== null ? address.port : port;
        this.info = { startedAt: new Date(), host, port: bound, dataDir };
        resolve(bound);
      });
    });
  }

  /** Stops accepting, closes every connection and waits for the listener to close. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const connection = { id: this.nextConnectionId++, remoteAddress: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new MessageReader();
    socket.on('data', (chunk: Buffer) => {
      let messages: Buffer[];
      try {
        messages = reader.push(chunk);
      } catch (err) {
        this.options.log?.(`devstore: closing connection ${connection.id}: ${err instanceof Error ? err.message : String(err)}`);
        socket.destroy();
        return;
      }
      for (const message of messages) {
        const reply = this.handle(message, connection);
        if (reply === 'close') {
          socket.destroy();
          return;
        }
        if (reply !== undefined) this.send(socket, reply);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private send(socket: net.Socket, reply: Buffer): void {
    if (this.held.length === 0 && !this.options.catalog.unsynced) {
      if (!socket.destroyed) socket.write(reply);
      return;
    }
    // After the I/O callbacks of this turn of the event loop: what arrived meanwhile joins the batch.
    if (this.held.length === 0) setImmediate(() => this.flush());
    this.held.push({ socket, reply });
  }

  private flush(): void {
    try {
      this.options.catalog.sync();
    } catch (err) {
      // The disk refused: the held writes may be lost, and they are visible in memory. Stop
      // before anyone is told of them; a restart replays what the journal holds.
      this.options.log?.(`devstore: journal fdatasync failed, stopping: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
    const held = this.held;
    this.held = [];
    for (const { socket, reply } of held) if (!socket.destroyed) socket.write(reply);
  }

  private execute(command: Doc, db: string, connection: { id: number; remoteAddress: string }): Doc {
    const reply = runCommand(command, {
      db,
      catalog: this.options.catalog,
      cursors: this.options.cursors,
      connection,
      server: this.info,
    });
    // DEVSTORE_DEBUG=1 logs failing commands; DEVSTORE_DEBUG=all logs every command.
    const debug = process.env.DEVSTORE_DEBUG;
    if (debug !== undefined && debug !== '' && (debug === 'all' || reply.ok !== 1)) {
      try {
        this.options.log?.(`devstore[${connection.id}] ${db} ${JSON.stringify(command)} -> ${JSON.stringify(reply)}`);
      } catch {
        this.options.log?.(`devstore[${connection.id}] ${db} ${Object.keys(command)[0] ?? '?'} -> ok: ${String(reply.ok)}`);
      }
    }
    return reply;
  }

  /** The reply bytes, nothing (moreToCome), or 'close' for a message we cannot answer. */
  private handle(message: Buffer, connection: { id: number; remoteAddress: string }): Buffer | undefined | 'close' {
    let parsed;
    try {
      parsed = parseMessage(message);
    } catch (err) {
      // A malformed body: answer it (the header is intact) rather than leave the client waiting.
      const requestId = message.readInt32LE(4);
      return encodeOpMsg(requestId, new CommandError('FailedToParse', `invalid message: ${err instanceof Error ? err.message : String(err)}`).toReply());
    }
    switch (parsed.kind) {
      case 'msg': {
        const db = typeof parsed.command.$db === 'string' ? parsed.command.$db : 'admin';
        const reply = this.execute(parsed.command, db, connection);
        return parsed.moreToCome ? undefined : encodeSafely(encodeOpMsg, parsed.header.requestId, reply);
      }
      case 'query': {
        const dot = parsed.collection.indexOf('.');
        const db = dot < 0 ? parsed.collection : parsed.collection.slice(0, dot);
        return encodeSafely(encodeOpReply, parsed.header.requestId, this.execute(parsed.command, db, connection));
      }
      case 'unsupported':
        this.options.log?.(`devstore: unsupported opcode ${parsed.header.opCode} on connection ${connection.id}; closing it`);
        return 'close';
    }
  }
}

/** Encodes a reply; one that cannot be encoded (e.g. over 16 MiB) becomes an error reply. */
function encodeSafely(encode: (responseTo: number, doc: Doc) => Buffer, responseTo: number, reply: Doc): Buffer {
  try {
    return encode(responseTo, reply);
  } catch (err) {
    const message = `cannot encode the reply: ${err instanceof Error ? err.message : String(err)}`;
    return encode(responseTo, new CommandError('InternalError', message).toReply());
  }
}
