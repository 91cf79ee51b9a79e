export default definePageConfig({
  navigationBarTitleText: '职工职业技能大赛',
})
