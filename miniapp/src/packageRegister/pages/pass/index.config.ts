export default definePageConfig({
  navigationBarTitleText: '准考证',
})
