import { z } from 'zod';
import { normalizeUnionCode } from './typedInput';

/**
 * 市总工会 › 区总工会 / 局工会 / 集团公司工会 › 基层工会; beside them 学校 (the student group registers
 * with its school's code: 001_… organises students by the school holding their 学籍).
 */
export const ZUnionKind = z.enum(['city', 'district', 'bureau', 'group_company', 'grassroots', 'school']);
export type TUnionKind = z.infer<typeof ZUnionKind>;

export const UNION_KIND_LABELS: Record<TUnionKind, string> = {
  city: '市总工会',
  district: '区总工会',
  bureau: '局工会',
  group_company: '集团公司工会',
  grassroots: '基层工会',
  school: '学校',
};

/** 工会代码 as handed to workers: letters and digits, case-insensitive, full-width or with spaces as typed. */
export const ZUnionCode = z
  .string()
  .overwrite(normalizeUnionCode)
  .regex(/^[0-9A-Z]{4,16}$/, '工会代码应为 4–16 位字母或数字');

export const ZUnion = z.object({
  id: z.string(),
  code: ZUnionCode,
  name: z.string().min(1).max(80),
  kind: ZUnionKind,
  parentId: z.string().nullable(),
});
export type TUnion = z.infer<typeof ZUnion>;
