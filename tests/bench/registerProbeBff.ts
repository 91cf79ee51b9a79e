/**
 * Diagnostics for `BENCH_PROFILE=1 npm run bench:register`, preloaded into the BFF process
 * (`node --import tsx --import ./tests/bench/registerProbeBff.ts bff/src/server.ts`).
 * Changes nothing in the BFF: it turns on the driver's command monitoring for mongoose's
 * connection (which the rate limiter shares) and times every database round trip as the BFF
 * sees it (send → reply handled, so queueing in the store and in this event loop included),
 * by command and collection, plus the event loop's utilisation. IPC protocol in
 * registerProbeWindow.ts.
 */
import mongoose from 'mongoose';
import { ProbeRows, answerProbeMessages } from './registerProbeWindow';

const rows = new ProbeRows();
const started = new Map<number, string>();

const originalConnect = mongoose.connect.bind(mongoose);
mongoose.connect = ((uri: string, options?: mongoose.ConnectOptions) => {
  const connecting = originalConnect(uri, { ...options, monitorCommands: true });
  void connecting.then(() => {
    const client = mongoose.connection.getClient();
    client.on('commandStarted', (event) => {
      const target = (event.command as Record<string, unknown>)[event.commandName];
      started.set(event.requestId, typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName);
    });
    const finished = (event: { requestId: number; duration: number; commandName: string }) => {
      const name = started.get(event.requestId) ?? event.commandName;
      started.delete(event.requestId);
      rows.record(name, event.duration);
    };
    client.on('commandSucceeded', finished);
    client.on('commandFailed', finished);
  });
  return connecting;
}) as typeof mongoose.connect;

answerProbeMessages(
  () => rows.values(),
  () => rows.clear(),
);
