export default definePageConfig({
  navigationBarTitleText: '消息',
  // Load the next page a little before the bottom is reached.
  onReachBottomDistance: 120,
})
