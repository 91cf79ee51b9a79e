import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { createUnion, exportUnions, importUnions, listUnions, renameUnion } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import ImportOutcome from './ImportOutcome'
import { readChosenFile } from './sheetFile'
import {
  EMPTY_UNION_FORM,
  exportFileName,
  importDone,
  importRefused,
  KIND_OPTIONS,
  sheetFileProblem,
  toDirectoryRows,
  toRenameInput,
  toUnionCreateInput,
  type TImportOutcome,
  type TTrailItem,
  type TUnionForm,
  type TUnionFormErrors,
} from './view'

import '../../committee.scss'
import './index.scss'

type TRenaming = { id: string; name: string; error: string | null; saving: boolean }

/**
 * 工会名录: browse the directory level by level, search it, add a union where you are, rename
 * one; and, on a PC, import the directory from an Excel sheet; export it.
 */
export default function Unions() {
  const [trail, setTrail] = useState<TTrailItem[]>([])
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const parent = trail[trail.length - 1] ?? null

  const { state, reload, update } = usePageData(async () => {
    // Browsing shows one level; a search looks anywhere below the level shown.
    const page = await listUnions({ q: q || undefined, parentId: parent?.id })
    return { rows: toDirectoryRows(page.items), next: page.next }
  }, [q, parent?.id])

  const [form, setForm] = useState<TUnionForm>(EMPTY_UNION_FORM)
  const [errors, setErrors] = useState<TUnionFormErrors>({})
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [renaming, setRenaming] = useState<TRenaming | null>(null)
  const [importing, setImporting] = useState(false)
  const [outcome, setOutcome] = useState<TImportOutcome | null>(null)
  const [exporting, setExporting] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)

  const open = (next: TTrailItem[]) => {
    setTrail(next)
    setQ('')
    setTyped('')
  }

  const edit = (patch: Partial<TUnionForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setErrors({})
  }

  async function more(after: string) {
    setLoadingMore(true)
    try {
      const page = await listUnions({ q: q || undefined, parentId: parent?.id, after })
      update((data) => ({ rows: [...data.rows, ...toDirectoryRows(page.items)], next: page.next }))
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' })
    } finally {
      setLoadingMore(false)
    }
  }

  async function rename() {
    if (!renaming) return
    const checked = toRenameInput(renaming.name)
    if (!checked.ok) {
      setRenaming({ ...renaming, error: checked.error })
      return
    }
    setRenaming({ ...renaming, saving: true, error: null })
    try {
      const union = await renameUnion(renaming.id, checked.name)
      setRenaming(null)
      update((data) => ({ ...data, rows: data.rows.map((row) => (row.id === union.id ? { ...row, name: union.name } : row)) }))
      void Taro.showToast({ title: '已改名', icon: 'none' })
    } catch (error) {
      setRenaming((current) => current && { ...current, saving: false, error: errorMessage(error) })
    }
  }

  /** The chosen sheet, sent as it is; all rows are imported or none. */
  async function importSheet(file: File | undefined) {
    if (fileInput.current) fileInput.current.value = ''
    if (!file) return
    const problem = sheetFileProblem(file)
    if (problem) {
      setOutcome({ kind: 'refused', message: problem, rows: [] })
      return
    }
    setImporting(true)
    setOutcome(null)
    try {
      setOutcome(importDone(await importUnions(await readChosenFile(file))))
      await reload({ quiet: true })
    } catch (error) {
      setOutcome(importRefused(error))
    } finally {
      setImporting(false)
    }
  }

  async function exportSheet() {
    setExporting(true)
    try {
      await exportUnions(exportFileName())
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' })
    } finally {
      setExporting(false)
    }
  }

  async function save() {
    const checked = toUnionCreateInput(form, parent)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setSaving(true)
    setSaveError(null)
    try {
      const union = await createUnion(checked.input)
      setForm(EMPTY_UNION_FORM)
      void Taro.showToast({ title: `已添加 ${union.name}（${union.code}）`, icon: 'none' })
      await reload({ quiet: true })
    } catch (error) {
      setSaveError(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="committee unions">
      <View className="committee__columns">
        <View className="committee__column">
          <View className="committee__card">
            <View className="union-search">
              <Input
                className="committee__input union-search__input"
                value={typed}
                placeholder="搜索工会名称或代码"
                onInput={(event) => setTyped(event.detail.value)}
                onConfirm={() => setQ(typed.trim())}
              />
              <Button className="committee__small" size="mini" onClick={() => setQ(typed.trim())}>
                搜索
              </Button>
            </View>
            <View className="union-trail">
              <Text className="union-trail__item" onClick={() => open([])}>
                全部
              </Text>
              {trail.map((item, i) => (
                <Text key={item.id} className="union-trail__item" onClick={() => open(trail.slice(0, i + 1))}>
                  {` › ${item.name}`}
                </Text>
              ))}
              {q && <Text className="union-trail__query">{` · 搜索“${q}”`}</Text>}
            </View>

            {state.kind !== 'ready' && <PageStatus state={state} onRetry={() => void reload()} />}
            {state.kind === 'ready' && state.data.rows.length === 0 && (
              <View className="committee__empty">{q ? '没有找到匹配的工会' : '这一级还没有工会'}</View>
            )}
            {state.kind === 'ready' &&
              state.data.rows.map((row) =>
                renaming?.id === row.id ? (
                  <View key={row.id} className="committee__row union-row union-row--renaming">
                    <View className="committee__row-main">
                      <Input
                        className="committee__input union-rename__input"
                        value={renaming.name}
                        maxlength={80}
                        placeholder="新的工会名称"
                        onInput={(event) => setRenaming({ ...renaming, name: event.detail.value, error: null })}
                        onConfirm={() => void rename()}
                      />
                      <View className="committee__row-sub">
                        工会代码 <Text className="union-row__code">{row.code}</Text>（不变）
                      </View>
                      {renaming.error && <View className="committee__error union-rename__error">{renaming.error}</View>}
                    </View>
                    <View className="union-row__actions">
                      <Button className="committee__small union-rename__save" size="mini" loading={renaming.saving} onClick={() => void rename()}>
                        保存
                      </Button>
                      <Text className="union-row__action" onClick={() => setRenaming(null)}>
                        取消
                      </Text>
                    </View>
                  </View>
                ) : (
                  <View key={row.id} className="committee__row union-row">
                    <View className="committee__row-main" onClick={() => (row.childCount > 0 ? open(row.trail) : undefined)}>
                      <View className="committee__row-title">
                        <Text className="union-row__name">{row.name}</Text>
                        <Text className="union-row__code">{row.code}</Text>
                      </View>
                      <View className="committee__row-sub">{row.detail}</View>
                    </View>
                    <Text
                      className="union-row__action union-row__rename"
                      onClick={() => setRenaming({ id: row.id, name: row.name, error: null, saving: false })}
                    >
                      改名
                    </Text>
                    {row.childCount > 0 && (
                      <Text className="committee__hint union-row__open" onClick={() => open(row.trail)}>
                        ›
                      </Text>
                    )}
                  </View>
                ),
              )}
            {state.kind === 'ready' && state.data.next && (
              <Button className="committee__small" loading={loadingMore} onClick={() => void more(state.data.next ?? '')}>
                加载更多
              </Button>
            )}
          </View>
        </View>

        <View className="committee__column">
          <View className="committee__card union-sheet">
            <View className="committee__heading">导入与导出</View>
            <View className="committee__hint">
              Excel 表格的列依次为：工会代码、工会名称、类型、上级工会代码。导出的表格可以修改后再导入；已在名录中的工会不会被改动。
            </View>
            {/* H5 only: the browser's file input. */}
            {process.env.TARO_ENV === 'h5' ? (
              <>
                <input
                  ref={fileInput}
                  className="union-sheet__file"
                  type="file"
                  accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  onChange={(event) => void importSheet(event.target.files?.[0])}
                />
                <Button
                  className="committee__primary union-sheet__import"
                  loading={importing}
                  disabled={importing}
                  onClick={() => fileInput.current?.click()}
                >
                  从 Excel 导入
                </Button>
              </>
            ) : (
              <View className="committee__hint union-sheet__pc-only">从表格导入请在电脑上打开网页版操作。</View>
            )}
            <Button className="committee__small union-sheet__export" loading={exporting} disabled={exporting} onClick={() => void exportSheet()}>
              导出 Excel
            </Button>
            <ImportOutcome outcome={outcome} block="union-sheet" />
          </View>

          <View className="committee__card union-form">
            <View className="committee__heading">新建工会</View>
            <View className="committee__hint">上级工会：{parent ? parent.name : '无（顶级工会）'}</View>

            <View className="committee__label">工会名称</View>
            <Input
              className="committee__input"
              value={form.name}
              maxlength={80}
              placeholder="例如 河西区某某街道总工会"
              onInput={(event) => edit({ name: event.detail.value })}
            />
            {errors.name && <View className="committee__error">{errors.name}</View>}

            <View className="committee__label">类型</View>
            <View className="committee__chips">
              {KIND_OPTIONS.map((option) => (
                <Text
                  key={option.kind}
                  className={`committee__chip${form.kind === option.kind ? ' committee__chip--on' : ''}`}
                  onClick={() => edit({ kind: option.kind })}
                >
                  {option.label}
                </Text>
              ))}
            </View>
            {errors.kind && <View className="committee__error">{errors.kind}</View>}

            <View className="committee__label">工会代码（选填，不填则由系统生成）</View>
            <Input
              className="committee__input"
              value={form.code}
              maxlength={16}
              placeholder="已有代码的工会填写原代码"
              onInput={(event) => edit({ code: event.detail.value })}
            />
            {errors.code && <View className="committee__error">{errors.code}</View>}

            {saveError && <View className="committee__error">{saveError}</View>}
            <Button className="committee__primary" loading={saving} disabled={saving} onClick={() => void save()}>
              添加工会
            </Button>
          </View>
        </View>
      </View>
    </View>
  )
}
