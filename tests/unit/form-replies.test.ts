// The one reply shape of a form action (docs/decisions/0103-forms.md): what a page reads from it.
import { describe, expect, it } from "vitest";
import { replyProblem } from "~/components/ui/FormProblem";
import { invalidSubmission, refusedSubmission, savedSubmission, type FormReply } from "~/utils/forms.server";

async function body(response: Response): Promise<FormReply> {
  return (await response.json()) as FormReply;
}

describe("form replies", () => {
  it("a business refusal carries its message as the form's own error, with its status, and nothing saved", async () => {
    const response = refusedSubmission("订单状态已变化", { intent: "cancel", status: 409 });
    expect(response.status).toBe(409);
    const reply = await body(response);
    expect(reply.saved).toBeNull();
    expect(replyProblem(reply)).toBe("订单状态已变化");
    expect(replyProblem(reply, "cancel")).toBe("订单状态已变化");
    expect(replyProblem(reply, "rate")).toBeNull();
  });

  it("a field refusal lists the form's error first, then each field's, once each; formOnly keeps the form's", async () => {
    const reply = await body(invalidSubmission({ status: "error", error: { "": ["表单有误"], title: ["必填"], email: ["必填", "格式不对"] } }));
    expect(replyProblem(reply)).toBe("表单有误 必填 格式不对");
    expect(replyProblem(reply, null, true)).toBe("表单有误");
  });

  it("a saved reply and no reply show no problem", async () => {
    const saved = await body(savedSubmission({ reply: () => ({ status: "success" }) }, "已保存。"));
    expect(saved.saved).toBe("已保存。");
    expect(replyProblem(saved)).toBeNull();
    expect(replyProblem(undefined)).toBeNull();
  });
});
