/** 工会名录: codes shown on their own, rename, and (on a PC) import from and export to Excel. */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppError, type TUnionEntry } from '@contest/shared'
import { createUnion, exportUnions, importUnions, listUnions, renameUnion } from '../../miniapp/src/api/admin'
import Unions from '../../miniapp/src/packageCommittee/pages/unions/index'
import { HEXI_UNION_ID } from './support/me'
import { resetTaroMock, taroMock } from './support/taro'

jest.mock('@tarojs/taro', () => require('./support/taro'))
jest.mock('@tarojs/components', () => require('./support/taro-components'))
jest.mock('../../miniapp/src/api/admin', () => ({
  listUnions: jest.fn(),
  createUnion: jest.fn(),
  renameUnion: jest.fn(),
  importUnions: jest.fn(),
  exportUnions: jest.fn(),
}))
jest.mock('../../miniapp/src/api/client', () => ({
  isSessionLost: (error: unknown) => error instanceof AppError && error.code === 'UNAUTHENTICATED',
}))
jest.mock('../../miniapp/src/packageCommittee/committee.scss', () => ({}))
jest.mock('../../miniapp/src/packageCommittee/pages/unions/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/StatusView/index.scss', () => ({}))
jest.mock('../../miniapp/src/components/SignInPrompt/index.scss', () => ({}))

const CITY_ID = '64b7f0c2a1b2c3d4e5f60800'
const hexi: TUnionEntry = {
  id: HEXI_UNION_ID,
  code: 'HXQ3X',
  name: '河西区总工会',
  kind: 'district',
  parentId: CITY_ID,
  ancestry: [{ id: CITY_ID, name: '天津市总工会' }],
  childCount: 1,
}
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const env = process.env.TARO_ENV

beforeEach(() => {
  jest.clearAllMocks()
  resetTaroMock()
  process.env.TARO_ENV = 'h5'
  jest.mocked(listUnions).mockResolvedValue({ items: [hexi], next: null })
})

afterEach(() => {
  process.env.TARO_ENV = env
})

function row(name: string): HTMLElement {
  return screen.getByText(name).closest('.union-row') as HTMLElement
}

async function chooseFile(container: HTMLElement, file: File) {
  const input = container.querySelector('input[type="file"]') as HTMLInputElement
  await act(async () => {
    fireEvent.change(input, { target: { files: [file] } })
    // FileReader answers on a later turn.
    await new Promise((resolve) => setTimeout(resolve, 20))
  })
}

it('shows each union’s code on its own, beside its name', async () => {
  render(<Unions />)

  const hexiRow = (await screen.findByText('河西区总工会')).closest('.union-row') as HTMLElement
  expect(within(hexiRow).getByText('HXQ3X').className).toBe('union-row__code')
  expect(within(hexiRow).getByText('区总工会 · 下级 1 个')).toBeTruthy()
})

it('renames a union in place; the code stays', async () => {
  jest.mocked(renameUnion).mockResolvedValue({ ...hexi, name: '天津市河西区总工会' })
  render(<Unions />)
  await screen.findByText('河西区总工会')

  fireEvent.click(within(row('河西区总工会')).getByText('改名'))
  const input = screen.getByPlaceholderText('新的工会名称') as HTMLInputElement
  expect(input.value).toBe('河西区总工会')
  expect(screen.getByText('（不变）', { exact: false })).toBeTruthy()
  fireEvent.change(input, { target: { value: ' 天津市河西区总工会 ' } })
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })

  expect(renameUnion).toHaveBeenCalledWith(HEXI_UNION_ID, '天津市河西区总工会')
  expect(within(row('天津市河西区总工会')).getByText('HXQ3X')).toBeTruthy()
  expect(screen.queryByPlaceholderText('新的工会名称')).toBeNull()
  expect(taroMock.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已改名' }))
})

it('shows why a rename was refused beside the name, and checks an empty name before sending', async () => {
  jest.mocked(renameUnion).mockRejectedValue(new AppError('UNION_NAME_TAKEN', '同一上级工会下已有“和平区总工会”（工会代码 HPQ2Y）'))
  render(<Unions />)
  await screen.findByText('河西区总工会')
  fireEvent.click(screen.getByText('改名'))

  fireEvent.change(screen.getByPlaceholderText('新的工会名称'), { target: { value: '  ' } })
  fireEvent.click(screen.getByText('保存'))
  expect(screen.getByText('请填写工会名称')).toBeTruthy()
  expect(renameUnion).not.toHaveBeenCalled()

  fireEvent.change(screen.getByPlaceholderText('新的工会名称'), { target: { value: '和平区总工会' } })
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  expect(screen.getByText('同一上级工会下已有“和平区总工会”（工会代码 HPQ2Y）')).toBeTruthy()

  fireEvent.click(screen.getByText('取消'))
  expect(within(row('河西区总工会')).getByText('改名')).toBeTruthy()
})

it('imports the chosen .xlsx as it is, and shows the counts', async () => {
  jest.mocked(importUnions).mockResolvedValue({ imported: 2, unchanged: 5 })
  const { container } = render(<Unions />)
  await screen.findByText('河西区总工会')
  expect(listUnions).toHaveBeenCalledTimes(1)

  const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])
  await chooseFile(container, new File([bytes], '工会名录.xlsx', { type: SHEET_TYPE }))

  expect(importUnions).toHaveBeenCalledTimes(1)
  const sent = jest.mocked(importUnions).mock.calls[0]?.[0]
  expect(Array.from(new Uint8Array(sent ?? new ArrayBuffer(0)))).toEqual(Array.from(bytes))
  expect(screen.getByText('导入完成：新增 2 个工会，5 个已在名录中（未改动）')).toBeTruthy()
  // The directory shown is read again.
  expect(listUnions).toHaveBeenCalledTimes(2)
})

it('lists the bad rows when the sheet was refused (nothing imported)', async () => {
  jest.mocked(importUnions).mockRejectedValue(
    new AppError('UNION_IMPORT_INVALID', '工会名录有 2 行有误，未导入任何工会，请修改后重新导入', [
      { path: 'row 3', message: '第3行：请填写工会名称' },
      { path: 'row 5', message: '第5行：上级工会代码 ABCDE 不存在' },
    ]),
  )
  const { container } = render(<Unions />)
  await screen.findByText('河西区总工会')

  await chooseFile(container, new File([new Uint8Array([1, 2, 3])], 'unions.xlsx', { type: SHEET_TYPE }))

  const refused = container.querySelector('.union-sheet__refused') as HTMLElement
  expect(within(refused).getByText('工会名录有 2 行有误，未导入任何工会，请修改后重新导入')).toBeTruthy()
  expect(within(refused).getByText('第3行：请填写工会名称')).toBeTruthy()
  expect(within(refused).getByText('第5行：上级工会代码 ABCDE 不存在')).toBeTruthy()
  expect(listUnions).toHaveBeenCalledTimes(1)
})

it('does not send a file that is not an .xlsx', async () => {
  const { container } = render(<Unions />)
  await screen.findByText('河西区总工会')

  await chooseFile(container, new File(['a,b'], 'unions.csv', { type: 'text/csv' }))

  expect(importUnions).not.toHaveBeenCalled()
  expect(screen.getByText('请选择 Excel（.xlsx）格式的工会名录')).toBeTruthy()
})

it('exports through the API client under a dated file name (the client saves it on the device)', async () => {
  jest.mocked(exportUnions).mockResolvedValue(undefined)
  render(<Unions />)
  await screen.findByText('河西区总工会')

  await act(async () => {
    fireEvent.click(screen.getByText('导出 Excel'))
  })

  expect(jest.mocked(exportUnions).mock.calls).toEqual([[expect.stringMatching(/^工会名录-\d{8}\.xlsx$/)]])
})

it('shows the BFF’s message when the export is refused', async () => {
  jest.mocked(exportUnions).mockRejectedValue(new AppError('FORBIDDEN', '没有权限进行此操作'))
  render(<Unions />)
  await screen.findByText('河西区总工会')

  await act(async () => {
    fireEvent.click(screen.getByText('导出 Excel'))
  })

  expect(taroMock.showToast).toHaveBeenCalledWith({ title: '没有权限进行此操作', icon: 'none' })
})

it('in WeChat: rename works, import is left to a PC, and the export is offered', async () => {
  process.env.TARO_ENV = 'weapp'
  jest.mocked(exportUnions).mockResolvedValue(undefined)
  const { container } = render(<Unions />)
  await screen.findByText('河西区总工会')

  expect(screen.getAllByText('改名').length).toBeGreaterThan(0)
  expect(screen.queryByText('从 Excel 导入')).toBeNull()
  expect(container.querySelector('input[type="file"]')).toBeNull()
  expect(screen.getByText('从表格导入请在电脑上打开网页版操作。')).toBeTruthy()

  await act(async () => {
    fireEvent.click(screen.getByText('导出 Excel'))
  })
  expect(jest.mocked(exportUnions).mock.calls).toEqual([[expect.stringMatching(/^工会名录-\d{8}\.xlsx$/)]])
})

it('still adds a union under the level shown', async () => {
  jest.mocked(createUnion).mockResolvedValue({ ...hexi, id: '64b7f0c2a1b2c3d4e5f60803', name: '南开区总工会', code: 'NKQ4Z' })
  render(<Unions />)
  await screen.findByText('河西区总工会')

  fireEvent.change(screen.getByPlaceholderText('例如 河西区某某街道总工会'), { target: { value: '南开区总工会' } })
  fireEvent.click(screen.getByText('区总工会', { selector: '.committee__chip' }))
  await act(async () => {
    fireEvent.click(screen.getByText('添加工会'))
  })

  expect(createUnion).toHaveBeenCalledWith({ name: '南开区总工会', kind: 'district', parentId: null })
  expect(taroMock.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加 南开区总工会（NKQ4Z）' }))
})
