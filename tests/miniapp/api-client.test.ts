import { AppError } from '@contest/shared'
import { getCompetition, listCompetitions } from '../../miniapp/src/api/competitions'
import { ApiClientError } from '../../miniapp/src/api/errors'
import { haiheCup, haiheCupSummary } from './support/fixtures'
import { taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))

/** What Taro.request resolves with: the body arrives as text (the client asks for dataType 'text'). */
function answer(statusCode: number, body: unknown) {
  return {
    statusCode,
    data: typeof body === 'string' ? body : JSON.stringify(body),
    header: { 'content-type': 'application/json' },
    errMsg: 'request:ok',
  }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

beforeEach(() => {
  taroMock.request.mockReset()
})

describe('listCompetitions', () => {
  it('asks the BFF for the competition list and returns its items', async () => {
    taroMock.request.mockResolvedValue(answer(200, { ok: true, data: { items: [haiheCupSummary] } }))

    const items = await listCompetitions()

    expect(items).toEqual([haiheCupSummary])
    expect(taroMock.request).toHaveBeenCalledTimes(1)
    expect(taroMock.request.mock.calls[0][0]).toMatchObject({ url: '/api/v1/competitions', method: 'GET' })
  })

  it('accepts a body the platform has already parsed', async () => {
    taroMock.request.mockResolvedValue({
      statusCode: 200,
      data: { ok: true, data: { items: [] } },
      header: {},
      errMsg: 'request:ok',
    })

    await expect(listCompetitions()).resolves.toEqual([])
  })

  it('turns an error envelope into an AppError with its code and message', async () => {
    taroMock.request.mockResolvedValue(
      answer(429, { ok: false, code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' }),
    )

    const error = await caught(listCompetitions())

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, message: '操作过于频繁，请稍后再试' })
  })

  it('reports a network failure in Chinese', async () => {
    taroMock.request.mockRejectedValue({ errMsg: 'request:fail timeout' })

    const error = await caught(listCompetitions())

    expect(error).toBeInstanceOf(ApiClientError)
    expect(error).toMatchObject({ code: 'NETWORK_FAILED', message: '网络连接失败，请检查网络后重试' })
  })

  it('rejects an answer that does not match the contract', async () => {
    const broken = { ...haiheCupSummary, registrationClosesAt: '下个月' }
    taroMock.request.mockResolvedValue(answer(200, { ok: true, data: { items: [broken] } }))

    const error = await caught(listCompetitions())

    expect(error).toBeInstanceOf(ApiClientError)
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', message: '服务器返回的数据有误，请稍后重试' })
  })

  it('rejects a body that is not JSON', async () => {
    taroMock.request.mockResolvedValue(answer(200, '<html>登录</html>'))

    await expect(listCompetitions()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' })
  })

  it('says the service is unavailable when a gateway answers 5xx without an envelope', async () => {
    taroMock.request.mockResolvedValue(answer(502, '<html>Bad Gateway</html>'))

    await expect(listCompetitions()).rejects.toMatchObject({
      code: 'SERVER_UNAVAILABLE',
      message: '服务暂不可用，请稍后重试',
    })
  })

  it('does not trust a success body sent with an error status', async () => {
    taroMock.request.mockResolvedValue(answer(404, { ok: true, data: { items: [] } }))

    await expect(listCompetitions()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' })
  })
})

describe('getCompetition', () => {
  it('fetches one competition by id', async () => {
    taroMock.request.mockResolvedValue(answer(200, { ok: true, data: haiheCup }))

    await expect(getCompetition(haiheCup.id)).resolves.toEqual(haiheCup)
    expect(taroMock.request.mock.calls[0][0]).toMatchObject({
      url: `/api/v1/competitions/${haiheCup.id}`,
    })
  })

  it('escapes the id in the path', async () => {
    taroMock.request.mockResolvedValue(answer(404, { ok: false, code: 'NOT_FOUND', message: '找不到请求的内容' }))

    await expect(getCompetition('a/b?c')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(taroMock.request.mock.calls[0][0]).toMatchObject({ url: '/api/v1/competitions/a%2Fb%3Fc' })
  })

  it('passes on COMPETITION_NOT_FOUND from the BFF', async () => {
    taroMock.request.mockResolvedValue(
      answer(404, { ok: false, code: 'COMPETITION_NOT_FOUND', message: '找不到该赛事' }),
    )

    const error = await caught(getCompetition('64b7f0c2a1b2c3d4e5f60719'))

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'COMPETITION_NOT_FOUND', message: '找不到该赛事' })
  })
})
