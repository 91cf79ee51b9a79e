/**
 * WeChat DevTools reads project.private.config.json (git-ignored) over project.config.json.
 * When WECHAT_APPID is set, the weapp build writes the real appid there, so the committed
 * project file keeps the tourist appid and no appid is ever committed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const appid = process.env.WECHAT_APPID;
if (appid) {
  if (!/^wx[0-9a-f]{16}$/.test(appid)) {
    process.stderr.write(`WECHAT_APPID must look like wx followed by 16 hex digits, got "${appid}"\n`);
    process.exit(1);
  }
  const file = path.resolve(__dirname, '../project.private.config.json');
  writeFileSync(file, `${JSON.stringify({ appid }, null, 2)}\n`);
  process.stdout.write(`wrote appid ${appid} to project.private.config.json\n`);
}
