import { Input, Text, View } from '@tarojs/components'
import { EVIDENCE_KINDS, type TEligibilityRequirements, type TEvidenceKind, type THonourOption } from '@contest/shared'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import HonourInput from '../parts/HonourInput'
import Toggle from '../parts/Toggle'
import type { TCardProps } from './cardProps'

const EXCLUSIONS: { value: THonourOption['exclusion']; label: string }[] = [
  { value: 'none', label: '仅填报' },
  { value: 'always', label: '不得参赛' },
  { value: 'recent', label: '近几年内不得参赛' },
]

const WHERE = 'eligibility.requirements'

/** 资格信息与证明材料: what a worker states (户籍 or insurance, certificate number, honours from a list) and which photos prove it. */
export default function RequirementsCard({ form, errorAt, set }: TCardProps) {
  const requirements = form.requirements
  const update = (patch: Partial<TEligibilityRequirements>, field = '') =>
    set({ requirements: { ...requirements, ...patch } }, field ? `${WHERE}.${field}` : WHERE)
  const setOption = (i: number, patch: Partial<THonourOption>) =>
    update({ honourOptions: requirements.honourOptions.map((o, j) => (j === i ? { ...o, ...patch } : o)) }, 'honourOptions')
  const addHonour = (typed: string) => {
    const name = typed.trim()
    if (name && !requirements.honourOptions.some((o) => o.name === name)) {
      update({ honourOptions: [...requirements.honourOptions, { name, exclusion: 'none', recentYears: 3 }] }, 'honourOptions')
    }
  }
  const toggleEvidence = (kind: TEvidenceKind) =>
    update({ evidence: requirements.evidence.includes(kind) ? requirements.evidence.filter((k) => k !== kind) : [...requirements.evidence, kind] }, 'evidence')

  return (
    <Card title="资格信息与证明材料" className="setup-requirements">
      <Toggle
        on={requirements.residence === 'hukou_or_insurance'}
        label="职工组填报户籍或社保"
        hint={`本地户籍，或在本地连续缴纳社会保险满 ${requirements.minInsuranceMonths} 个月（不足由系统退回）`}
        onChange={(on) => update({ residence: on ? 'hukou_or_insurance' : 'none' }, 'residence')}
      />
      {requirements.residence === 'hukou_or_insurance' && (
        <View className="setup-editor__bar">
          <Input
            className="committee__input setup-requirements__area"
            value={requirements.localArea}
            maxlength={20}
            placeholder="地区，如 天津市"
            onInput={(e) => update({ localArea: e.detail.value }, 'localArea')}
          />
          <Text className="setup-editor__between">社保至少</Text>
          <Input
            className="committee__input setup-editor__number setup-requirements__months"
            type="number"
            value={String(requirements.minInsuranceMonths)}
            onInput={(e) => update({ minInsuranceMonths: Number(e.detail.value) }, 'minInsuranceMonths')}
          />
          <Text className="setup-editor__between">个月</Text>
        </View>
      )}
      <FieldError message={errorAt(`${WHERE}.localArea`) ?? errorAt(`${WHERE}.minInsuranceMonths`)} />
      <Toggle
        on={requirements.skillCertificateRequired}
        label="填报职业技能等级证书编号"
        hint="技能等级为“无”者不填"
        onChange={(on) => update({ skillCertificateRequired: on }, 'skillCertificateRequired')}
      />

      <View className="committee__label">可填报的荣誉（每项填获得年份；上方“不得参赛”的荣誉也在列表中）</View>
      {requirements.honourOptions.map((option, i) => (
        <View key={option.name} className="setup-row setup-requirements__honour">
          <View className="setup-editor__bar">
            <Text className="setup-editor__grow">{option.name}</Text>
            <Text className="setup-editor__link" onClick={() => update({ honourOptions: requirements.honourOptions.filter((_, j) => j !== i) }, 'honourOptions')}>
              删除
            </Text>
          </View>
          <View className="committee__chips">
            {EXCLUSIONS.map((e) => (
              <Chip key={e.value} on={option.exclusion === e.value} label={e.label} onClick={() => setOption(i, { exclusion: e.value })} />
            ))}
          </View>
          {option.exclusion === 'recent' && (
            <View className="setup-editor__bar">
              <Text className="setup-editor__between">近</Text>
              <Input
                className="committee__input setup-editor__number"
                type="number"
                value={String(option.recentYears)}
                onInput={(e) => setOption(i, { recentYears: Number(e.detail.value) })}
              />
              <Text className="setup-editor__between">年内获得者不得参赛</Text>
            </View>
          )}
        </View>
      ))}
      <HonourInput className="setup-requirements__honour-input" placeholder="荣誉名称，例如 全国职工职业技能大赛前三名" onAdd={addHonour} />
      <FieldError message={errorAt(`${WHERE}.honourOptions`)} />

      <View className="committee__label">须上传的证明材料照片</View>
      <View className="committee__chips">
        {(Object.keys(EVIDENCE_KINDS) as TEvidenceKind[]).map((kind) => (
          <Chip key={kind} on={requirements.evidence.includes(kind)} label={EVIDENCE_KINDS[kind]} onClick={() => toggleEvidence(kind)} />
        ))}
      </View>
      <View className="committee__hint">荣誉证书仅在填报了荣誉时需要上传。照片加密保存，仅审核的工会和组委会可以查看，每次查看均有记录。</View>
      <FieldError message={errorAt(WHERE) ?? errorAt(`${WHERE}.evidence`)} />
    </Card>
  )
}
