import { COMPETITION_GROUPS, registrationClosingInstant, unionCodeCheckCharacter, type TUnionKind } from '@contest/shared';

/**
 * Demo data modelled on 津工通〔2020〕31号, the Tianjin "海河工匠杯" notice
 * (shared/reference/001_2fde7f95c29eb5e3.txt).
 */
export const DEMO_COMPETITION = {
  slug: 'tj-haihe-cup',
  name: '“海河工匠杯”技能大赛—天津市职工职业技能大赛',
  organiser: '天津市职工职业技能大赛组织委员会',
  description:
    '职工组参赛选手在本小程序中输入所在区、局、集团公司工会提供的工会代码（或扫描工会发放的二维码），按要求填报；' +
    '各区、局、集团公司工会对管辖内报名人员进行审核，审核通过后自动转大赛组委会确认，经确认即为报名成功。' +
    '审核结果和大赛通知发到小程序“我的 › 消息”，允许订阅的同时通过微信服务通知推送。学生组由学籍所在学校统一组织，集中到各工种承办单位报名。',
  groups: [
    { code: 'worker', name: COMPETITION_GROUPS.worker },
    { code: 'student', name: COMPETITION_GROUPS.student },
  ],
  trades: [
    { code: 'cnc-turning', name: '数控车工', groups: ['worker', 'student'] },
    { code: 'welding', name: '焊工', groups: ['worker', 'student'] },
    { code: 'assembly-fitting', name: '装配钳工', groups: ['worker', 'student'] },
    { code: 'auto-repair', name: '汽车维修工', groups: ['worker', 'student'] },
  ],
} as const;

/** Ages on the deadline; 中华技能大奖 and 全国技术能手 holders may not enter; no full-time students in 职工组. */
export const DEMO_ELIGIBILITY = {
  ageRanges: [
    { groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 60 },
    { groupCode: 'student', tradeCode: null, minAge: 16, maxAge: 25 },
  ],
  excludedHonours: ['中华技能大奖', '全国技术能手'],
  workerResidenceRequired: false,
  noFullTimeStudentsInWorkerGroup: true,
} as const;

/** The competition office is at the city's workers' education and culture centre (notice, section 二). */
export const DEMO_VENUES = [{ code: 'main', name: '天津市职工宣传教育文化中心', address: '天津市' }];

/**
 * The notice's city-final deadline is 31 August. The demo keeps that day but moves it to the
 * next 31 August still ahead of `now`, with registration open for the year before, so that a
 * fresh demo always has an open competition.
 */
export function demoRegistrationWindow(now: Date): { opensAt: Date; closesAt: Date } {
  const year = now.getUTCFullYear();
  const deadlineIn = (y: number) => registrationClosingInstant(new Date(`${y}-08-31T23:59+08:00`));
  const closesAt = deadlineIn(year) > now ? deadlineIn(year) : deadlineIn(year + 1);
  const opensAt = new Date(`${closesAt.getUTCFullYear() - 1}-09-01T00:00:00+08:00`);
  return { opensAt, closesAt };
}

export interface DemoUnion {
  /** Body of the union code; the check character is appended. */
  codeBody: string;
  name: string;
  kind: TUnionKind;
  children?: DemoUnion[];
}

export const DEMO_UNIONS: DemoUnion = {
  codeBody: 'TJZGH',
  name: '天津市总工会',
  kind: 'city',
  children: [
    {
      codeBody: 'HPQ2',
      name: '和平区总工会',
      kind: 'district',
      children: [{ codeBody: 'HPQ2JD', name: '和平区劝业场街道总工会', kind: 'grassroots' }],
    },
    {
      codeBody: 'HXQ3',
      name: '河西区总工会',
      kind: 'district',
      children: [{ codeBody: 'HXQ3YX', name: '河西区友谊路街道总工会', kind: 'grassroots' }],
    },
    { codeBody: 'NKQ4', name: '南开区总工会', kind: 'district' },
    { codeBody: 'BHX5', name: '滨海新区总工会', kind: 'district' },
    { codeBody: 'JTY6', name: '天津市交通运输系统工会', kind: 'bureau' },
    { codeBody: 'JYG7', name: '天津市教育工会', kind: 'bureau' },
    { codeBody: 'TJG8', name: '天津港（集团）有限公司工会', kind: 'group_company' },
    { codeBody: 'GDJ9', name: '天津轨道交通集团有限公司工会', kind: 'group_company' },
  ],
};

export function demoUnionCode(union: Pick<DemoUnion, 'codeBody'>): string {
  return union.codeBody + unionCodeCheckCharacter(union.codeBody);
}
