/**
 * Child-process entry for tests/support/weapp-bff-process.ts: the seeded test BFF with the
 * WeChat emulator, nothing more (./weapp-bff-child.ts).
 */
import { serveTestBffToParent } from './weapp-bff-child'

serveTestBffToParent()
