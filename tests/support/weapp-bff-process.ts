/**
 * The seeded test BFF (`startTestBff` from ./bff) in a child node process, for tests that run
 * in jest's jsdom environment: there the BFF's server libraries cannot load (jsdom picks the
 * browser builds of bson/mongodb and lacks node globals such as TextEncoder), while
 * miniprogram-simulate needs jsdom. Over HTTP nothing is lost.
 */
import { spawn } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'

export interface TestBffProcess {
  baseUrl: string
  /** The WeChat emulator the BFF signs in with (for wx.login codes). */
  wechatBaseUrl: string
  stop(): Promise<void>
}

const REPO_ROOT = path.resolve(__dirname, '../..')
const ENTRY = path.join(__dirname, 'weapp-bff-main.ts')

/** `entry`: another child entry printing the same line, e.g. one that also seeds data (./weapp-audit-bff-main.ts). */
export function startTestBffProcess(timeoutMs = 60_000, entry = ENTRY): Promise<TestBffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.stdin.end()
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  }

  return new Promise<TestBffProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`test BFF did not start within ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      const line = stdout.split('\n').find((l) => l.startsWith('{"baseUrl"'))
      if (!line) return
      clearTimeout(timer)
      const { baseUrl, wechatBaseUrl } = JSON.parse(line) as { baseUrl: string; wechatBaseUrl: string }
      resolve({ baseUrl, wechatBaseUrl, stop })
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`test BFF exited (${code ?? signal}) before it started\n${stderr}`))
    })
  })
}

/** GET on the test BFF from node, parsed JSON (the pages' own requests go through wx.request; jsdom has no fetch). */
export function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
      })
      .on('error', reject)
  })
}

/** The id of the first competition the BFF lists (the demo's). */
export async function firstCompetitionId(baseUrl: string): Promise<string> {
  const list = (await getJson(`${baseUrl}/api/v1/competitions`)) as { data: { items: { id: string }[] } }
  return list.data.items[0]?.id ?? ''
}
