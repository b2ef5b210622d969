/** Rendering: the text of a check (`ns/pod -> ns/pod:port`), read and written. */
export { formatCheck, parseCheck } from "./check-text";
