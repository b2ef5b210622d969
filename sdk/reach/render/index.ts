/** Rendering: the text of a check (`ns/pod -> ns/pod:port`) and of a verdict's explanation. */
export { formatCheck, parseCheck } from "./check-text";
export { loopbackVerdict, verdictOf } from "./explain";
