export const auth = {
  title: "登录帮扶集采",
  username: "用户名",
  password: "密码",
  submit: "登录",
  invalid: "用户名或密码不正确",
  rateLimited: "登录失败次数过多，请 15 分钟后再试",
  required: "请填写此项",
  forgotPassword: "忘记密码？请联系本单位工会主席、县区工会或平台管理员发放重置链接。",
  demoHint: "演示账号见 README，密码均为 bangfu2026",
};
