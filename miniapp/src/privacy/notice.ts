import { PRIVACY_NOTICE_VERSION } from '@contest/shared'

/**
 * The privacy notice a person accepts before giving an ID number or phone number. Its version is
 * the shared PRIVACY_NOTICE_VERSION: when the text changes in substance, the version changes
 * in shared/src/auth.ts and everyone is asked again.
 */
export const PRIVACY_NOTICE = {
  title: '个人信息保护说明',
  version: PRIVACY_NOTICE_VERSION,
  intro:
    '职工职业技能大赛报名小程序由大赛组委会及各级工会使用。我们依据《中华人民共和国个人信息保护法》处理您的个人信息，请您在报名前仔细阅读。',
  sections: [
    {
      heading: '我们收集哪些信息',
      body: '报名时，我们会收集您的姓名、身份证号、手机号和工作单位（所属工会）。身份证号属于敏感个人信息，仅用于核验参赛资格（年龄、身份）和现场检录。',
    },
    {
      heading: '为什么收集',
      body: '用于大赛报名、所属工会审核、组委会确认参赛资格和比赛现场检录，并把审核结果和大赛通知发到小程序“我的 › 消息”。不会用于与大赛无关的用途。',
    },
    {
      heading: '消息推送',
      body: '只有您在微信的订阅提示中点了“允许”，我们才以微信服务通知推送相应消息，每次允许只推送一条；不允许也不影响报名，所有消息都可在“我的 › 消息”中查看。您所属的工会能看到您是否还能收到推送，以便必要时电话联系您。',
    },
    {
      heading: '谁能看到',
      body: '只有您所属工会的审核人员、大赛组委会和比赛现场的签到工作人员，在各自职责范围内可以查看；身份证号和手机号在列表中部分隐藏显示。除法律法规另有规定外，我们不会向其他单位或个人提供您的信息。',
    },
    {
      heading: '保存多久',
      body: '您的报名信息保存至本届大赛结束后一年，用于成绩查询和证书核验；期满后删除或匿名化处理。填写中尚未提交的内容仅暂存在您的手机上，提交成功后或30天后自动清除。',
    },
    {
      heading: '您的权利',
      body: '您可以查阅、更正您的信息，也可以撤回同意或要求删除（撤回后将无法继续报名）。如有疑问，请联系所属工会或大赛组委会。',
    },
  ],
  closing: '点击“同意”即表示您已阅读并同意本说明。不同意不影响浏览赛事信息，但无法报名参赛。',
} as const
