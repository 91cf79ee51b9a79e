import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import {
  AppError,
  BATCH_DECISION_LIMIT,
  DECISION_LABELS,
  DESK_DEFAULT_STATUS,
  type TAuditDecision,
  type TQueueStatus,
  type TRejectionKind,
} from '@contest/shared'
import { decideBatch, exportRegistrationSheet, getAuditSummary, listAuditQueue, type TQueueFilters } from '../../../api/audit'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import NationalIdInUse from '../../components/NationalIdInUse'
import ReasonSheet from '../../components/ReasonSheet'
import { DESK_TITLES, deskOf } from '../../desk'
import {
  SELECTION_LIMIT_MESSAGE,
  batchLines,
  batchSummary,
  exportFileName,
  queueStatusOf,
  queueTabs,
  rowView,
  searchQuery,
  selectAll,
  toggleRow,
  tradeOptions,
  unionOptions,
  type TBatchLine,
  type TSelection,
} from './view'

import '../../audit.scss'

/**
 * A desk's queue: tabs by status, trade × group and union filters, search by name or full ID
 * number, 加载更多 (keyset pages), and batch mode (up to 100 rows approved or rejected with one
 * reason, each row's result shown). A row opens the registration.
 */
export default function AuditQueue() {
  const { params } = useRouter()
  const desk = deskOf(params.desk)
  const competitionId = params.competitionId ?? ''
  const labels = DECISION_LABELS[desk]

  const [status, setStatus] = useState<TQueueStatus>(queueStatusOf(params.status) ?? DESK_DEFAULT_STATUS[desk])
  const [tradeIndex, setTradeIndex] = useState(0)
  const [unionIndex, setUnionIndex] = useState(0)
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState<string | undefined>(undefined)
  const [batch, setBatch] = useState(false)
  const [selection, setSelection] = useState<TSelection>({})
  const [rejecting, setRejecting] = useState(false)
  const [busy, setBusy] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [results, setResults] = useState<{ summary: string; lines: TBatchLine[] } | null>(null)

  useEffect(() => {
    if (desk === 'committee') void Taro.setNavigationBarTitle({ title: DESK_TITLES.committee })
  }, [desk])

  const noCompetition = () => Promise.reject(new AppError('COMPETITION_NOT_FOUND'))
  const summary = usePageData(() => (competitionId ? getAuditSummary(desk, competitionId) : noCompetition()), [desk, competitionId])
  const summaryData = summary.state.kind === 'ready' ? summary.state.data : null
  const trades = tradeOptions(summaryData)
  const unions = unionOptions(summaryData)
  const trade = trades[tradeIndex] ?? trades[0]!
  const union = unions[unionIndex] ?? unions[0]!
  const filters: TQueueFilters = { status, tradeCode: trade.tradeCode, groupCode: trade.groupCode, unionId: union.unionId, q }

  const queue = usePageData(
    () => (competitionId ? listAuditQueue(desk, competitionId, filters) : noCompetition()),
    [desk, competitionId, status, trade.tradeCode, trade.groupCode, union.unionId, q],
  )

  /** A new view of the queue: what was chosen for a batch no longer applies. */
  function refilter(change: () => void) {
    change()
    setSelection({})
    setResults(null)
    setNotice(null)
  }

  async function loadMore(cursor: string) {
    setLoadingMore(true)
    try {
      const next = await listAuditQueue(desk, competitionId, filters, cursor)
      queue.update((page) => ({ ...page, items: [...page.items, ...next.items], nextCursor: next.nextCursor }))
    } catch (error) {
      setNotice(errorMessage(error))
    } finally {
      setLoadingMore(false)
    }
  }

  async function decideSelected(decision: TAuditDecision, reason: string | null, rejectionKind: TRejectionKind = 'other') {
    const items = Object.entries(selection).map(([id, version]) => ({ id, version }))
    const names = Object.fromEntries((queue.state.kind === 'ready' ? queue.state.data.items : []).map((item) => [item.id, item.name]))
    setBusy(true)
    setNotice(null)
    try {
      const result = await decideBatch(desk, { decision, reason, rejectionKind, items })
      setResults({ summary: batchSummary(result), lines: batchLines(result, names) })
      setSelection({})
      setRejecting(false)
      void queue.reload({ quiet: true })
      void summary.reload({ quiet: true })
    } catch (error) {
      setNotice(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  async function approveSelected() {
    const count = Object.keys(selection).length
    const { confirm } = await Taro.showModal({
      title: labels.approve,
      content: `确定${labels.approve}已选的${count}条报名吗？`,
      confirmText: labels.approve,
    })
    if (confirm) await decideSelected('approve', null)
  }

  async function exportSheet(full: boolean) {
    if (!summaryData) return
    if (full) {
      const { confirm } = await Taro.showModal({
        title: '导出完整证件号',
        content: '表格将包含完整身份证号，本次导出将记录在审核日志中。请妥善保管，不得外传。',
        confirmText: '导出',
      })
      if (!confirm) return
    }
    setExporting(true)
    setNotice(null)
    try {
      const { q: _search, ...sheetFilters } = filters
      await exportRegistrationSheet(desk, competitionId, sheetFilters, exportFileName(summaryData.competition.name), full)
    } catch (error) {
      setNotice(errorMessage(error))
    } finally {
      setExporting(false)
    }
  }

  if (summary.state.kind !== 'ready') return <PageStatus state={summary.state} onRetry={() => void summary.reload()} />
  const selectedCount = Object.keys(selection).length
  const page = queue.state.kind === 'ready' ? queue.state.data : null

  return (
    <View className="audit audit-queue">
      <View className="audit__card audit-queue__head">
        <View className="audit__title">{summary.state.data.competition.name}</View>
        <View className="audit__hint">{summary.state.data.scopeNames.join('、')}</View>

        <View className="audit-search">
          <Input
            className="audit-search__input"
            value={typed}
            maxlength={30}
            placeholder="姓名或完整身份证号"
            onInput={(event) => setTyped(event.detail.value)}
            onConfirm={() => refilter(() => setQ(searchQuery(typed)))}
          />
          <Button className="audit__small audit-search__go" onClick={() => refilter(() => setQ(searchQuery(typed)))}>
            搜索
          </Button>
        </View>

        {q === undefined ? (
          <>
            <View className="audit-tabs">
              {queueTabs(summary.state.data).map((tab) => (
                <View
                  key={tab.status}
                  className={`audit-tab${tab.status === status ? ' audit-tab--on' : ''}`}
                  onClick={() => refilter(() => setStatus(tab.status))}
                >
                  {tab.label}
                </View>
              ))}
            </View>
            <View className="audit-filters">
              <Picker mode="selector" range={trades.map((t) => t.label)} value={tradeIndex} onChange={(e) => refilter(() => setTradeIndex(Number(e.detail.value)))}>
                <View className="audit-filter audit-filter--trade">{trade.label} ▾</View>
              </Picker>
              {unions.length > 1 && (
                <Picker mode="selector" range={unions.map((u) => u.label)} value={unionIndex} onChange={(e) => refilter(() => setUnionIndex(Number(e.detail.value)))}>
                  <View className="audit-filter audit-filter--union">{union.label} ▾</View>
                </Picker>
              )}
            </View>
          </>
        ) : (
          <View className="audit-search__note">
            <Text>“{q}”的搜索结果（全部状态，最多50条）</Text>
            <Text
              className="audit__link audit-search__clear"
              onClick={() =>
                refilter(() => {
                  setTyped('')
                  setQ(undefined)
                })
              }
            >
              清除搜索
            </Text>
          </View>
        )}
        {q !== undefined && page?.nationalIdInUse && <NationalIdInUse desk={desk} inUse={page.nationalIdInUse} />}

        <View className="audit-queue__tools">
          <Button
            className="audit__small audit-queue__batch"
            onClick={() => {
              setBatch(!batch)
              setSelection({})
              setResults(null)
            }}
          >
            {batch ? '退出批量' : '批量处理'}
          </Button>
          <Button className="audit__small audit-queue__export" loading={exporting || undefined} disabled={exporting || undefined} onClick={() => void exportSheet(false)}>
            导出Excel
          </Button>
          {desk === 'committee' && (
            <Button
              className="audit__small audit-queue__export"
              loading={exporting || undefined}
              disabled={exporting || undefined}
              onClick={() => void exportSheet(true)}
            >
              导出完整证件号
            </Button>
          )}
        </View>
        {notice && <View className="audit__error audit-queue__notice">{notice}</View>}
      </View>

      {results && (
        <View className="audit__card audit-results">
          <View className="audit__heading">{results.summary}</View>
          {results.lines.map((line) => (
            <View key={line.id} className={`audit-result${line.done ? '' : ' audit-result--failed'}`}>
              <Text className="audit-result__name">{line.name}</Text>
              <Text className="audit-result__outcome">{line.outcome}</Text>
              {line.message && <Text className="audit-result__message">{line.message}</Text>}
            </View>
          ))}
          <Text className="audit__link" onClick={() => setResults(null)}>
            关闭
          </Text>
        </View>
      )}

      {queue.state.kind !== 'ready' && <PageStatus state={queue.state} onRetry={() => void queue.reload()} />}
      {page && (
        <View className={`audit__card audit-list${batch ? ' audit-list--batch' : ''}`}>
          {batch && (
            <View className="audit-list__batch-bar">
              <Text>
                已选 {selectedCount} 条（最多{BATCH_DECISION_LIMIT}条）
              </Text>
              <Text className="audit__link audit-list__all" onClick={() => setSelection(selectAll(page.items))}>
                全选本页
              </Text>
            </View>
          )}
          <View className="audit-table__head">
            {batch && <Text className="tick-box audit-row__check" />}
            <Text className="audit-row__name">姓名</Text>
            <Text className="audit-row__id">身份证号</Text>
            <Text className="audit-row__union">工会 / 工作单位</Text>
            <Text className="audit-row__entry">工种 · 组别 · 等级</Text>
            <Text className="audit-row__time">提交时间</Text>
            <Text className="audit-row__status">状态</Text>
          </View>
          {page.items.length === 0 && <View className="audit__empty">{q === undefined ? '暂无报名' : '没有找到相符的报名'}</View>}
          {page.items.map((item) => {
            const row = rowView(item)
            const chosen = item.id in selection
            return (
              <View
                key={row.id}
                className={`audit-row${chosen ? ' audit-row--chosen' : ''}`}
                onClick={() => {
                  if (!batch) return void openPage(PAGES.auditDetail, { desk, id: row.id })
                  const next = toggleRow(selection, item)
                  if (next === null) setNotice(SELECTION_LIMIT_MESSAGE)
                  else setSelection(next)
                }}
              >
                {batch && <Text className={`tick-box audit-row__check${chosen ? ' tick-box--on' : ''}${row.decidable ? '' : ' tick-box--off'}`}>{chosen ? '✓' : ''}</Text>}
                <View className="audit-row__name">
                  <Text className="audit-row__person-name">{row.name}</Text>
                  <Text className="audit-row__person">{row.person}</Text>
                </View>
                <Text className="audit-row__id">{row.nationalId}</Text>
                <View className="audit-row__union">
                  <Text>{row.union}</Text>
                  <Text className="audit-row__employer">{row.employer}</Text>
                  {row.level && <Text className="audit-row__level">{row.level}</Text>}
                </View>
                <Text className="audit-row__entry">{row.entry}</Text>
                <Text className="audit-row__time">{row.submitted}</Text>
                <Text className={`audit-row__status ${row.status.className}`}>{row.status.label}</Text>
              </View>
            )
          })}
          {page.nextCursor && (
            <Button className="audit__secondary audit-list__more" loading={loadingMore || undefined} disabled={loadingMore || undefined} onClick={() => void loadMore(page.nextCursor!)}>
              加载更多
            </Button>
          )}
          {!page.nextCursor && page.items.length > 0 && q === undefined && <View className="audit__empty">已全部加载</View>}
        </View>
      )}

      {batch && selectedCount > 0 && (
        <View className="audit-batch">
          <Text className="audit-batch__count">已选 {selectedCount} 条</Text>
          <Button className="audit__danger audit-batch__reject" disabled={busy || undefined} onClick={() => setRejecting(true)}>
            {labels.reject}
          </Button>
          <Button className="audit__primary audit-batch__approve" loading={busy || undefined} disabled={busy || undefined} onClick={() => void approveSelected()}>
            {labels.approve}
          </Button>
        </View>
      )}

      {rejecting && (
        <ReasonSheet
          title={`${labels.reject} · 已选${selectedCount}条`}
          busy={busy}
          error={notice}
          onCancel={() => setRejecting(false)}
          onConfirm={(reason, kind) => void decideSelected('reject', reason, kind)}
        />
      )}
    </View>
  )
}
