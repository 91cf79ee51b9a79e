/**
 * The notification catalogue (shared/src/notifications.ts): every value sent to WeChat stays within
 * its keyword's limit without breaking a character, and every event has a template and a page.
 */
import fc from 'fast-check';
import {
  KEYWORD_MAX_LENGTH,
  MINIAPP_PAGES,
  NOTIFICATION_KINDS,
  notificationPage,
  subscribeMessageData,
  subscribeTemplatesAhead,
  truncateKeywordValue,
  type NotificationValues,
} from '@contest/shared';

const codePointCount = (s: string) => Array.from(s).length;
const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Any string, lone surrogates, emoji and astral 汉字 included. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary-ascii' }));
const limit = fc.integer({ min: 1, max: 40 });

describe('truncateKeywordValue', () => {
  test('never over the limit and never a lone surrogate', () => {
    fc.assert(
      fc.property(anyText, limit, (value, max) => {
        const cut = truncateKeywordValue(value, max);
        expect(codePointCount(cut)).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(cut)).toBe(false);
      }),
    );
  });

  test('a well-formed value within the limit comes back unchanged, and cutting twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), limit, (value, max) => {
        const cut = truncateKeywordValue(value, max);
        if (codePointCount(value) <= max) expect(cut).toBe(value);
        expect(truncateKeywordValue(cut, max)).toBe(cut);
      }),
    );
  });

  test('a cut value keeps its first characters whole and ends in …', () => {
    // 𠀀 (U+20000) is two UTF-16 units: a cut by units would split it.
    expect(truncateKeywordValue('𠀀'.repeat(25), 20)).toBe(`${'𠀀'.repeat(19)}…`);
    expect(truncateKeywordValue('河西区总工会职工技能大赛', 5)).toBe('河西区总…');
    expect(truncateKeywordValue('通过', 5)).toBe('通过');
  });
});

describe('subscribeMessageData', () => {
  const values = fc.record({
    competition: anyText,
    trade: anyText,
    person: anyText,
    note: anyText,
    title: anyText,
    body: anyText,
    passNumber: anyText,
    place: anyText,
    at: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    startsAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  });

  test('every keyword of every event is non-empty and within WeChat’s limit for its type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KINDS), values, (kind, event: NotificationValues) => {
        for (const [keyword, { value }] of Object.entries(subscribeMessageData(kind, event))) {
          const type = /^([a-z_]+?)\d+$/.exec(keyword)![1]! as keyof typeof KEYWORD_MAX_LENGTH | 'time';
          expect(value.length).toBeGreaterThan(0);
          expect(hasLoneSurrogate(value)).toBe(false);
          if (type === 'time') expect(value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
          else expect(codePointCount(value)).toBeLessThanOrEqual(KEYWORD_MAX_LENGTH[type]);
        }
      }),
    );
  });

  test('a union rejection shows the result, the reason and the time in China', () => {
    const data = subscribeMessageData('union_rejected', {
      competition: '2026年天津市职工职业技能大赛',
      trade: '电工',
      person: '张三',
      note: '身份证照片不清晰，请重新上传',
      at: '2026-12-03T01:30:00.000Z',
    });
    expect(data).toEqual({
      thing1: { value: '2026年天津市职工职业技能大赛' },
      thing2: { value: '电工' },
      name3: { value: '张三' },
      phrase4: { value: '未通过' },
      thing5: { value: '身份证照片不清晰，请重新上传' },
      time6: { value: '2026年12月3日 09:30' },
    });
  });

  test('a results notice (公示 opened) shows the trade, the worker’s own standing and the closing date in the competition notice template', () => {
    const data = subscribeMessageData('results_announced', {
      competition: '2026年天津市职工职业技能大赛',
      title: '汽车维修工成绩公示',
      body: '第3名 铜奖，公示至10月10日',
      at: '2026-09-28T02:00:00.000Z',
    });
    expect(data).toEqual({
      thing1: { value: '汽车维修工成绩公示' },
      thing2: { value: '第3名 铜奖，公示至10月10日' },
      thing3: { value: '2026年天津市职工职业技能大赛' },
      time4: { value: '2026年9月28日 10:00' },
    });
    expect(notificationPage('results_final', 'abc')).toBe(`${MINIAPP_PAGES.registrationDetail}?id=abc`);
  });

  test('an issued pass shows its number, when the session starts (China time) and where', () => {
    const data = subscribeMessageData('pass_issued', {
      competition: '2026年天津市职工职业技能大赛',
      trade: '焊工',
      passNumber: '00012344',
      place: '天津市职工宣传教育文化中心 A-003',
      startsAt: '2027-09-20T01:00:00.000Z',
      at: '2027-09-01T01:30:00.000Z',
    });
    expect(data).toEqual({
      thing1: { value: '2026年天津市职工职业技能大赛' },
      thing2: { value: '焊工' },
      character_string3: { value: '00012344' },
      time4: { value: '2027年9月20日 09:00' },
      thing5: { value: '天津市职工宣传教育文化中心 A-003' },
    });
  });
});

test('registration events open the registration, a pass its pass, announcements the announcement', () => {
  expect(notificationPage('committee_confirmed', 'abc')).toBe(`${MINIAPP_PAGES.registrationDetail}?id=abc`);
  expect(notificationPage('committee_disqualified', 'abc')).toBe(`${MINIAPP_PAGES.registrationDetail}?id=abc`);
  expect(notificationPage('pass_issued', 'abc')).toBe('packageRegister/pages/pass/index?id=abc');
  expect(notificationPage('announcement', 'def')).toBe(`${MINIAPP_PAGES.announcement}?id=def`);
});

describe('subscribeTemplatesAhead: which grants to ask for at a tap', () => {
  test('a submitted registration asks for its path, nearest first: the union’s result, the committee’s confirmation, then its pass', () => {
    expect(subscribeTemplatesAhead(['submitted'])).toEqual(['audit_result', 'registration_confirmed', 'exam_arrangement']);
  });

  test('after the union’s approval: the committee’s decision (a rejection is an audit result), then the pass', () => {
    expect(subscribeTemplatesAhead(['union_approved'])).toEqual(['audit_result', 'registration_confirmed', 'exam_arrangement']);
  });

  test('a confirmed registration still awaits its pass (考场安排), a possible disqualification (an audit result), and announcements', () => {
    expect(subscribeTemplatesAhead(['confirmed'])).toEqual(['audit_result', 'exam_arrangement', 'competition_notice']);
  });

  test('a rejected registration gets no pass: only announcements; the worker’s resubmission asks again at its own tap', () => {
    for (const status of ['committee_rejected', 'union_rejected'] as const) {
      expect(subscribeTemplatesAhead([status])).toEqual(['competition_notice']);
    }
  });

  test('a withdrawn registration expects nothing, and no registration asks for nothing', () => {
    expect(subscribeTemplatesAhead(['withdrawn'])).toEqual([]);
    expect(subscribeTemplatesAhead([])).toEqual([]);
  });

  test('templates the deployment has no id for take no place: the next ones fill the 3', () => {
    expect(subscribeTemplatesAhead(['submitted'], ['audit_result', 'competition_notice', 'exam_arrangement'])).toEqual([
      'audit_result',
      'exam_arrangement',
      'competition_notice',
    ]);
    expect(subscribeTemplatesAhead(['union_approved'], ['competition_notice'])).toEqual(['competition_notice']);
  });

  test('several registrations ask once for what any of them still awaits, nearest first, at most 3 templates', () => {
    expect(subscribeTemplatesAhead(['confirmed', 'withdrawn'])).toEqual(['audit_result', 'exam_arrangement', 'competition_notice']);
    // The confirmed one's pass comes at the next step, before the submitted one's confirmation.
    expect(subscribeTemplatesAhead(['submitted', 'confirmed'])).toEqual(['audit_result', 'exam_arrangement', 'registration_confirmed']);
    expect(subscribeTemplatesAhead(['union_rejected', 'withdrawn'])).toEqual(['competition_notice']);
  });
});
