/**
 * The journey's step recorder on its own (no browser): a failed step is still recorded with its
 * error and picture, the report is on disk before the failure reaches the test, and a picture
 * that never comes does not keep the report from being written.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { JourneyReport, type Pictured } from './support/journeyReport'

let dir: string

beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'journey-report-')), 'journey')
})

afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }))

/** Someone whose screenshot is a small file named as asked. */
const camera: Pictured = {
  async screenshot(name, into) {
    fs.writeFileSync(path.join(into!, `${name}.png`), 'png')
  },
}

it('records each step with its timings and picture, and writes the report before a failed step fails the test', async () => {
  const report = new JourneyReport(dir, '全流程')
  await report.step('职工提交报名', camera, async () => undefined)
  const failing = report.step('工会审核通过', camera, async () => {
    throw new Error('页面上没有“待组委会确认”')
  })
  await expect(failing).rejects.toThrow('页面上没有“待组委会确认”')

  expect(report.steps.map(({ name, passed, screenshot }) => ({ name, passed, screenshot }))).toEqual([
    { name: '职工提交报名', passed: true, screenshot: '01.png' },
    { name: '工会审核通过', passed: false, screenshot: '02.png' },
  ])
  for (const step of report.steps) expect(step.endedMs).toBeGreaterThanOrEqual(step.startedMs)
  expect(fs.existsSync(path.join(dir, '02.png'))).toBe(true)
  const html = fs.readFileSync(report.file, 'utf8')
  expect(html).toContain('1. 职工提交报名')
  expect(html).toContain('2. 工会审核通过 <small>失败')
  expect(html).toContain('页面上没有“待组委会确认”')
  expect(html).toContain('<img src="02.png"')
  expect(html).toContain('1 步失败')
})

it('still writes the report when a failed step’s page gives no picture', async () => {
  const report = new JourneyReport(dir, '全流程')
  const stuck: Pictured = { screenshot: () => new Promise(() => undefined) }
  await expect(report.step('现场签到', stuck, () => Promise.reject(new Error('签到失败')))).rejects.toThrow('签到失败')
  expect(report.steps[0]).toMatchObject({ passed: false, screenshot: null })
  expect(fs.readFileSync(report.file, 'utf8')).toContain('（无截图）')
})
