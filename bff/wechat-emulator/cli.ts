/**
 * `tsx bff/wechat-emulator/cli.ts`: runs the WeChat API emulator as its own process.
 *
 * Environment: WECHAT_EMULATOR_PORT (default 3900), WECHAT_EMULATOR_HOST (default 127.0.0.1),
 * WECHAT_APPID (default wx0123456789abcdef), WECHAT_SECRET (default dev-secret-not-for-production).
 * Point the BFF at it with WECHAT_API_BASE=http://127.0.0.1:3900 and the same appid and secret.
 * Stops on SIGTERM and SIGINT. Logs one line per call (api and errcode), never secrets or tokens.
 */
import { DEFAULT_APPID, DEFAULT_SECRET, startWeChatEmulator } from './index';

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 3900;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`WECHAT_EMULATOR_PORT must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return port;
}

async function main(): Promise<void> {
  const appId = process.env.WECHAT_APPID || DEFAULT_APPID;
  if (!/^wx[0-9a-f]{16}$/.test(appId)) throw new Error('WECHAT_APPID must look like wx followed by 16 hex digits');
  const emulator = await startWeChatEmulator({
    port: portFromEnv(process.env.WECHAT_EMULATOR_PORT),
    host: process.env.WECHAT_EMULATOR_HOST || '127.0.0.1',
    appId,
    appSecret: process.env.WECHAT_SECRET || DEFAULT_SECRET,
    log: process.env.WECHAT_EMULATOR_QUIET ? undefined : (line) => process.stderr.write(`wechat emulator: ${line}\n`),
  });
  process.stdout.write(`wechat emulator listening on ${emulator.baseUrl}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`wechat emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
