/**
 * One clock for the BFF and every browser: it starts at `start` and runs, and `moveTo` moves them
 * all (the 公示 is counted in working days, and sessions expire by the phone's clock too).
 */
import type { People, Person } from './chromium'

export class SharedClock {
  private shift: number

  constructor(start: string) {
    this.shift = new Date(start).getTime() - Date.now()
  }

  /** The BFF's clock (startTestBff's `clock`). */
  readonly now = (): Date => new Date(Date.now() + this.shift)

  /** A person of `people` whose browser keeps this clock. */
  async launch(people: People, viewport?: { width: number; height: number }): Promise<Person> {
    const person = await people.launch(viewport)
    await person.context.clock.install({ time: this.now() })
    return person
  }

  async moveTo(people: People, iso: string): Promise<void> {
    this.shift = new Date(iso).getTime() - Date.now()
    for (const person of people.all) await person.context.clock.setSystemTime(this.now())
  }
}
