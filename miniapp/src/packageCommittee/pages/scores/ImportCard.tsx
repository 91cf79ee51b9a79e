import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import { importScores } from '../../../api/scores'
import ImportOutcome from '../unions/ImportOutcome'
import { readChosenFile } from '../unions/sheetFile'
import { importRefused, type TImportOutcome } from '../unions/view'
import { importSummary, scoreSheetProblem, SHEET_COLUMNS_HINT } from './view'

export type Props = { competitionId: string; trade: { code: string; name: string }; onImported: () => void }

/** A sheet chosen on the phone (a file sent in a WeChat chat) or in the browser: its name, size and a way to read its bytes. */
type TChosenSheet = { name: string; size: number; read: () => Promise<ArrayBuffer> }

/** The sheet picked from a WeChat chat (WeChat has no file browser); null when the person cancelled. */
async function chooseFromChat(): Promise<TChosenSheet | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
  } catch {
    return null
  }
  const file = chosen.tempFiles[0]
  if (!file) return null
  return {
    name: file.name,
    size: file.size,
    read: async () => Taro.getFileSystemManager().readFileSync(file.path) as ArrayBuffer,
  }
}

/**
 * 导入成绩表 of the trade chosen: the .xlsx sent as it is, all rows applied or none; the answer
 * (new, changed, unchanged) or every bad row the BFF named, by row number.
 */
export default function ImportCard({ competitionId, trade, onImported }: Props) {
  const [importing, setImporting] = useState(false)
  const [outcome, setOutcome] = useState<TImportOutcome | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  async function importSheet(sheet: TChosenSheet | null) {
    if (fileInput.current) fileInput.current.value = ''
    if (!sheet) return
    const problem = scoreSheetProblem(sheet)
    if (problem) {
      setOutcome({ kind: 'refused', message: problem, rows: [] })
      return
    }
    setImporting(true)
    setOutcome(null)
    try {
      setOutcome({ kind: 'done', summary: importSummary(await importScores(competitionId, trade.code, await sheet.read())) })
      onImported()
    } catch (error) {
      setOutcome(importRefused(error))
    } finally {
      setImporting(false)
    }
  }

  const fromBrowser = (file: File | undefined) => (file ? { name: file.name, size: file.size, read: () => readChosenFile(file) } : null)

  return (
    <View className="committee__card score-import">
      <View className="committee__heading">导入{trade.name}成绩表</View>
      <View className="committee__hint">{SHEET_COLUMNS_HINT}</View>
      {process.env.TARO_ENV === 'h5' && (
        <input
          ref={fileInput}
          className="score-import__file"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => void importSheet(fromBrowser(event.target.files?.[0]))}
        />
      )}
      <Button
        className="committee__primary score-import__choose"
        loading={importing}
        disabled={importing || undefined}
        onClick={() => (process.env.TARO_ENV === 'h5' ? fileInput.current?.click() : void chooseFromChat().then(importSheet))}
      >
        {process.env.TARO_ENV === 'h5' ? '选择 Excel 成绩表' : '从微信聊天中选择成绩表'}
      </Button>
      <ImportOutcome outcome={outcome} block="score-import" />
    </View>
  )
}
