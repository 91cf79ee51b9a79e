/**
 * Distinct, valid people for `bench:register`: person `i` has an ID number no other `i` has
 * (birth date and sequence number from the counter, check character computed), is 18–59 on the
 * competition's reference date, and registers with one of the participating second-level demo
 * unions and one of the demo trades.
 */
import { ZRegistrationSubmitInput, ageOn, parseNationalId, type TRegistrationSubmitInput } from '@contest/shared';
import { DEMO_COMPETITION, DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData';
import { registrationInput, validNationalId } from '../support/registration';

const DAY_MS = 86_400_000;
/** 天津市河西区: any valid region would do, the rules check only the province. */
const REGION = '120103';
const SEQUENCES = 1000;

/** The district, bureau and group-company unions directly under the city's: all take part in the demo competition. */
export const PARTICIPATING_UNION_CODES: readonly string[] = (DEMO_UNIONS.children ?? []).map(demoUnionCode);
const TRADE_CODES: readonly string[] = DEMO_COMPETITION.trades.map((trade) => trade.code);

export class People {
  private readonly firstDay: number;
  private readonly days: number;
  /** How many distinct people this factory can make. */
  readonly capacity: number;

  /** `referenceDate` (YYYY-MM-DD): the day ages are counted on. */
  constructor(
    private readonly competitionId: string,
    private readonly referenceDate: string,
  ) {
    const year = Number(referenceDate.slice(0, 4));
    // Born in [year-59, year-19]: 18 or older and at most 59 on any day of `year`.
    this.firstDay = Date.UTC(year - 59, 0, 1);
    this.days = Math.round((Date.UTC(year - 19, 11, 31) - this.firstDay) / DAY_MS) + 1;
    this.capacity = this.days * SEQUENCES;
  }

  nationalId(i: number): string {
    if (!Number.isInteger(i) || i < 0 || i >= this.capacity) throw new RangeError(`person ${i} is beyond ${this.capacity}`);
    const birth = new Date(this.firstDay + (i % this.days) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
    return validNationalId(birth, Math.floor(i / this.days), REGION);
  }

  body(i: number): TRegistrationSubmitInput {
    return registrationInput(this.competitionId, {
      unionCode: PARTICIPATING_UNION_CODES[i % PARTICIPATING_UNION_CODES.length] as string,
      nationalId: this.nationalId(i),
      mobile: `13${String(i % 1_000_000_000).padStart(9, '0')}`,
      tradeCode: TRADE_CODES[i % TRADE_CODES.length] as string,
      groupCode: 'worker',
    });
  }

  /** Throws unless the first and last people this factory makes pass the BFF's own rules. */
  selfCheck(today: string): void {
    for (const i of [0, this.days - 1, this.days, this.capacity - 1]) {
      const body = ZRegistrationSubmitInput.parse(this.body(i));
      const id = parseNationalId(body.nationalId, today);
      if (!id.ok) throw new Error(`person ${i}: ${id.message}`);
      const age = ageOn(id.birthDate, this.referenceDate);
      if (age < 18 || age > 60) throw new Error(`person ${i} is ${age} on ${this.referenceDate}`);
    }
    if (this.nationalId(0) === this.nationalId(this.days) || this.nationalId(1) === this.nationalId(0)) throw new Error('ID numbers repeat');
  }
}
