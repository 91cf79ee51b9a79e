/**
 * Command dispatch: finds the handler by the command's first field, runs it inside a
 * write batch, commits the batch to the journal, and turns every failure into an
 * `{ok: 0, errmsg, code, codeName}` reply. Nothing thrown here ever reaches the socket.
 */
import { WriteBatch } from '../catalog';
import type { Doc } from '../documents';
import { CommandError, toCommandError } from '../errors';
import type { CommandContext, CommandHandler } from './context';
import { indexCommands } from './indexes';
import { namespaceCommands } from './namespaces';
import { readCommands } from './read';
import { serverCommands } from './server';
import { writeCommands } from './write';

export type { CommandContext, ConnectionInfo, ServerInfo } from './context';

const HANDLERS = new Map<string, CommandHandler>(
  Object.entries({ ...serverCommands, ...namespaceCommands, ...indexCommands, ...readCommands, ...writeCommands }),
);

/**
 * Multi-statement transactions need a replica set; a standalone mongod refuses them with
 * this error, and so does the devstore (it could not roll a transaction back). A bare
 * `txnNumber` (retryable writes) is accepted and ignored: every command is atomic here.
 */
const TRANSACTION_MESSAGE = 'Transaction numbers are only allowed on a replica set member or mongos';

export function runCommand(command: Doc, ctx: Omit<CommandContext, 'batch'>): Doc {
  const name = Object.keys(command)[0];
  if (name === undefined) return new CommandError('CommandNotFound', 'no such command: empty command document').toReply();
  const handler = HANDLERS.get(name);
  if (handler === undefined) return new CommandError('CommandNotFound', `no such command: '${name}'`).toReply();
  if (command.startTransaction === true || command.autocommit === false) {
    return new CommandError('IllegalOperation', TRANSACTION_MESSAGE).toReply();
  }
  const batch = new WriteBatch();
  let reply: Doc;
  try {
    reply = handler(command, { ...ctx, batch });
  } catch (err) {
    reply = toCommandError(err).toReply();
  }
  // Whatever the handler changed (even before failing) is applied in memory, so it must
  // reach the journal before anyone is told about it.
  try {
    ctx.catalog.commit(batch);
  } catch (err) {
    return toCommandError(err).toReply();
  }
  return reply;
}
