import Taro from '@tarojs/taro'
import type { ZodType } from 'zod'
import { API_PREFIX, AppError, ZErrorEnvelope } from '@contest/shared'
import { ApiClientError } from './errors'
import { clearSession, sessionToken } from './sessionToken'

/**
 * The mini-program's one way to reach the BFF; the only module that calls `Taro.request` (and `Taro.uploadFile`).
 * Every answer is checked against the shared contract before a page sees it.
 *
 * Calls that need a session send `Authorization: Bearer <token>`. With no token, or when the
 * BFF answers 401 SESSION_EXPIRED / UNAUTHENTICATED, the stored token is dropped and the
 * session is renewed once (see `setSessionRenewal`, installed by src/session) before the
 * call is tried again.
 */

/** Compiled in by config/index.ts; `''` means the page's own origin (H5 served by the BFF). */
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''

const TIMEOUT_MS = 15_000

/** The methods WeChat's wx.request and H5 both have (wx.request has no PATCH). */
export type THttpMethod = 'GET' | 'POST' | 'PUT'
type TOkEnvelope<T> = { ok: true; data: T }
type TRawBody = string | TaroGeneral.IAnyObject | ArrayBuffer
type TQuery = Record<string, string | number | undefined>

export type TCall<T> = {
  method?: THttpMethod
  path: string
  query?: TQuery
  /** Sent as JSON (POST, PUT); with `contentType`, the bytes as they are (an ArrayBuffer). */
  body?: unknown
  contentType?: string
  /** Extra request headers, e.g. `Idempotency-Key` (sent again as they are when the call is retried). */
  headers?: Record<string, string>
  schema: ZodType<TOkEnvelope<T>>
  /** 'public' calls never carry a token (an expired one would turn them into a 401). */
  auth?: 'public' | 'session'
  /** false: with no usable session, fail rather than sign in again (signing out, for one). */
  renew?: boolean
  /** How long to wait for the answer (default 15 s); a scan at the venue gives up sooner and answers offline. */
  timeoutMs?: number
}

/** Resolves to a fresh token, or null when no session can be opened without the person. */
export type TSessionRenewal = () => Promise<string | null>

let renewal: TSessionRenewal = async () => null
let renewing: Promise<string | null> | null = null

/** Installed once at start-up by src/session: how to sign in again without asking. */
export function setSessionRenewal(renew: TSessionRenewal): void {
  renewal = renew
}

/** One renewal at a time: pages that load several things at once share it. */
function renewSession(): Promise<string | null> {
  renewing ??= renewal().finally(() => {
    renewing = null
  })
  return renewing
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}

function queryString(query: TQuery | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return parts.length > 0 ? `?${parts.join('&')}` : ''
}

async function send<T>(call: TCall<T>, token: string | null): Promise<T> {
  const method = call.method ?? 'GET'
  const header: Record<string, string> = { ...call.headers, Accept: 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  const hasBody = method !== 'GET'
  if (hasBody) header['Content-Type'] = call.contentType ?? 'application/json'

  let response: Taro.request.SuccessCallbackResult<TRawBody>
  try {
    response = await Taro.request<TRawBody>({
      url: `${API_BASE}${API_PREFIX}${call.path}${queryString(call.query)}`,
      method,
      header,
      // A string is sent as it is on every platform.
      ...(hasBody ? { data: call.contentType ? call.body : JSON.stringify(call.body ?? {}) } : {}),
      // Parse ourselves: platforms differ in what they do with a body that is not JSON.
      dataType: 'text',
      responseType: 'text',
      timeout: call.timeoutMs ?? TIMEOUT_MS,
    })
  } catch (cause) {
    throw new ApiClientError('NETWORK_FAILED', cause)
  }

  return readAnswer(response.statusCode, response.data, call.schema)
}

/** An answer's `data` checked against the contract, or the BFF's refusal as an AppError. */
function readAnswer<T>(statusCode: number, data: unknown, schema: ZodType<TOkEnvelope<T>>): T {
  const body = parseBody(data)

  const failure = ZErrorEnvelope.safeParse(body)
  if (failure.success) {
    // `current`: with a 409 on a guarded change, the state the record is in now.
    throw new AppError(failure.data.code, failure.data.message, failure.data.fields, failure.data.current)
  }

  if (statusCode >= 500) throw new ApiClientError('SERVER_UNAVAILABLE')

  const parsed = schema.safeParse(body)
  const ok = statusCode >= 200 && statusCode < 300
  if (!ok || !parsed.success) {
    throw new ApiClientError('INVALID_RESPONSE', parsed.error)
  }
  return parsed.data.data
}

/** The BFF no longer knows the session (or never did): sign in again. */
export function isSessionLost(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === 'SESSION_EXPIRED' || error.code === 'UNAUTHENTICATED')
}

/**
 * Runs `attempt` with the session token, renewing the session once if there is none or the BFF
 * says it has ended. (Promise chains rather than async: the weapp build compiles every async
 * function to a state machine, and this module is in the main package.)
 */
function withSession<T>(renew: boolean, attempt: (token: string) => Promise<T>): Promise<T> {
  const stored = sessionToken()
  return (stored || !renew ? Promise.resolve(stored) : renewSession()).then((token) => {
    if (!token) throw new AppError('UNAUTHENTICATED')
    return attempt(token).catch((error: unknown) => {
      if (!isSessionLost(error)) throw error
      clearSession()
      if (!renew) throw error
      return renewSession().then((fresh) => {
        if (!fresh) throw error
        return attempt(fresh)
      })
    })
  })
}

/** Calls the BFF and returns the answer's `data`, checked against `schema`. */
export function call<T>(spec: TCall<T>): Promise<T> {
  if (spec.auth === 'public') return send(spec, null)
  return withSession(spec.renew !== false, (token) => send(spec, token))
}

/** The error a failed download's body names (the BFF's envelope), else one by HTTP status. */
function downloadFailure(statusCode: number, text: string): Error {
  const failure = ZErrorEnvelope.safeParse(parseBody(text))
  if (failure.success) return new AppError(failure.data.code, failure.data.message, failure.data.fields, failure.data.current)
  return new ApiClientError(statusCode >= 500 ? 'SERVER_UNAVAILABLE' : 'INVALID_RESPONSE')
}

/** H5: fetch with the bearer token (a plain link cannot send it); the BFF's refusal as its error. */
function fetchBlob(url: string, token: string): Promise<Blob> {
  return fetch(url, { headers: { Authorization: `Bearer ${token}` } })
    .catch((cause: unknown) => {
      throw new ApiClientError('NETWORK_FAILED', cause)
    })
    .then((response) => {
      if (!response.ok) {
        return response.text().then((text) => {
          throw downloadFailure(response.status, text)
        })
      }
      return response.blob()
    })
}

/** H5: hands an address (a blob: URL) to the browser as a download named `fileName`, through an <a download>. */
export function offerBrowserDownload(href: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
}

/** H5 (a PC): the file fetched with the session, then a browser download. */
function saveInBrowser(url: string, token: string, fileName: string): Promise<void> {
  return fetchBlob(url, token).then((blob) => {
    const href = URL.createObjectURL(blob)
    offerBrowserDownload(href, fileName)
    setTimeout(() => URL.revokeObjectURL(href), 60_000)
  })
}

/** WeChat: wx.downloadFile to a temporary file, the BFF's refusal (its JSON body) as its error. */
function downloadToTemporaryFile(url: string, token: string): Promise<string> {
  return new Promise<Taro.downloadFile.FileSuccessCallbackResult>((resolve, reject) => {
    Taro.downloadFile({
      url,
      header: { Authorization: `Bearer ${token}` },
      timeout: 120_000,
      success: resolve,
      fail: (cause: unknown) => reject(new ApiClientError('NETWORK_FAILED', cause)),
    })
  }).then((result) => {
    if (result.statusCode < 200 || result.statusCode >= 300) {
      throw downloadFailure(result.statusCode, String(Taro.getFileSystemManager().readFileSync(result.tempFilePath, 'utf8')))
    }
    return result.tempFilePath
  })
}

/**
 * WeChat: wx.downloadFile streams the file to disk (a sheet can be large), then WeChat's document
 * viewer opens it, from where it can be forwarded or saved. It is kept under `fileName` so a
 * forwarded copy has a readable name.
 */
function openInWeChat(url: string, token: string, fileName: string, fileType: TDownloadedFileType): Promise<void> {
  return downloadToTemporaryFile(url, token).then((temporaryPath) => {
    let filePath = temporaryPath
    try {
      filePath = Taro.getFileSystemManager().saveFileSync(temporaryPath, `${Taro.env.USER_DATA_PATH}/${fileName}`)
    } catch {
      // Out of space for a named copy: the temporary file opens as well.
    }
    return Taro.openDocument({ filePath, fileType, showMenu: true }).then(() => undefined)
  })
}

/** What WeChat's document viewer is told the file is: the sheets, or a PDF (certificates). */
type TDownloadedFileType = 'xlsx' | 'pdf'

/**
 * A file the BFF streams (the registration summary sheet, the union directory), saved on the
 * person's device: a browser download in H5, WeChat's document viewer on a phone. Errors as for `call`.
 */
export function saveDownloadedFile(spec: { path: string; query?: TQuery; fileName: string; fileType?: TDownloadedFileType }): Promise<void> {
  const url = `${API_BASE}${API_PREFIX}${spec.path}${queryString(spec.query)}`
  return withSession(true, (token) =>
    process.env.TARO_ENV === 'h5' ? saveInBrowser(url, token, spec.fileName) : openInWeChat(url, token, spec.fileName, spec.fileType ?? 'xlsx'),
  )
}

/**
 * An image the BFF draws for the signed-in person (a registration poster), fetched with the
 * session: its local address for <Image> and for saving — a blob: URL in H5 (revoke it when done),
 * WeChat's temporary file on a phone. Errors as for `call`.
 */
export function fetchImage(spec: { path: string; query?: TQuery }): Promise<string> {
  const url = `${API_BASE}${API_PREFIX}${spec.path}${queryString(spec.query)}`
  return withSession(true, (token) =>
    process.env.TARO_ENV === 'h5' ? fetchBlob(url, token).then((blob) => URL.createObjectURL(blob)) : downloadToTemporaryFile(url, token),
  )
}

/**
 * A photo on the phone (a `chooseMedia` temp path; a blob URL in H5) sent to the BFF as the `file`
 * part of multipart/form-data, with the session as for `call`; the answer checked as for `call`.
 */
export function uploadFile<T>(spec: { path: string; query?: TQuery; filePath: string; schema: ZodType<TOkEnvelope<T>> }): Promise<T> {
  return withSession(true, (token) =>
    Taro.uploadFile({
      url: `${API_BASE}${API_PREFIX}${spec.path}${queryString(spec.query)}`,
      filePath: spec.filePath,
      name: 'file',
      header: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      timeout: 60_000,
    }).then(
      (response) => readAnswer(response.statusCode, response.data, spec.schema),
      (cause: unknown) => {
        throw new ApiClientError('NETWORK_FAILED', cause)
      },
    ),
  )
}
