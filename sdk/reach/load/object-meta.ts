import { FieldError } from "../model/errors";
import type { K8sObject } from "../model/model";
import { isRecord } from "../model/parse";

/**
 * What the API server refuses in an object's name and namespace, before any reader sees it
 * (apimachinery validation; its labels are checked where they are read, `parse.ts` `labelsAt`). A
 * manifest breaking these is never applied, so judging it would answer for a cluster that cannot exist.
 */

/** RFC 1123 label (IsDNS1123Label): Namespaces, and every `metadata.namespace`. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label (IsDNS1035Label): Services. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain (IsDNS1123Subdomain): most kinds. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const LABEL_RULE =
  "an RFC 1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name')";
const SERVICE_RULE =
  "an RFC 1035 label: at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'my-name')";
const SUBDOMAIN_RULE =
  "an RFC 1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')";

/** Why `name` cannot name an object of `kind`, or `undefined`. */
export function objectNameProblem(kind: string, name: string): string | undefined {
  if (kind === "Namespace")
    return name.length <= 63 && DNS1123_LABEL.test(name)
      ? undefined
      : `a Namespace name must be ${LABEL_RULE}`;
  if (kind === "Service")
    return name.length <= 63 && DNS1035_LABEL.test(name)
      ? undefined
      : `a Service name must be ${SERVICE_RULE}`;
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : `a ${kind} name must be ${SUBDOMAIN_RULE}`;
}

/** Throws a FieldError for the first part of `obj`'s metadata the API server would refuse. */
export function checkObjectMeta(obj: K8sObject): void {
  const meta = obj.metadata;
  if (!isRecord(meta)) return;
  const name = meta.name;
  if (typeof name === "string") {
    const problem = objectNameProblem(obj.kind ?? "", name);
    if (problem)
      throw new FieldError(
        "metadata.name",
        `${JSON.stringify(name)} is refused by the API server: ${problem}`,
      );
  }
  const namespace = meta.namespace;
  if (typeof namespace === "string" && !(namespace.length <= 63 && DNS1123_LABEL.test(namespace)))
    throw new FieldError(
      "metadata.namespace",
      `${JSON.stringify(namespace)} is refused by the API server: a namespace must be ${LABEL_RULE}`,
    );
}
