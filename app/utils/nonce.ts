import { createContext, useContext } from "react";

/** The CSP nonce of this response, handed from entry.server to the document's inline scripts. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
