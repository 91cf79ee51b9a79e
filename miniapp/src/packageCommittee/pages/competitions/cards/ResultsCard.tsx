import { Button, Text, View } from '@tarojs/components'
import { AWARD_LABELS, ZAward } from '@contest/shared'
import type { TSetupForm } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import LabelledInput from '../parts/LabelledInput'
import {
  addHonourRow,
  EXCELLENCE_KIND_LABELS,
  TEAM_METHOD_LABELS,
  TIE_RULE_LABELS,
  toggleHonourAward,
  weightsOfRow,
  type THonourRow,
  type TResultsForm,
} from '../resultsForm'
import type { TCardProps } from './cardProps'

const TIE_RULES = Object.keys(TIE_RULE_LABELS) as (keyof typeof TIE_RULE_LABELS)[]
const TEAM_METHODS = Object.keys(TEAM_METHOD_LABELS) as (keyof typeof TEAM_METHOD_LABELS)[]
const EXCELLENCE_KINDS = Object.keys(EXCELLENCE_KIND_LABELS) as (keyof typeof EXCELLENCE_KIND_LABELS)[]
const MEDALS = [
  { field: 'gold', label: AWARD_LABELS.gold },
  { field: 'silver', label: AWARD_LABELS.silver },
  { field: 'bronze', label: AWARD_LABELS.bronze },
] as const

/** 成绩与奖项: how scores become totals, ranks, awards, honours and team standings, and how long the 公示 runs. */
export default function ResultsCard({ form, errorAt, change }: TCardProps) {
  const results = form.results
  const setResults = (patch: Partial<TResultsForm>, ...where: string[]) => change((f) => ({ ...f, results: { ...f.results, ...patch } }), ...where)
  const setHonour = (key: string, patch: Partial<THonourRow>) =>
    change((f) => ({ ...f, results: { ...f.results, honours: f.results.honours.map((h) => (h.key === key ? { ...h, ...patch } : h)) } }), `honour:${key}`)
  const addHonour = (f: TSetupForm) => ({ ...f, nextKey: f.nextKey + 1, results: addHonourRow(f.results, `h${f.nextKey}`) })

  return (
    <Card title="成绩与奖项" className="setup-results">
      <View className="committee__label">各工种成绩权重（%）</View>
      {form.trades.map((trade) => {
        const weights = weightsOfRow(results, trade.key)
        const setWeight = (patch: Partial<typeof weights>) => setResults({ weights: { ...results.weights, [trade.key]: { ...weights, ...patch } } }, `weight:${trade.key}`)
        return (
          <View key={trade.key} className="setup-row weight-row">
            <View className="committee__hint">{trade.name.trim() || trade.code}</View>
            <View className="weight-row__inputs">
              <Text className="committee__hint">理论</Text>
              <LabelledInput className="weight-row__theory" type="number" value={weights.theory} placeholder="30" onInput={(theory) => setWeight({ theory })} />
              <Text className="committee__hint">实操</Text>
              <LabelledInput className="weight-row__practical" type="number" value={weights.practical} placeholder="70" onInput={(practical) => setWeight({ practical })} />
            </View>
            <FieldError message={errorAt(`weight:${trade.key}`)} />
          </View>
        )
      })}

      <LabelledInput
        label="总分保留小数位数"
        className="setup-results__precision"
        type="number"
        value={results.precision}
        placeholder="2"
        error={errorAt('results.precision')}
        onInput={(precision) => setResults({ precision }, 'results.precision')}
      />

      <View className="committee__label">总分相同时</View>
      <View className="committee__chips setup-results__tie">
        {TIE_RULES.map((rule) => (
          <Chip key={rule} on={results.tieRule === rule} label={TIE_RULE_LABELS[rule]} onClick={() => setResults({ tieRule: rule }, 'results.tieRule')} />
        ))}
      </View>
      <FieldError message={errorAt('results.tieRule')} />

      <View className="committee__label">每个工种、组别的奖项名额</View>
      {MEDALS.map(({ field, label }) => (
        <LabelledInput
          key={field}
          label={label}
          className={`setup-results__${field}`}
          type="number"
          value={results[field]}
          placeholder="1"
          error={errorAt(`results.awards.${field}`)}
          onInput={(value) => setResults({ [field]: value }, `results.awards.${field}`)}
        />
      ))}
      <View className="committee__label">{AWARD_LABELS.excellence}</View>
      <View className="committee__chips setup-results__excellence-kind">
        {EXCELLENCE_KINDS.map((kind) => (
          <Chip
            key={kind}
            on={results.excellenceKind === kind}
            label={EXCELLENCE_KIND_LABELS[kind]}
            onClick={() => setResults({ excellenceKind: kind }, 'results.awards.excellence')}
          />
        ))}
      </View>
      <LabelledInput
        className="setup-results__excellence"
        type="number"
        value={results.excellence}
        placeholder={results.excellenceKind === 'count' ? '名额' : '占排名考生的百分比'}
        error={errorAt('results.awards.excellence')}
        onInput={(excellence) => setResults({ excellence }, 'results.awards.excellence')}
      />
      {results.awardOverrides.length > 0 && <View className="committee__hint">另有 {results.awardOverrides.length} 个工种组别单独设置了名额，保存时保留。</View>}

      <View className="committee__label">荣誉</View>
      {results.honours.map((row) => (
        <View key={row.key} className="setup-row honour-row">
          <LabelledInput className="honour-row__title" value={row.title} maxLength={40} placeholder="荣誉名称，如：推荐申报全国技术能手" onInput={(title) => setHonour(row.key, { title })} />
          <View className="committee__chips honour-row__group">
            <Chip on={row.groupCode === null} label="全部组别" onClick={() => setHonour(row.key, { groupCode: null })} />
            {form.groups.map((g) => (
              <Chip key={g.code} on={row.groupCode === g.code} label={g.name} onClick={() => setHonour(row.key, { groupCode: g.code })} />
            ))}
          </View>
          <View className="committee__chips honour-row__by">
            <Chip on={row.by === 'rank'} label="按名次" onClick={() => setHonour(row.key, { by: 'rank' })} />
            <Chip on={row.by === 'award'} label="按奖项" onClick={() => setHonour(row.key, { by: 'award' })} />
          </View>
          {row.by === 'rank' ? (
            <LabelledInput className="honour-row__rank" type="number" value={row.upToRank} placeholder="前几名" onInput={(upToRank) => setHonour(row.key, { upToRank })} />
          ) : (
            <View className="committee__chips honour-row__awards">
              {ZAward.options.map((award) => (
                <Chip key={award} on={row.awards.includes(award)} label={AWARD_LABELS[award]} onClick={() => setHonour(row.key, toggleHonourAward(row, award))} />
              ))}
            </View>
          )}
          <FieldError message={errorAt(`honour:${row.key}`)} />
          <Button
            className="committee__small honour-row__remove"
            size="mini"
            onClick={() => change((f) => ({ ...f, results: { ...f.results, honours: f.results.honours.filter((h) => h.key !== row.key) } }), 'results.honours')}
          >
            删除
          </Button>
        </View>
      ))}
      <Button className="committee__small setup-editor__add setup-results__add-honour" size="mini" onClick={() => change(addHonour, 'results.honours')}>
        添加荣誉
      </Button>
      <FieldError message={errorAt('results.honours')} />

      <View className="committee__label">团体成绩（按工会）</View>
      <View className="committee__chips setup-results__team">
        {TEAM_METHODS.map((method) => (
          <Chip key={method} on={results.teamMethod === method} label={TEAM_METHOD_LABELS[method]} onClick={() => setResults({ teamMethod: method }, 'results.teamStanding')} />
        ))}
      </View>
      {results.teamMethod === 'best_n' && (
        <LabelledInput className="setup-results__team-n" type="number" value={results.teamN} placeholder="N" onInput={(teamN) => setResults({ teamN }, 'results.teamStanding')} />
      )}
      <FieldError message={errorAt('results.teamStanding')} />

      <LabelledInput
        label="成绩公示的工作日数（至少 5 个）"
        className="setup-results__working-days"
        type="number"
        value={results.announcementWorkingDays}
        placeholder="5"
        error={errorAt('results.announcementWorkingDays')}
        onInput={(announcementWorkingDays) => setResults({ announcementWorkingDays }, 'results.announcementWorkingDays')}
      />
      <FieldError message={errorAt('results.awardOverrides')} />
    </Card>
  )
}
