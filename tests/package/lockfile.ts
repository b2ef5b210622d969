/**
 * A lockfile for a program that depends only on the packed tarball, pinned to the versions this
 * repository's package-lock.json resolved for the package's dependencies. Without it `npm install`
 * resolves the ranges afresh: versions `npm ci` never fetched, which an offline install cannot find
 * and an online one makes a moving target. With it the consumer gets exactly what the tests here ran
 * against, from the npm cache `npm ci` just filled.
 */

interface LockEntry {
  version?: string;
  dependencies?: { [name: string]: string };
  optionalDependencies?: { [name: string]: string };
  peerDependencies?: { [name: string]: string };
  peerDependenciesMeta?: { [name: string]: { optional?: boolean } };
  [field: string]: unknown;
}

interface Lock {
  lockfileVersion: number;
  packages: { [path: string]: LockEntry };
}

/** What an installed package needs at run time: its dependencies and its required peers. */
function needs(entry: LockEntry): { name: string; optional: boolean }[] {
  const required = Object.keys(entry.peerDependencies ?? {}).filter(
    (n) => !entry.peerDependenciesMeta?.[n]?.optional,
  );
  return [
    ...[...Object.keys(entry.dependencies ?? {}), ...required].map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
  ];
}

/**
 * The entries of `lock` that the root package's runtime dependencies reach, found the way Node
 * resolves a require: the nearest `node_modules/<name>` from the dependent's folder up.
 */
export function runtimeTree(lock: Lock): { [path: string]: LockEntry } {
  const tree: { [path: string]: LockEntry } = {};
  const visit = (from: string, entry: LockEntry) => {
    for (const { name, optional } of needs(entry)) {
      let dir = from;
      let found: string | undefined;
      for (;;) {
        const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
        if (lock.packages[candidate]) {
          found = candidate;
          break;
        }
        if (!dir) break;
        const up = dir.lastIndexOf("/node_modules/");
        dir = up < 0 ? "" : dir.slice(0, up);
      }
      if (!found) {
        if (optional) continue;
        throw new Error(`package-lock.json has no ${name} for ${from || "the root"}`);
      }
      if (tree[found]) continue;
      // Reached from a runtime dependency, so not a dev-only package for the consumer.
      const { dev: _dev, devOptional: _devOptional, ...kept } = lock.packages[found];
      tree[found] = kept;
      visit(found, kept);
    }
  };
  const { devDependencies: _dev, ...root } = lock.packages[""];
  visit("", root);
  return tree;
}

/** package.json and package-lock.json of a program whose one dependency is the packed tarball. */
export function consumerLock(
  projectLock: Lock,
  packed: { name: string; version: string; filename: string; integrity: string },
  manifest: { [field: string]: unknown },
) {
  const spec = `file:../${packed.filename}`;
  const pkg = { name: "consumer", version: "1.0.0", private: true, dependencies: { [packed.name]: spec } };
  const own = projectLock.packages[""];
  const lock = {
    name: pkg.name,
    version: pkg.version,
    lockfileVersion: projectLock.lockfileVersion,
    requires: true,
    packages: {
      "": { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies },
      [`node_modules/${packed.name}`]: {
        version: packed.version,
        resolved: spec,
        integrity: packed.integrity,
        license: manifest.license,
        dependencies: own.dependencies,
        bin: own.bin,
        engines: own.engines,
      },
      ...runtimeTree(projectLock),
    },
  };
  return { pkg, lock };
}
