import { z } from 'zod';
import { ZCompetitionSetupInput, ZCompetitionSetupUpdateInput, type TCompetitionSetupInput } from '@contest/shared';
import { competitionSetupInput } from '../support/competitionSetup';

// The BFF sets this locale globally (bff/src/app.ts); schema tests apply it per parse.
const zhCN = z.locales.zhCN().localeError;

const UNION = '0123456789abcdef01234567';

const setup = (overrides: Partial<TCompetitionSetupInput> = {}) => competitionSetupInput([UNION], overrides);

function problems(input: unknown): Record<string, string> {
  const result = ZCompetitionSetupInput.safeParse(input, { error: zhCN });
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('ZCompetitionSetupInput', () => {
  it('fills in the defaults: draft, excluded honours, no full-time students in the worker group', () => {
    const parsed = ZCompetitionSetupInput.parse(setup());
    expect(parsed.publication).toBe('draft');
    expect(parsed.eligibility).toEqual({
      referenceDate: null,
      ageRanges: [],
      excludedHonours: ['中华技能大奖', '全国技术能手'],
      workerResidenceRequired: false,
      noFullTimeStudentsInWorkerGroup: true,
    });
    expect(parsed.quotas).toEqual([]);
    expect(parsed.venues).toEqual([]);
  });

  it('names each bad field in Chinese', () => {
    expect(problems({ trades: [{ code: 'Weld ing', groups: [] }] })).toEqual({
      name: '请填写赛事名称',
      organiser: '请填写主办单位',
      registrationOpensAt: '日期格式不正确',
      registrationClosesAt: '日期格式不正确',
      groups: '请设置组别',
      'trades.0.code': '工种代码只能包含小写字母、数字和短横线，最长 32 位',
      'trades.0.name': '请填写工种名称',
      'trades.0.groups': '请为工种选择至少一个组别',
    });
  });

  it('checks the parts against each other', () => {
    expect(
      problems(
        setup({
          registrationClosesAt: '2027-02-01T00:00:00+08:00',
          trades: [
            { code: 'welding', name: '焊工', groups: ['worker'] },
            { code: 'welding', name: '电焊工', groups: ['worker'] },
          ],
          quotas: [
            { unionId: UNION, tradeCode: 'welding', groupCode: 'student', places: 1 },
            { unionId: 'fedcba9876543210fedcba98', tradeCode: 'turning', groupCode: 'worker', places: -1 },
          ],
          eligibility: { ageRanges: [{ groupCode: 'worker', tradeCode: null, minAge: 40, maxAge: 18 }] },
          venues: [
            { code: 'main', name: '主赛场' },
            { code: 'main', name: '副赛场' },
          ],
        }),
      ),
    ).toEqual({
      registrationClosesAt: '报名截止时间必须晚于开始时间',
      'trades.1.code': '工种代码重复',
      'quotas.0.groupCode': '该工种不设此组别',
      'quotas.1.places': '名额不能为负数',
      'quotas.1.unionId': '该工会未参加本赛事',
      'quotas.1.tradeCode': '工种不存在',
      'eligibility.referenceDate': '设置了年龄范围，请填写年龄计算基准日',
      'eligibility.ageRanges.0.maxAge': '最大年龄不能小于最小年龄',
      'venues.1.code': '赛场代码重复',
    });
  });

  it('asks for the reference date once there are age ranges, and checks quotas against participating unions', () => {
    expect(
      problems(
        setup({
          quotas: [{ unionId: 'fedcba9876543210fedcba98', tradeCode: 'turning', groupCode: 'worker', places: 1 }],
          eligibility: { ageRanges: [{ groupCode: 'student', tradeCode: 'welding', minAge: 16, maxAge: 22 }] },
        }),
      ),
    ).toEqual({
      'eligibility.referenceDate': '设置了年龄范围，请填写年龄计算基准日',
      'quotas.0.unionId': '该工会未参加本赛事',
      'quotas.0.tradeCode': '工种不存在',
    });
  });

  it('takes a change only with the version it was made from', () => {
    expect(ZCompetitionSetupUpdateInput.safeParse({ setup: setup() }, { error: zhCN }).error?.issues[0]?.message).toBe(
      '缺少版本号，请刷新后重试',
    );
    expect(ZCompetitionSetupUpdateInput.parse({ version: 3, setup: setup() }).version).toBe(3);
  });
});
