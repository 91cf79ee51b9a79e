import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { COMPETITION_STATUS_LABELS, normalizeUnionCode, type TCompetitionDetailData, type TUnionLookup } from '@contest/shared'
import { getCompetition, getCompetitionByKey } from '../../../api/competitions'
import { errorMessage } from '../../../api/errors'
import { lookUpUnion } from '../../../api/registrations'
import EntryRules from '../../../components/EntryRules'
import PageStatus from '../../../components/PageStatus'
import PrivacyPopup from '../../../components/PrivacyPopup'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { readDraft, saveDraftUnion } from '../../draft'
import { checkTypedUnionCode, entryFromParams, isScanCancelled, parseScanResult, unionChainText, type TScanned } from './view'

import '../../register.scss'

/** Which competition the page is for: by id (from its page) or by a poster's key. */
type TSource = { competitionId: string | null; competitionKey: string | null; unionCode: string | null }

/** The competition, with the source it was loaded for (the code to look up belongs to that source). */
async function loadCompetition(source: TSource): Promise<{ competition: TCompetitionDetailData | null; source: TSource }> {
  if (source.competitionId) return { competition: await getCompetition(source.competitionId), source }
  if (source.competitionKey) return { competition: await getCompetitionByKey(source.competitionKey), source }
  return { competition: null, source }
}

type TCodeStepProps = {
  competition: TCompetitionDetailData
  /** The poster key the competition was opened with, if any. */
  competitionKey: string | null
  /** From the QR code or link the page was opened with: looked up straight away. */
  givenCode: string | null
  /** A scan named a competition by its key: open that one (usually the same, found again by key). */
  onOtherCompetition: (scanned: TScanned) => void
}

/** 工会代码: typed or scanned, looked up, and the union shown for the worker to confirm. */
function UnionCodeStep({ competition, competitionKey, givenCode, onOtherCompetition }: TCodeStepProps) {
  const [typed, setTyped] = useState(() => givenCode ?? readDraft({ competitionId: competition.id })?.union?.code ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const [looking, setLooking] = useState(false)
  const [found, setFound] = useState<TUnionLookup | null>(null)
  const mounted = useRef(true)
  const inWeapp = process.env.TARO_ENV === 'weapp'

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  async function lookUp(raw: string) {
    const checked = checkTypedUnionCode(raw)
    if (!checked.ok) {
      setProblem(checked.message)
      return
    }
    setTyped(checked.code)
    setProblem(null)
    setLooking(true)
    try {
      const union = await lookUpUnion(checked.code, competition.id)
      if (mounted.current) setFound(union)
    } catch (error) {
      if (mounted.current) setProblem(errorMessage(error))
    } finally {
      if (mounted.current) setLooking(false)
    }
  }

  useEffect(() => {
    // Once, for the code the page was opened with (the step is mounted again for another one).
    if (givenCode) void lookUp(givenCode)
  }, [])

  async function scan() {
    setProblem(null)
    let text: string
    try {
      const result = await Taro.scanCode({})
      // A code of this mini-program answers its path (with the scene); anything else, its text.
      text = result.path || result.result
    } catch (error) {
      if (!isScanCancelled(error)) setProblem('扫码失败，请重试或直接输入工会代码')
      return
    }
    const scanned = parseScanResult(text)
    if (!scanned) {
      setProblem('没有识别出工会代码。请扫描工会发放的报名二维码，或直接输入工会代码')
      return
    }
    if (scanned.competitionKey && scanned.competitionKey !== competitionKey) {
      onOtherCompetition(scanned)
      return
    }
    void lookUp(scanned.unionCode)
  }

  function confirm(union: TUnionLookup) {
    saveDraftUnion(competition.id, union)
    void openPage(PAGES.registerForm, { competitionId: competition.id })
  }

  if (found) {
    return (
      <View className="register__card register-union">
        <View className="register__hint">请确认这是您所在的工会</View>
        <View className="register__union-name">{found.name}</View>
        <View className="register__union-chain">{unionChainText(found)}</View>
        <View className="register__union-code">工会代码：{found.code}</View>
        <Button className="register__primary" onClick={() => confirm(found)}>
          确认，下一步
        </Button>
        <Button
          className="register__secondary"
          onClick={() => {
            setFound(null)
            setProblem(null)
          }}
        >
          不是这个工会，重新输入
        </Button>
      </View>
    )
  }

  return (
    <View className="register__card">
      <View className="register__title">输入工会代码</View>
      <View className="register__hint">工会代码由您所在的区、局、集团公司工会提供，也可以扫描工会发放的报名二维码。</View>
      <Input
        className={`register__input register__input--code${problem ? ' register__input--error' : ''}`}
        value={typed}
        placeholder="工会代码"
        maxlength={16}
        onInput={(event) => {
          setTyped(normalizeUnionCode(event.detail.value))
          setProblem(null)
        }}
        onConfirm={() => void lookUp(typed)}
      />
      {problem && <View className="register__error">{problem}</View>}
      <Button className="register__primary" loading={looking || undefined} disabled={looking || undefined} onClick={() => void lookUp(typed)}>
        查询工会
      </Button>
      {inWeapp ? (
        <Button className="register__scan" onClick={() => void scan()}>
          扫一扫工会二维码
        </Button>
      ) : (
        <View className="register__hint register__scan-hint">浏览器中不能扫码：请直接输入二维码下方印的工会代码，或在微信中打开小程序扫码。</View>
      )}
    </View>
  )
}

/**
 * Registration, step 1: the union code (typed or scanned), looked up and confirmed. Opens from
 * the competition page (`?competitionId=`), a poster's code (scene `u=<CODE>&k=<key>`), or an H5
 * link with `?u=&k=`.
 */
export default function RegisterEntry() {
  const { params } = useRouter()
  const [source, setSource] = useState<TSource>(() => entryFromParams(params))
  const { state, reload } = usePageData(() => loadCompetition(source), [source.competitionId, source.competitionKey])

  if (state.kind !== 'ready') {
    return (
      <View className="register">
        <PageStatus state={state} onRetry={() => void reload()} />
      </View>
    )
  }
  const { competition, source: loadedFor } = state.data
  if (!competition) {
    return (
      <View className="register">
        <View className="register__card">
          <View className="register__error">没有找到要报名的赛事。请从赛事页面点“我要报名”，或扫描工会发放的报名二维码。</View>
          <Button className="register__secondary" onClick={() => void openPage(PAGES.home)}>
            查看赛事
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="register">
      <PrivacyPopup />
      <View className="register__card">
        <View className="register__competition">{competition.name}</View>
        <Text className="register__hint">{COMPETITION_STATUS_LABELS[competition.status]}</Text>
      </View>
      {competition.status === 'open' ? (
        <UnionCodeStep
          key={`${competition.id}|${loadedFor.competitionKey ?? ''}|${loadedFor.unionCode ?? ''}`}
          competition={competition}
          competitionKey={loadedFor.competitionKey}
          givenCode={loadedFor.unionCode}
          onOtherCompetition={(scanned) =>
            setSource({ competitionId: null, competitionKey: scanned.competitionKey, unionCode: scanned.unionCode })
          }
        />
      ) : (
        <View className="register__card">
          <View className="register__error">
            {competition.status === 'upcoming' ? '本赛事尚未开始报名' : '本赛事目前不接受报名'}
          </View>
        </View>
      )}
      {/* A poster's code opens this page straight away: who may enter, as the competition page shows it. */}
      {!loadedFor.competitionId && <EntryRules competition={competition} className="register__card" />}
    </View>
  )
}
