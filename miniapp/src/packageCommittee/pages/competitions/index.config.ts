export default definePageConfig({
  navigationBarTitleText: '赛事设置',
})
