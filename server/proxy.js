// TRUST_PROXY says which peers may tell us the client's address, protocol and host (X-Forwarded-*). Unset, no
// one may: the socket's address is the client, and a forged X-Forwarded-For is ignored. Values are Express's
// "trust proxy" forms: a hop count ("1"), or addresses/subnets/names ("loopback", "10.0.0.0/8, 192.168.1.5").
export function trustProxySetting(value) {
  const text = (value ?? "").trim();
  if (text === "" || text === "false") return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "true") throw new Error("TRUST_PROXY=true would trust anyone's X-Forwarded-For; name the proxy or a hop count");
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}
