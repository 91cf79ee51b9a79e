import { Button, Input, Text, View } from '@tarojs/components'
import { honourChoices, type TCompetitionDetailData } from '@contest/shared'
import OptionPicker from './OptionPicker'
import type { TClaimErrors, TClaimFields, claimsAsked } from './eligibilityClaims'

export type Props = {
  competition: TCompetitionDetailData
  asked: ReturnType<typeof claimsAsked>
  fields: TClaimFields
  errors: TClaimErrors
  onChange: (fields: TClaimFields) => void
}

const BASIS_OPTIONS = (area: string) => [
  { value: 'hukou', label: `${area}户籍` },
  { value: 'insurance', label: `非${area}户籍，在${area}缴纳社保` },
]

function FieldError({ message }: { message: string | undefined }) {
  return message ? <View className="register__error register-field__error">{message}</View> : null
}

/** 资格信息: 户籍 or months of local insurance with the insuring employer, the certificate's number, honours with their year. */
export default function EligibilityCard({ competition, asked, fields, errors, onChange }: Props) {
  const set = (patch: Partial<TClaimFields>) => onChange({ ...fields, ...patch })
  const basisOptions = BASIS_OPTIONS(asked.localArea)
  const honourOptions = honourChoices(competition.eligibility).map((h) => ({ value: h.name, label: h.name }))
  const setHonour = (i: number, patch: Partial<TClaimFields['honours'][number]>) =>
    set({ honours: fields.honours.map((h, j) => (j === i ? { ...h, ...patch } : h)) })
  return (
    <View className="register__card register-eligibility">
      <View className="register__heading">资格信息</View>
      {asked.residence && (
        <View className="register-field register-field--residence">
          <View className="register-field__label">
            户籍或社保（非{asked.localArea}户籍须连续缴纳社保满{asked.minInsuranceMonths}个月）
          </View>
          <OptionPicker
            options={basisOptions}
            value={fields.basis}
            placeholder="请选择"
            onPick={(index) => set({ basis: basisOptions[Number(index)]?.value as TClaimFields['basis'] })}
          />
          <FieldError message={errors['eligibilityClaims.residence']} />
          {fields.basis === 'hukou' && (
            <View className="register-field register-field--hukou">
              <View className="register-field__label">户籍所在地</View>
              <Input className="register__input" value={fields.hukouLocation} placeholder="如 天津市河西区" maxlength={40} onInput={(e) => set({ hukouLocation: e.detail.value })} />
              <FieldError message={errors['eligibilityClaims.residence.hukouLocation']} />
            </View>
          )}
          {fields.basis === 'insurance' && (
            <>
              <View className="register-field register-field--insuranceMonths">
                <View className="register-field__label">连续缴纳社保月数</View>
                <Input className="register__input" type="number" value={fields.insuranceMonths} placeholder="如 18" maxlength={3} onInput={(e) => set({ insuranceMonths: e.detail.value })} />
                <FieldError message={errors['eligibilityClaims.residence.insuranceMonths']} />
              </View>
              <View className="register-field register-field--insuranceEmployer">
                <View className="register-field__label">参保单位</View>
                <Input className="register__input" value={fields.insuranceEmployer} placeholder="参保单位全称" maxlength={60} onInput={(e) => set({ insuranceEmployer: e.detail.value })} />
                <FieldError message={errors['eligibilityClaims.residence.insuranceEmployer']} />
              </View>
            </>
          )}
        </View>
      )}
      {asked.skillCertificate && (
        <View className="register-field register-field--skillCertificateNumber">
          <View className="register-field__label">职业技能等级证书编号（技能等级为“无”可不填）</View>
          <Input className="register__input" value={fields.skillCertificateNumber} maxlength={40} onInput={(e) => set({ skillCertificateNumber: e.detail.value })} />
          <FieldError message={errors['eligibilityClaims.skillCertificateNumber']} />
        </View>
      )}
      {asked.honours && (
        <View className="register-field register-field--honours">
          <View className="register-field__label">所获荣誉（没有可不填）</View>
          {fields.honours.map((honour, i) => (
            <View key={i} className="register-honour">
              <OptionPicker options={honourOptions} value={honour.name} placeholder="请选择荣誉" onPick={(index) => setHonour(i, { name: honourOptions[Number(index)]?.value ?? '' })} />
              <Input className="register__input" type="number" value={honour.year} placeholder="获得年份，如 2022" maxlength={4} onInput={(e) => setHonour(i, { year: e.detail.value })} />
              <Text className="register__link" onClick={() => set({ honours: fields.honours.filter((_, j) => j !== i) })}>
                删除
              </Text>
              <FieldError message={errors[`eligibilityClaims.honours.${i}`] ?? errors[`eligibilityClaims.honours.${i}.name`] ?? errors[`eligibilityClaims.honours.${i}.year`]} />
            </View>
          ))}
          <Button className="register__secondary" onClick={() => set({ honours: [...fields.honours, { name: '', year: '' }] })}>
            添加荣誉
          </Button>
        </View>
      )}
    </View>
  )
}
