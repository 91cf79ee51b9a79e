import { useCallback, useMemo, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import {
  AppError,
  ageReferenceDate,
  chinaToday,
  requiredDeclarations,
  requiredEvidence,
  type TEvidenceKind,
  type TCompetitionDetailData,
  type TMyRegistration,
  type TRegistrationForm,
  type TUnionLookup,
} from '@contest/shared'
import { isSessionLost } from '../../../api/client'
import { getCompetition } from '../../../api/competitions'
import { errorMessage } from '../../../api/errors'
import { getMyRegistration, listMyRegistrations, newIdempotencyKey, resubmitRegistration, submitRegistration } from '../../../api/registrations'
import PageStatus from '../../../components/PageStatus'
import PrivacyGate from '../../../components/PrivacyGate'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES, replacePage } from '../../../navigation/routes'
import { askForSubscriptions } from '../../../notifications/subscribe'
import { unionChainText } from '../entry/view'
import { clearDraft, readDraft } from '../../draft'
import DeclarationsCard from './DeclarationsCard'
import EligibilityCard from './EligibilityCard'
import EvidenceCard from './EvidenceCard'
import { EMPTY_CLAIM_FIELDS, checkClaims, claimsAsked, type TClaimErrors, type TClaimFields } from './eligibilityClaims'
import Field, { fieldId } from './Field'
import OptionPicker from './OptionPicker'
import ReviewStep from './ReviewStep'
import { useFormFields } from './useFormFields'
import {
  SKILL_LEVEL_OPTIONS,
  checkForm,
  firstErrorField,
  formTarget,
  groupOptions,
  identityFromId,
  placeBffError,
  rejectionReason,
  submitFingerprint,
  toReview,
  tradeOptions,
  type TFieldKey,
  type TFormTarget,
} from './view'

import '../../register.scss'

type TFormContext = {
  competition: TCompetitionDetailData
  /** The union the worker confirmed (entry page), or the registration's. */
  union: TUnionLookup | null
  /** Set when resubmitting after a union's rejection. */
  registration: TMyRegistration | null
  /** The subscribe templates a submission goes through, asked for at the submit tap (none when they could not be loaded). */
  submitTemplateIds: string[]
}

/** Templates to ask for at the submit tap; a failure here must not keep the form from opening. */
function loadSubmitTemplateIds(): Promise<string[]> {
  return listMyRegistrations().then(
    (list) => list.submitTemplateIds,
    (): string[] => [],
  )
}

async function loadForm(target: TFormTarget): Promise<TFormContext> {
  const submitTemplateIds = loadSubmitTemplateIds()
  if ('registrationId' in target) {
    const registration = await getMyRegistration(target.registrationId)
    const competition = await getCompetition(registration.competition.id)
    return { competition, union: registration.union, registration, submitTemplateIds: await submitTemplateIds }
  }
  const competition = await getCompetition(target.competitionId)
  return { competition, union: readDraft(target)?.union ?? null, registration: null, submitTemplateIds: await submitTemplateIds }
}

/** Scrolls the page: to the first field with a problem (weapp and H5 both take a selector), or to the top. */
function scrollTo(key: TFieldKey | 'top' | null): void {
  if (key === null || typeof Taro.pageScrollTo !== 'function') return
  try {
    const option = key === 'top' ? { scrollTop: 0, duration: 0 } : { selector: `#${fieldId(key)}`, duration: 200 }
    Taro.pageScrollTo(option).catch(() => undefined)
  } catch {
    // Scrolling is a courtesy.
  }
}

type TSubmitProblem = { message: string; alreadyRegistered: boolean; signedOut: boolean }

type TFormProps = TFormContext & { union: TUnionLookup; target: TFormTarget }

/** Fill in → 核对信息 → 提交报名. What is typed is kept on the phone until the submit succeeds. */
function RegistrationForm({ competition, union, registration, submitTemplateIds, target }: TFormProps) {
  const today = useMemo(() => chinaToday(), [])
  // A resubmit's draft has no union of its own: the registration's stays.
  const draftUnion = registration ? null : union
  const [reviewing, setReviewing] = useState<TRegistrationForm | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [problem, setProblem] = useState<TSubmitProblem | null>(null)
  const { fields, errors, setErrors, setText, leaveText, pick, toggleDeclaration } = useFormFields({
    competition,
    target,
    registration,
    draftUnion,
    onChange: () => setProblem(null),
  })
  const [claimFields, setClaimFields] = useState<TClaimFields>(EMPTY_CLAIM_FIELDS)
  const [claimErrors, setClaimErrors] = useState<TClaimErrors>({})
  const [evidenceHeld, setEvidenceHeld] = useState<ReadonlySet<TEvidenceKind>>(new Set())
  const holdEvidence = useCallback((kinds: ReadonlySet<TEvidenceKind>) => setEvidenceHeld(kinds), [])
  /** The Idempotency-Key of the submit in flight or last failed without an answer, with its body. */
  const attempt = useRef<{ key: string; body: string } | null>(null)

  const required = requiredDeclarations(competition.eligibility, fields.groupCode)
  const trades = tradeOptions(competition)
  const groups = groupOptions(competition, fields.tradeCode)
  const identity = identityFromId(fields.nationalId, today)
  const asked = claimsAsked(competition, fields.groupCode)
  const evidenceKinds = requiredEvidence(competition.eligibility, claimFields)
  const referenceYear = Number(ageReferenceDate(competition.eligibility, competition.registrationClosesAt).slice(0, 4))

  function next() {
    const checked = checkForm(fields, union.code, competition, today)
    const claims = checkClaims(claimFields, competition, fields, registration ? null : evidenceHeld, referenceYear)
    setClaimErrors(claims.ok ? {} : claims.errors)
    if (!checked.ok) {
      setErrors(checked.errors)
      scrollTo(firstErrorField(checked.errors))
      return
    }
    if (!claims.ok) {
      setErrors({})
      return
    }
    setErrors({})
    setProblem(null)
    setReviewing({ ...checked.form, eligibilityClaims: claims.claims })
    scrollTo('top')
  }

  async function submit(form: TRegistrationForm) {
    // Inside the tap, before any await: WeChat shows its dialog only then. The submit goes on meanwhile.
    const asked = askForSubscriptions(submitTemplateIds)
    setSubmitting(true)
    setProblem(null)
    try {
      let saved: TMyRegistration
      if (registration) {
        saved = await resubmitRegistration(registration.id, form, registration.version)
      } else {
        const body = { ...form, competitionId: competition.id }
        const fingerprint = submitFingerprint(body)
        // Same submit again after a failure without an answer: same key, so it cannot count twice.
        if (attempt.current?.body !== fingerprint) attempt.current = { key: newIdempotencyKey(), body: fingerprint }
        saved = await submitRegistration(body, attempt.current.key)
      }
      attempt.current = null
      clearDraft(target)
      // Leave once WeChat's dialog is answered (it always is: accept, reject, or a failure).
      await asked
      // A resubmit came from the detail page, which reloads when shown again.
      if (registration && Taro.getCurrentPages().length > 1) await Taro.navigateBack()
      else await replacePage(PAGES.registerDetail, { id: saved.id })
    } catch (error) {
      // The BFF answered (not a dropped connection or a gateway): the next submit is a new one.
      if (error instanceof AppError && error.status < 500) attempt.current = null
      if (isSessionLost(error)) {
        setProblem({ message: '登录已失效，请重新登录后再提交', alreadyRegistered: false, signedOut: true })
      } else if (error instanceof AppError) {
        const placed = placeBffError(error)
        const claimProblems = (error.fields ?? []).filter((f) => f.path.startsWith('eligibilityClaims') || f.path.startsWith('evidence.'))
        if (claimProblems.length > 0) {
          setClaimErrors(Object.fromEntries(claimProblems.map((f) => [f.path, f.message])))
          setReviewing(null)
        }
        if (Object.keys(placed.fields).length > 0) {
          setErrors(placed.fields)
          setReviewing(null)
          scrollTo(firstErrorField(placed.fields))
        }
        if (placed.message) {
          setProblem({ message: placed.message, alreadyRegistered: error.code === 'ALREADY_REGISTERED', signedOut: false })
        }
      } else {
        setProblem({ message: `${errorMessage(error)}（已填写的内容不会丢失）`, alreadyRegistered: false, signedOut: false })
      }
    } finally {
      setSubmitting(false)
    }
  }

  const problemView = problem && (
    <View className="register__card register-problem">
      <View className="register__error">{problem.message}</View>
      {problem.alreadyRegistered && (
        <Button className="register__secondary" onClick={() => void openPage(PAGES.registerMine)}>
          查看我的报名
        </Button>
      )}
      {problem.signedOut && (
        <Button className="register__secondary" onClick={() => void openPage(PAGES.login)}>
          去登录
        </Button>
      )}
    </View>
  )

  if (reviewing) {
    return (
      <ReviewStep
        review={toReview(reviewing, competition, union, today)}
        problem={problemView}
        submitting={submitting}
        resubmit={registration !== null}
        onSubmit={() => void submit(reviewing)}
        onBack={() => setReviewing(null)}
      />
    )
  }

  const errorCount = Object.keys(errors).length
  const reason = registration ? rejectionReason(registration) : null
  return (
    <View className="register-form">
      <View className="register__card">
        <View className="register__competition">{competition.name}</View>
        <View className="register-line">
          <Text className="register-line__label">所属工会</Text>
          <Text className="register-line__value">{unionChainText(union)}</Text>
        </View>
        {errors.unionCode && <View className="register__error">{errors.unionCode}</View>}
        {!registration && (
          <Text className="register__link" onClick={() => void replacePage(PAGES.registerEntry, { competitionId: competition.id })}>
            更换工会
          </Text>
        )}
      </View>

      {registration && (
        <View className="register__notice">
          {reason && <View>工会审核意见：{reason}</View>}
          <View>请按意见修改后重新提交。身份证号和手机号在报名记录中只保存部分隐藏的形式，请重新完整填写。</View>
        </View>
      )}

      <View className="register__card">
        <View className="register__heading">个人信息</View>
        <Field field="name" label="姓名" error={errors.name}>
          <Input
            className="register__input"
            value={fields.name}
            placeholder="与身份证一致"
            maxlength={30}
            onInput={(event) => setText('name', event.detail.value)}
            onBlur={(event) => leaveText('name', event.detail.value)}
          />
        </Field>
        <Field field="nationalId" label="身份证号" error={errors.nationalId ?? (identity.kind === 'invalid' ? identity.message : undefined)}>
          <Input
            className="register__input"
            type="idcard"
            value={fields.nationalId}
            placeholder={registration ? `请重新输入完整身份证号（${registration.nationalIdMasked}）` : '18位居民身份证号'}
            maxlength={22}
            onInput={(event) => setText('nationalId', event.detail.value)}
          />
          {identity.kind === 'valid' && (
            <View className="register-field__derived">
              出生日期：{identity.birthDate}　性别：{identity.sex}
            </View>
          )}
        </Field>
        <Field field="mobile" label="手机号" error={errors.mobile}>
          <Input
            className="register__input"
            type="number"
            value={fields.mobile}
            placeholder={registration ? `请重新输入完整手机号（${registration.mobileMasked}）` : '11位手机号，用于接收赛事通知'}
            maxlength={20}
            onInput={(event) => setText('mobile', event.detail.value)}
          />
        </Field>
        <Field field="employer" label="工作单位" error={errors.employer}>
          <Input
            className="register__input"
            value={fields.employer}
            placeholder="单位全称"
            maxlength={60}
            onInput={(event) => setText('employer', event.detail.value)}
          />
        </Field>
      </View>

      <View className="register__card">
        <View className="register__heading">参赛信息</View>
        <Field field="tradeCode" label="工种" error={errors.tradeCode}>
          <OptionPicker options={trades} value={fields.tradeCode} placeholder="请选择工种" onPick={(index) => pick('tradeCode', trades, index)} />
        </Field>
        <Field field="groupCode" label="组别" error={errors.groupCode}>
          <OptionPicker
            options={groups}
            value={fields.groupCode}
            placeholder={fields.tradeCode ? '请选择组别' : '请先选择工种'}
            disabled={groups.length === 0}
            onPick={(index) => pick('groupCode', groups, index)}
          />
        </Field>
        <Field field="skillLevel" label="技能等级" error={errors.skillLevel}>
          <OptionPicker
            options={SKILL_LEVEL_OPTIONS}
            value={fields.skillLevel}
            placeholder="请选择职业技能等级"
            onPick={(index) => pick('skillLevel', SKILL_LEVEL_OPTIONS, index)}
          />
        </Field>
        <Field field="yearsInTrade" label="从事本工种年限（年）" error={errors.yearsInTrade}>
          <Input
            className="register__input"
            type="number"
            value={fields.yearsInTrade}
            placeholder="整数，如 5"
            maxlength={2}
            onInput={(event) => setText('yearsInTrade', event.detail.value)}
          />
        </Field>
      </View>

      {required.length > 0 && (
        <DeclarationsCard
          required={required}
          declarations={fields.declarations}
          errors={errors}
          excludedHonours={competition.eligibility.excludedHonours}
          onToggle={toggleDeclaration}
        />
      )}

      {(asked.residence || asked.skillCertificate || asked.honours) && (
        <EligibilityCard competition={competition} asked={asked} fields={claimFields} errors={claimErrors} onChange={setClaimFields} />
      )}

      {evidenceKinds.length > 0 && (
        <EvidenceCard competitionId={competition.id} kinds={evidenceKinds} errors={claimErrors} onHeld={holdEvidence} resubmit={registration !== null} />
      )}

      {problemView}
      {Object.keys(claimErrors).length > 0 && <View className="register__summary">资格信息或证明材料有 {Object.keys(claimErrors).length} 处需要处理</View>}
      {errorCount > 0 && <View className="register__summary">有 {errorCount} 处需要修改，请看标红的提示</View>}
      <Button className="register__primary register__next" onClick={next}>
        下一步：核对信息
      </Button>
    </View>
  )
}

function FormLoader({ target }: { target: TFormTarget }) {
  const { state, reload } = usePageData(() => loadForm(target), ['registrationId' in target ? target.registrationId : target.competitionId])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const { competition, union, registration, submitTemplateIds } = state.data

  if (!union) {
    return (
      <View className="register__card">
        <View className="register__error">请先输入并确认您的工会代码。</View>
        <Button className="register__primary" onClick={() => void replacePage(PAGES.registerEntry, { competitionId: competition.id })}>
          输入工会代码
        </Button>
      </View>
    )
  }
  if (registration && !registration.allowedActions.includes('resubmit')) {
    return (
      <View className="register__card">
        <View className="register__error">这份报名当前不能修改。</View>
        <Button className="register__secondary" onClick={() => void replacePage(PAGES.registerDetail, { id: registration.id })}>
          查看报名
        </Button>
      </View>
    )
  }
  if (!registration && competition.status !== 'open') {
    return (
      <View className="register__card">
        <View className="register__error">{competition.status === 'upcoming' ? '本赛事尚未开始报名' : '本赛事目前不接受报名'}</View>
      </View>
    )
  }
  return (
    <RegistrationForm competition={competition} union={union} registration={registration} submitTemplateIds={submitTemplateIds} target={target} />
  )
}

/**
 * Registration, steps 2 and 3: the form (after the privacy notice), then 核对信息 and 提交报名.
 * `?competitionId=` after the entry page; `?registrationId=` to resubmit after a union's rejection.
 */
export default function RegisterFormPage() {
  const { params } = useRouter()
  const target = useMemo(() => formTarget(params), [params])
  return (
    <View className="register">
      <PrivacyGate
        onDisagree={() => {
          if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
        }}
      >
        {target ? (
          <FormLoader target={target} />
        ) : (
          <View className="register__card">
            <View className="register__error">没有找到要报名的赛事，请从赛事页面进入。</View>
          </View>
        )}
      </PrivacyGate>
    </View>
  )
}
