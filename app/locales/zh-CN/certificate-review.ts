export const certificateReview = {
  title: "扶贫产品认定审核",
  empty: "没有待审核的认定申请。",
  product: "商品",
  supplier: "供应商",
  submittedAt: "提交时间",
  document: "证书文件",
  approve: "通过",
  reject: "不通过",
  reason: "审核意见",
  reasonRequired: "不通过时请填写原因",
  decided: "已处理",
};
