/**
 * Runs the BUILT WeChat mini-program (miniapp/dist/weapp) inside jest + jsdom with
 * miniprogram-simulate, far enough to render pages and talk to a real BFF over HTTP.
 *
 * miniprogram-simulate only provides `Component()` (and a `wx` whose APIs are stubs), so this
 * shim adds what Taro's output also needs: `App`, `getApp`, `getCurrentPages`, a `Page` that
 * becomes a component running onLoad/onShow/onReady when attached, and a `wx.request` (and
 * `wx.uploadFile`) that performs a real HTTP request (node:http) against the test BFF.
 *
 * Must run in the jsdom test environment (miniprogram-simulate renders into `document`).
 */
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'

export const WEAPP_DIST_DIR = path.resolve(__dirname, '../../miniapp/dist/weapp')

type Callback = (result: Record<string, unknown>) => void
type Query = Record<string, string>

interface WxRequestOptions {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
  dataType?: string
  responseType?: string
  timeout?: number
  success?: Callback
  fail?: Callback
  complete?: Callback
}

/** One `wx.request` the mini-program made, as it was sent to the BFF. */
export interface RecordedRequest {
  method: string
  /** The URL compiled into the build. */
  requestedUrl: string
  /** Where the shim actually sent it (origin rewritten to the test BFF). */
  sentTo: string
  /** Whether it carried `Authorization: Bearer …`. */
  bearer: boolean
  statusCode?: number
  error?: string
}

type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> }
type Lifecycle = (this: PageInstance, ...args: unknown[]) => unknown
type PageInstance = Record<string, unknown> & { route?: string; options?: Query }

/** What miniprogram-simulate hands back from render(); only the parts used here. */
interface RenderedComponent {
  dom: HTMLElement
  instance: PageInstance
  attach(parent: Element): void
  detach(): void
}

interface Simulate {
  load(componentPath: string, options?: { rootPath?: string; compiler?: 'official' | 'simulate' }): string
  render(id: string, properties?: Record<string, unknown>): RenderedComponent
}

export interface WeappPage {
  /** The page's rendered DOM (jsdom). */
  readonly root: HTMLElement
  /** Everything a person would read on the page, whitespace collapsed. */
  text(): string
  /** Waits until `text` is on the page (polling; Taro renders asynchronously). */
  waitForText(text: string, timeoutMs?: number): Promise<void>
  /** Taps the innermost element whose text contains `text`. */
  tap(text: string): void
  /** Types `value` into the input matched by `selector` (CSS, with the page's own class names), as WeChat's `input` event. */
  input(selector: string, value: string): void
  /** The text of the first element matched by `selector`, whitespace collapsed; '' when there is none. */
  textOf(selector: string): string
  /** The page scrolled to its end, as WeChat tells it (the page's `onReachBottom`). */
  reachBottom(): void
  /** The page's data, the tree Taro renders from: what the DOM leaves out, such as an image's `src`. */
  data(): Record<string, unknown>
  close(): void
}

export interface Weapp {
  /** Every wx.request so far, in order. */
  readonly requests: RecordedRequest[]
  /** URLs passed to wx.navigateTo / redirectTo so far (pages are not opened by the shim). */
  readonly navigations: string[]
  /** Opens a page of the main package or a subpackage, e.g. `pages/index/index`. */
  openPage(route: string, query?: Query): Promise<WeappPage>
}

export interface WeappOptions {
  /** Origin every wx.request is sent to, whatever base URL the build has compiled in. */
  apiBaseUrl: string
  /**
   * Who wx.login signs in: the WeChat emulator (its base URL) mints a code for this test user.
   * Without it wx.login fails, as it does on a phone without a network.
   */
  wechat?: { emulatorUrl: string; user: string }
  distDir?: string
}

interface NetworkState {
  apiBaseUrl: string
  wechat?: { emulatorUrl: string; user: string }
  requests: RecordedRequest[]
  navigations: string[]
}

function rewriteOrigin(requested: string, apiBaseUrl: string): URL {
  const base = new URL(apiBaseUrl)
  const target = new URL(requested, base)
  target.protocol = base.protocol
  target.host = base.host
  return target
}

/** `wx.request` backed by node:http, answering like WeChat does (success even on 4xx/5xx). */
function createWxRequest(network: NetworkState) {
  return function request(options: WxRequestOptions) {
    const method = (options.method ?? 'GET').toUpperCase()
    const target = rewriteOrigin(options.url, network.apiBaseUrl)
    const authorization = Object.entries(options.header ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1]
    const record: RecordedRequest = {
      method,
      requestedUrl: options.url,
      sentTo: target.href,
      bearer: typeof authorization === 'string' && authorization.startsWith('Bearer '),
    }
    network.requests.push(record)

    const body =
      options.data === undefined || method === 'GET'
        ? undefined
        : typeof options.data === 'string'
          ? options.data
          : JSON.stringify(options.data)
    const client = target.protocol === 'https:' ? https : http
    let settled = false
    const finish = (callback: Callback | undefined, result: Record<string, unknown>) => {
      if (settled) return
      settled = true
      callback?.(result)
      options.complete?.(result)
    }

    const req = client.request(
      target,
      {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.header },
        timeout: options.timeout ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', (error) => {
          record.error = error.message
          finish(options.fail, { errMsg: `request:fail ${error.message}` })
        })
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let data: unknown = text
          // WeChat parses JSON unless told otherwise, and leaves the text when it cannot.
          if ((options.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(text)
            } catch {
              data = text
            }
          }
          record.statusCode = res.statusCode
          finish(options.success, {
            data,
            statusCode: res.statusCode,
            header: res.headers,
            cookies: [],
            errMsg: 'request:ok',
          })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (error) => {
      record.error = error.message
      finish(options.fail, { errMsg: `request:fail ${error.message}` })
    })
    if (body) req.write(body)
    req.end()

    return {
      abort() {
        req.destroy(new Error('abort'))
      },
      onHeadersReceived() {},
      offHeadersReceived() {},
      onChunkReceived() {},
      offChunkReceived() {},
    }
  }
}

interface WxUploadFileOptions {
  url: string
  filePath: string
  name: string
  header?: Record<string, string>
  formData?: Record<string, string>
  timeout?: number
  success?: Callback
  fail?: Callback
  complete?: Callback
}

/**
 * `wx.uploadFile` backed by node:http: the file at `filePath` (a path on this machine, standing for
 * the phone's temp file) sent as the `name` part of multipart/form-data, recorded like a request;
 * answers like WeChat (success on any status, `data` as text).
 */
function createWxUploadFile(network: NetworkState) {
  return function uploadFile(options: WxUploadFileOptions) {
    const target = rewriteOrigin(options.url, network.apiBaseUrl)
    const authorization = Object.entries(options.header ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1]
    const record: RecordedRequest = {
      method: 'POST',
      requestedUrl: options.url,
      sentTo: target.href,
      bearer: typeof authorization === 'string' && authorization.startsWith('Bearer '),
    }
    network.requests.push(record)
    const finish = (callback: Callback | undefined, result: Record<string, unknown>) => {
      callback?.(result)
      options.complete?.(result)
    }
    let file: Buffer
    try {
      file = fs.readFileSync(options.filePath)
    } catch (error) {
      record.error = (error as Error).message
      setTimeout(() => finish(options.fail, { errMsg: `uploadFile:fail ${(error as Error).message}` }), 0)
      return { abort() {}, onProgressUpdate() {} }
    }
    const boundary = `----weappshim${Date.now().toString(16)}`
    const fields = Object.entries(options.formData ?? {}).map(
      ([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
    )
    const body = Buffer.concat([
      Buffer.from(fields.join('')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${options.name}"; filename="${path.basename(options.filePath)}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const req = http.request(
      target,
      {
        method: 'POST',
        headers: { ...options.header, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
        timeout: options.timeout ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          record.statusCode = res.statusCode
          finish(options.success, { data: Buffer.concat(chunks).toString('utf8'), statusCode: res.statusCode, errMsg: 'uploadFile:ok' })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (error) => {
      record.error = error.message
      finish(options.fail, { errMsg: `uploadFile:fail ${error.message}` })
    })
    req.end(body)
    return { abort: () => req.destroy(new Error('abort')), onProgressUpdate() {} }
  }
}

/** `wx.login`: a code from the emulator's `/__control/login-code` for the configured test user. */
function createWxLogin(network: NetworkState) {
  return function login(options: { success?: Callback; fail?: Callback; complete?: Callback } = {}) {
    const done = (callback: Callback | undefined, result: Record<string, unknown>) => {
      callback?.(result)
      options.complete?.(result)
    }
    const wechat = network.wechat
    if (!wechat) {
      setTimeout(() => done(options.fail, { errMsg: 'login:fail no WeChat emulator configured' }), 0)
      return
    }
    const req = http.request(
      new URL('/__control/login-code', wechat.emulatorUrl),
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          try {
            const { code } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }
            if (res.statusCode !== 200 || !code) throw new Error(`emulator answered ${res.statusCode}`)
            done(options.success, { code, errMsg: 'login:ok' })
          } catch (error) {
            done(options.fail, { errMsg: `login:fail ${(error as Error).message}` })
          }
        })
      },
    )
    req.on('error', (error) => done(options.fail, { errMsg: `login:fail ${error.message}` }))
    req.end(JSON.stringify({ user: wechat.user }))
  }
}

interface Exparser {
  Event: {
    create(name: string, detail: object, options: object): unknown
    dispatchEvent(target: unknown, event: unknown): void
  }
}

/**
 * A tap as WeChat delivers it: an exparser `tap` event that bubbles from the node to the
 * `bindtap` handlers (Taro's `eh`, which hands it to React's onClick).
 */
function tapElement(target: Element): void {
  const exparser = require('miniprogram-exparser') as Exparser
  const node = (target as Element & { __wxElement?: unknown }).__wxElement
  if (!node) throw new Error('the element was not rendered by miniprogram-simulate')
  exparser.Event.dispatchEvent(
    node,
    exparser.Event.create('tap', { x: 0, y: 0 }, {
      originalEvent: new window.CustomEvent('tap', { bubbles: true }),
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches: {}, changedTouches: {} },
    }),
  )
}

/** Typing as WeChat reports it: an `input` event whose detail carries the whole value. */
function inputElement(target: Element, value: string): void {
  const exparser = require('miniprogram-exparser') as Exparser
  const node = (target as Element & { __wxElement?: unknown }).__wxElement
  if (!node) throw new Error('the element was not rendered by miniprogram-simulate')
  exparser.Event.dispatchEvent(
    node,
    exparser.Event.create('input', { value, cursor: value.length, keyCode: 0 }, {
      originalEvent: new window.CustomEvent('input'),
      bubbles: false,
      capturePhase: false,
      composed: false,
    }),
  )
}

/**
 * miniprogram-simulate renders a page as a component tagged `main`, whose classes carry the
 * `main--` prefix of WeChat's style isolation: `.register__input` is `.main--register__input`.
 */
function renderedSelector(selector: string): string {
  return selector.replace(/\.(-?[_a-zA-Z][\w-]*)/g, '.main--$1')
}

function collapse(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim()
}

async function poll(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(describe())
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

interface Launched {
  distDir: string
  simulate: Simulate
  network: NetworkState
  pending: { route: string; query: Query }
  /** Component id per page: a page's code runs once, like in WeChat, and can be opened again. */
  pageIds: Map<string, string>
}

/** The app runs once per test file: its modules, Taro's runtime and `App()` are global. */
let launched: Launched | undefined

function install(distDir: string, apiBaseUrl: string): Launched {
  // Loading miniprogram-simulate defines global Component/Behavior and a stub `wx`.
  const simulate = require('miniprogram-simulate') as Simulate
  const g = globalThis as unknown as Record<string, unknown>

  const network: NetworkState = { apiBaseUrl, requests: [], navigations: [] }
  const wx = g.wx as Record<string, unknown>
  wx.request = createWxRequest(network)
  wx.uploadFile = createWxUploadFile(network)
  wx.login = createWxLogin(network)
  // Storage like a phone's: kept for as long as the app runs (the whole test file).
  const storage = new Map<string, unknown>()
  wx.getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '')
  wx.setStorageSync = (key: string, value: unknown) => {
    storage.set(key, value)
  }
  wx.removeStorageSync = (key: string) => {
    storage.delete(key)
  }
  const navigate = (api: string) => (options: { url: string; success?: Callback; complete?: Callback }) => {
    network.navigations.push(options.url)
    const result = { errMsg: `${api}:ok` }
    setTimeout(() => {
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
  wx.navigateTo = navigate('navigateTo')
  wx.redirectTo = navigate('redirectTo')

  let app: Record<string, unknown> | undefined
  const pageStack: PageInstance[] = []
  const pending: { route: string; query: Query } = { route: '', query: {} }
  const component = g.Component as (definition: Record<string, unknown>) => void

  g.App = (appOptions: Record<string, unknown>) => {
    app = appOptions
  }
  g.getApp = () => app
  g.getCurrentPages = () => [...pageStack]
  g.Page = (pageOptions: PageOptions) => {
    const methods: Record<string, Lifecycle> = {}
    for (const [key, value] of Object.entries(pageOptions)) {
      if (typeof value === 'function') methods[key] = value as Lifecycle
    }
    const call = (self: PageInstance, name: string, ...args: unknown[]) => methods[name]?.apply(self, args)
    component({
      data: pageOptions.data ?? {},
      methods,
      lifetimes: {
        attached(this: PageInstance) {
          this.route = pending.route
          this.options = pending.query
          pageStack.push(this)
          call(this, 'onLoad', pending.query)
          call(this, 'onShow')
          call(this, 'onReady')
        },
        detached(this: PageInstance) {
          call(this, 'onUnload')
          const index = pageStack.indexOf(this)
          if (index >= 0) pageStack.splice(index, 1)
        },
      },
    })
  }

  require(path.join(distDir, 'app.js'))
  const created = app
  if (!created) throw new Error(`${distDir}/app.js did not call App(); is the weapp build there?`)
  const launchOptions = { path: 'pages/index/index', query: {}, scene: 1001 }
  for (const name of ['onLaunch', 'onShow']) {
    const fn = created[name]
    if (typeof fn === 'function') fn.call(created, launchOptions)
  }
  return { distDir, simulate, network, pending, pageIds: new Map() }
}

/**
 * Installs the globals, loads `app.js` of the build and launches the app. Calling it again in
 * the same test file keeps the running app and only re-points `wx.request` (and starts a new
 * request log).
 */
export async function launchWeapp(options: WeappOptions): Promise<Weapp> {
  const distDir = options.distDir ?? WEAPP_DIST_DIR
  if (launched && launched.distDir !== distDir) {
    throw new Error('one weapp build per test file: launched ' + launched.distDir)
  }
  launched ??= install(distDir, options.apiBaseUrl)
  const { simulate, network, pending, pageIds } = launched
  network.apiBaseUrl = options.apiBaseUrl
  network.wechat = options.wechat
  network.requests = []
  network.navigations = []

  return {
    requests: network.requests,
    navigations: network.navigations,
    async openPage(route: string, query: Query = {}): Promise<WeappPage> {
      pending.route = route
      pending.query = query
      let id = pageIds.get(route)
      if (id === undefined) {
        id = simulate.load(path.join(distDir, route), { rootPath: distDir })
        pageIds.set(route, id)
      }
      const page = simulate.render(id)
      const parent = document.createElement('div')
      document.body.appendChild(parent)
      page.attach(parent)
      const root = page.dom
      const text = () => collapse(root.textContent)
      return {
        root,
        text,
        async waitForText(expected: string, timeoutMs = 5_000) {
          await poll(
            () => text().includes(expected),
            timeoutMs,
            () => `"${expected}" did not appear on ${route} within ${timeoutMs} ms; page shows: "${text()}"`,
          )
        },
        tap(expected: string) {
          const all = Array.from(root.querySelectorAll('*'))
          // An element reading exactly the text wins over one that merely contains it (签到 vs 签到看板).
          const exact = all.filter((el) => collapse(el.textContent) === expected)
          const matches = exact.length > 0 ? exact : all.filter((el) => collapse(el.textContent).includes(expected))
          const target = matches[matches.length - 1]
          if (!target) throw new Error(`nothing on ${route} reads "${expected}"`)
          tapElement(target)
        },
        input(selector: string, value: string) {
          const target = root.querySelector(renderedSelector(selector))
          if (!target) throw new Error(`nothing on ${route} matches ${selector}; page shows: "${text()}"`)
          inputElement(target, value)
        },
        textOf(selector: string) {
          return collapse(root.querySelector(renderedSelector(selector))?.textContent ?? '')
        },
        reachBottom() {
          const onReachBottom = page.instance.onReachBottom
          if (typeof onReachBottom !== 'function') throw new Error(`${route} has no onReachBottom`)
          onReachBottom.call(page.instance)
        },
        data() {
          const data = page.instance.data
          return data && typeof data === 'object' ? { ...data } : {}
        },
        close() {
          page.detach()
          parent.remove()
        },
      }
    },
  }
}
