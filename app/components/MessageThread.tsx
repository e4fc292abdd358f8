import { Form } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { useT } from "~/utils/i18n";
import { ordersArea } from "~/locales/area/orders";

export interface ThreadMessage {
  id: number;
  side: string;
  author: string;
  text: string;
  photo: string | null;
  createdAt: string;
}

/** The messages between the union and one supplier about their part, with the form to write one. */
export function MessageThread({ subOrderId, messages, mine }: { subOrderId: number; messages: ThreadMessage[]; mine: "UNION" | "SUPPLIER" }) {
  const t = useT(ordersArea);
  const m = t.orders.messages;
  return (
    <div className="flex flex-col gap-2 border-t border-stone-200 pt-2 text-sm" data-testid="thread">
      <h3 className="font-semibold">{m.title}</h3>
      {messages.length === 0 ? <p className="text-stone-600">{m.none}</p> : null}
      <ul className="flex flex-col gap-2">
        {messages.map((x) => (
          <li key={x.id} className={`max-w-[90%] rounded p-2 ${x.side === mine ? "self-end bg-brand-50" : "self-start bg-stone-100"}`} data-testid="message">
            <p className="text-xs text-stone-600">
              {x.author} · <DateText value={x.createdAt} withTime />
            </p>
            <p className="break-words">{x.text}</p>
            {x.photo ? (
              <a href={`/files/${x.photo}`} target="_blank" rel="noreferrer">
                <img src={`/files/${x.photo}`} alt={m.photoAlt} className="mt-1 h-24 w-24 rounded border object-cover" />
              </a>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" encType="multipart/form-data" className="flex flex-col gap-2">
        <input type="hidden" name="intent" value="message" />
        <input type="hidden" name="subOrderId" value={subOrderId} />
        <label htmlFor={`message-${subOrderId}`} className="field-label">
          {m.write}
        </label>
        <textarea id={`message-${subOrderId}`} name="text" rows={2} className="input" />
        <label htmlFor={`message-photo-${subOrderId}`} className="field-label">
          {m.photo}
        </label>
        <input id={`message-photo-${subOrderId}`} name="photo" type="file" accept="image/jpeg,image/png,image/webp" className="text-sm" />
        <button type="submit" className="btn-secondary self-start">
          {m.send}
        </button>
      </Form>
    </div>
  );
}
