export const budgetLeft = {
  label: "预算余额",
  explained: "预算余额 = 本年福利费预算 − 未取消、未驳回的平台订单（无论是否已付款）− 平台外福利支出。",
};
